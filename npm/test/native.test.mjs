// The Node command against the native CLI (`IMDSV2_NATIVE`, built by `cargo build --release`)
// on every corpus file and fixture: the same standard output byte for byte, the same standard
// error and the same exit code. Harness wrappers (Scalr `*_mock.json`, `custodian__*`) and the
// bad fixtures are rejected by both with exit 2, and compared all the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const native = process.env.IMDSV2_NATIVE;
// In process, so ~100 inputs x 4 formats cost no Node start-ups; package.test.mjs runs the
// command itself as a process.
const { run: runNode } = createRequire(import.meta.url)(path.join(root, "pkg/cli.cjs"));
process.chdir(root);

function files(dir, keep = () => true) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(path.join(root, f)).isFile() && keep(f));
}

/** Every input, with the flags it is checked with (`NAME.options` beside a fixture). */
function inputs() {
  const out = [];
  for (const f of [...files("tests/corpus/plans"), ...files("tests/corpus/ec2"), ...files("tests/corpus/state")]) {
    out.push([f, []]);
  }
  // Source trees with their modules on disk: the Node command's loader follows module calls
  // as the native CLI's does.
  for (const d of [
    "tests/corpus/source/tam-ec2-instance/examples/complete",
    "tests/corpus/source/gauri17-pro__terraform-workspaces",
  ]) {
    if (existsSync(path.join(root, d))) out.push([d, []]);
  }
  for (const kind of ["plan", "state", "ec2", "bad"]) {
    for (const f of files(`tests/fixtures/${kind}`, (f) => !f.endsWith(".options"))) {
      out.push([f, flagsFor(f)]);
    }
  }
  const sources = path.join(root, "tests/fixtures/source");
  if (existsSync(sources)) {
    for (const c of readdirSync(sources).sort()) {
      const before = path.join("tests/fixtures/source", c, "before");
      if (existsSync(path.join(root, before))) out.push([before, []]);
    }
  }
  return out;
}

const FLAGS = {
  endpointDisabled: (v) => ["--endpoint-disabled", v],
  failOnUnknown: (v) => (v ? ["--fail-on-unknown"] : []),
  inputKind: (v) => ["--input-kind", v],
};

function flagsFor(file) {
  const options = file.replace(/\.[^./]+$/, ".options");
  if (!existsSync(path.join(root, options))) return [];
  const parsed = JSON.parse(readFileSync(path.join(root, options), "utf8"));
  return Object.entries(parsed).flatMap(([k, v]) => {
    if (!FLAGS[k]) throw new Error(`${options}: no CLI flag for option \`${k}\``);
    return FLAGS[k](v);
  });
}

function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("GITHUB_")) delete env[k];
  // ASFF findings carry a time: the same one on both sides.
  env.SOURCE_DATE_EPOCH = "1796117400";
  return { ...env, ...extra };
}

