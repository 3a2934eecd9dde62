// The Node command against the native CLI (`IMDSV2_NATIVE`, built by `cargo build --release`)
// on every corpus file and fixture: the same standard output byte for byte, the same standard
// error and the same exit code. Harness wrappers (Scalr `*_mock.json`, `custodian__*`) and the
// bad fixtures are rejected by both with exit 2, and compared all the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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

function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("GITHUB_")) delete env[k];
  return env;
}

function runNative(args) {
  const r = spawnSync(native, args, { cwd: root, env: cleanEnv(), maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

function runInProcess(args) {
  const stdout = [];
  const stderr = [];
  const status = runNode(args, {
    stdout: (s) => stdout.push(Buffer.from(s)),
    stderr: (s) => stderr.push(s),
    readStdin: () => {
      throw new Error("no standard input here");
    },
    env: cleanEnv(),
    colorByDefault: () => false,
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

for (const format of ["json", "sarif", "github", "text"]) {
  test(`--format ${format}: the Node command prints what the native CLI prints`, { skip: !native }, () => {
    let compared = 0;
    for (const [file, flags] of all) {
      const args = ["check", file, "--format", format, "--color", "never", ...flags];
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

test("controls and --version print what the native CLI prints", { skip: !native }, () => {
  // (`schema` is the native CLI's only, so its list of commands is longer.)
  for (const args of [["controls"], ["--version"], ["check", "-", "--format", "xml"], ["check"]]) {
    const want = runNative(args);
    const got = runInProcess(args);
    assert.equal(got.status, want.status, `${args.join(" ")}: exit code`);
    if (args[0] === "controls" || args[0] === "--version") {
      assert.ok(got.stdout.equals(want.stdout), `${args.join(" ")}: standard output differs`);
    } else {
      // Usage errors: the same first line; the usage text after it lists fewer commands.
      assert.equal(got.stderr.split("\n")[0], want.stderr.split("\n")[0], args.join(" "));
    }
  }
});