function runNative(args, extra) {
  const r = spawnSync(native, args, { cwd: root, env: cleanEnv(extra), maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

function runInProcess(args, extra) {
  const stdout = [];
  const stderr = [];
  const status = runNode(args, {
    stdout: (s) => stdout.push(Buffer.from(s)),
    stderr: (s) => stderr.push(s),
    readStdin: () => {
      throw new Error("no standard input here");
    },
    env: cleanEnv(extra),
    isTerminal: () => false,
  });
  return { status, stdout: Buffer.concat(stdout), stderr: stderr.join("") };
}

test("the native CLI to compare with is built", () => {
  assert.ok(native && existsSync(native), `IMDSV2_NATIVE (${native}) must name the native imdsv2-policy`);
});

const all = inputs();

test("there are inputs to compare, wrappers included", () => {
  assert.ok(all.length >= 40, `only ${all.length} inputs found`);
  assert.ok(all.some(([f]) => /_mock\.json$/.test(f)));
  assert.ok(all.some(([f]) => /\/custodian__/.test(f)));
});

// ASFF needs the account and region a plan does not say.
const ASFF = ["--aws-account-id", "111122223333", "--aws-region", "eu-west-1"];

for (const format of ["json", "sarif", "github", "junit", "csv", "markdown", "text", "asff"]) {
  test(`--format ${format}: the Node command prints what the native CLI prints`, { skip: !native }, () => {
    let compared = 0;
    for (const [file, flags] of all) {
      const extra = format === "asff" ? ASFF : [];
      const args = ["check", file, "--format", format, "--color", "never", ...flags, ...extra];
      const want = runNative(args);
      const got = runInProcess(args);
      assert.equal(got.status, want.status, `${file}: exit code`);
      assert.ok(got.stdout.equals(want.stdout), `${file}: standard output differs`);
      assert.equal(got.stderr, want.stderr, `${file}: standard error`);
      if (/_mock\.json$|\/custodian__/.test(file)) assert.equal(want.status, 2, `${file} is a wrapper`);
      compared++;
    }
    assert.equal(compared, all.length);
  });
}

/** Subdirectories of `dir`, as paths from the root. */
function dirs(dir) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .sort()
    .map((d) => path.join(dir, d))
    .filter((d) => statSync(path.join(root, d)).isDirectory());
}

/**
 * Command lines beyond one input: several documents as one evaluation, every flag of the
 * core's parser, help, schemas, config files and usage errors. `{out}` is a fresh directory
 * per run, whose files are compared too.
 */
function commandLines() {
  const plans = files("tests/fixtures/plan").filter((f) => f.endsWith(".json"));
  const live = ["tests/fixtures/live", ...dirs("tests/corpus/live"), ...dirs("tests/fixtures/live-moto")];
  const lines = [
    ["controls"],
    ["--version"],
    ["--help"],
    ["help", "check"],
    ["check", "-h"],
    ["fix", "--help"],
    ["schema"],
    ["schema", "options"],
    ["schema", "request"],
    ["schema", "policy"],
    [],
    ["check"],
    ["check", "-", "--format", "xml"],
    ["check", "x.json", "--quiet=yes"],
    ["check", "x.json", "-o", "a", "-o", "b"],
    ["check", "x.json", "--format", "json", "--format", "sarif"],
    ["fix", "x.tf", "--write", "--check"],
    ["check", plans[0], plans[1], "--format", "json"],
    ["check", plans[0], plans[0], "--format", "json"],
    ["check", "tests/fixtures/live", "tests/fixtures/live/describe-instances.json", "--format", "json"],
    ["check", plans[0], "tests/fixtures/live", "--format=json"],
    ["check", plans[0], "tests/fixtures/source/count_and_for_each/before"],
    ["check", "tests/fixtures/live", "-", "--format", "json"],
    ["check", plans[0], "--format", "json,sarif={out}/r.sarif", "--format", "github={out}/r.txt"],
    ["check", plans[0], "--format", "sarif", "-o", "{out}/out.sarif"],
    ["check", plans[0], "--quiet"],
    ["check", plans[0], "--quiet", "--format", "markdown"],
    ["check", plans[0], "--format", "csv={out}/r.csv", "--format", "markdown={out}/r.md", "--format", "text"],
    ["check", plans[0], "--format", "csv,markdown"],
    ["check", plans[0], "--format", "markdown="],
    ["check", plans[0], "--verbose"],
    ["check", plans[0], "--soft-fail", "--format", "json"],
    ["check", plans[0], "--config", "{out}/missing.json"],
    ["check", plans[0], "--config", "none", "--control", "EC2.170"],
    ["check", "tests/fixtures/source/count_and_for_each/before", "--verbose"],
    ["fix", "tests/fixtures/source/count_and_for_each/before", "--check"],
    ["fix", "tests/fixtures/source/count_and_for_each/before", "--format=json"],
    // ASFF: a plan without the account is refused before any output is written.
    ["check", plans[0], "--format", "json={out}/r.json", "--format", "asff"],
    ["check", plans[0], "--format", "asff", "--aws-account-id", "12345"],
    ["check", plans[0], "--format", "asff", "--aws-account-id=111122223333", "--aws-region", "Europe"],
    ["check", plans[0], "--format", "asff", ...ASFF, "--format", "json={out}/r.json"],
    // Japanese (`--lang ja`): the same bytes from the wasm core's catalogue as from the native one.
    ["check", plans[0], "--lang", "ja"],
    ["check", plans[0], "--lang=ja", "--verbose"],
    ["check", plans[0], "--lang", "ja", "--format", "json,sarif={out}/ja.sarif", "--format", "github={out}/ja.txt"],
    ["check", plans[0], "--lang", "ja", "--format", "junit"],
    ["check", plans[0], "--lang", "en", "--format", "github"],
    ["check", plans[0], "--lang", "fr"],
    ["check", plans[0], "--lang"],
    ["check", "tests/fixtures/source/count_and_for_each/before", "--lang", "ja", "--verbose"],
    ["check", "tests/fixtures/live", "--lang", "ja"],
  ];
  for (const d of ["test_issue-456", "actions_regular", "test_issue-127", "actions_for_each_and_modules"]) {
    const dir = `tests/corpus/plan-source/${d}`;
    for (const format of ["json", "sarif", "github", "csv", "markdown"]) lines.push(["check", `${dir}/plan.out.json`, "--source", dir, "--format", format]);
  }
  for (const d of live) {
    for (const format of ["json", "text", "sarif", "csv", "markdown", "asff"]) lines.push(["check", d, "--format", format]);
  }
  return lines;
}

test("every command line prints what the native CLI prints", { skip: !native }, () => {
  const lines = commandLines();
  assert.ok(lines.length >= 60, `only ${lines.length} command lines`);
  let multi = 0;
  for (const line of lines) {
    const outs = [];
    const results = [runNative, runInProcess].map((runIt) => {
      const out = mkdtempSync(path.join(os.tmpdir(), "imdsv2-cli-"));
      outs.push(out);
      const args = line.map((a) => a.replaceAll("{out}", out));
      const r = runIt(args);
      const written = readdirSync(out)
        .sort()
        .map((f) => [f, readFileSync(path.join(out, f))]);
      // The directory's name differs between the runs; the rest of the text must not.
      return { ...r, stdout: Buffer.from(r.stdout.toString().replaceAll(out, "{out}")), stderr: r.stderr.replaceAll(out, "{out}"), written };
    });
    const [want, got] = results;
    const what = line.join(" ");
    assert.equal(got.status, want.status, `${what}: exit code (stderr: ${got.stderr})`);
    assert.ok(got.stdout.equals(want.stdout), `${what}: standard output differs`);
    assert.equal(got.stderr, want.stderr, `${what}: standard error`);
    assert.deepEqual(
      got.written.map(([f]) => f),
      want.written.map(([f]) => f),
      `${what}: files written`,
    );
    for (const [i, [f, bytes]] of want.written.entries()) {
      assert.ok(got.written[i][1].equals(bytes), `${what}: ${f} differs`);
    }
    if (line[0] === "check" && want.status !== 2 && JSON.stringify(line).includes("live")) multi++;
    for (const out of outs) rmSync(out, { recursive: true, force: true });
  }
  assert.ok(multi >= 10, `only ${multi} multi-document runs judged`);
});

test("without --lang, both commands read the locale in the same order", { skip: !native }, () => {
  const args = ["check", "tests/fixtures/plan/lt_versions.json", "--config", "none"];
  const unset = { LC_ALL: "", LC_MESSAGES: "", LANG: "" };
  const cases = [
    [{ ...unset, LANG: "ja_JP.UTF-8" }, "IMDSv1 が使える状態です"],
    [{ ...unset, LC_MESSAGES: "ja_JP.UTF-8", LANG: "en_US.UTF-8" }, "IMDSv1 が使える状態です"],
    [{ ...unset, LC_ALL: "C", LANG: "ja_JP.UTF-8" }, "IMDSv1 is reachable"],
    [unset, "IMDSv1 is reachable"],
  ];
  for (const [env, want] of cases) {
    const a = runNative(args, env);
    const b = runInProcess(args, env);
    assert.equal(b.stdout.toString(), a.stdout.toString(), JSON.stringify(env));
    assert.ok(a.stdout.toString().includes(want), JSON.stringify(env));
  }
});

test("a config file is found upward and merged under the flags, as natively", { skip: !native }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "imdsv2-config-"));
  const plan = path.join(root, files("tests/fixtures/plan")[0]);
  try {
    mkdirSync(path.join(dir, "a/b"), { recursive: true });
    writeFileSync(path.join(dir, ".imdsv2-policy.json"), JSON.stringify({ controls: ["EC2.8"], failOnUnknown: true }));
    writeFileSync(path.join(dir, "a/.imdsv2-policy-ignore"), "aws_instance.* reason: a test\n");
    mkdirSync(path.join(dir, ".git"));
    const here = process.cwd();
    const toml = () => writeFileSync(path.join(dir, "a/.imdsv2-policy.toml"), 'controls = ["EC2.170"]\n');
    const badToml = () => writeFileSync(path.join(dir, "a/.imdsv2-policy.toml"), "failOnUnknwn = true\n");
    const both = () => writeFileSync(path.join(dir, "a/.imdsv2-policy.json"), "{}");
    const jaToml = () => writeFileSync(path.join(dir, "a/.imdsv2-policy.toml"), 'lang = "ja"\n');
    const source = path.join(root, "tests/corpus/source/tam-ec2-instance");
    for (const [cwd, args, before] of [
      ["a/b", ["check", plan, "--format", "json"]],
      ["a/b", ["check", plan, "--format", "json", "--control", "EC2.170"]],
      ["a", ["check", plan]],
      // TOML: the nearer directory's file wins; a typo and two files in one directory are errors.
      ["a/b", ["check", plan, "--format", "json"], toml],
      // The config file's language: after `--lang`, before the locale; `fix` too.
      ["a/b", ["check", plan], jaToml],
      ["a/b", ["check", plan, "--format", "json"]],
      ["a/b", ["check", plan, "--lang", "en"]],
      ["a/b", ["fix", source]],
      ["a/b", ["fix", source, "--format", "json"]],
      ["a/b", ["fix", source, "--lang=en"]],
      ["a/b", ["check", plan], badToml],
      ["a/b", ["check", plan, "--config", "../../.imdsv2-policy.json"], both],
      ["a/b", ["check", plan], null],
    ]) {
      before?.();
      const full = path.join(dir, cwd);
      const r = spawnSync(native, args, { cwd: full, env: cleanEnv(), maxBuffer: 1 << 28 });
      process.chdir(full);
      let got;
      try {
        got = runInProcess(args);
      } finally {
        process.chdir(here);
      }
      const what = `${cwd}: ${args.join(" ")}`;
      assert.equal(got.status, r.status, what);
      assert.ok(got.stdout.equals(r.stdout), `${what}: standard output differs`);
      assert.equal(got.stderr, r.stderr.toString(), what);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
