// The npm package in pkg/, as its users get it: by name through the `exports` map (ESM and
// CommonJS), its command, and its GitHub Action. Run by scripts/test.d/20-node.sh, which
// builds pkg/ and links it as npm/node_modules/imdsv2-policy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esm from "imdsv2-policy";

const require = createRequire(import.meta.url);
const cjs = require("imdsv2-policy");
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const cli = path.join(root, "pkg/cli.cjs");
const corpus = (...p) => path.join(root, "tests/corpus", ...p);
const PLAN = corpus("plans/regula__rego_tests_examples_aws_inputs_ec2_t2_only_infra.json");
const PASSING = path.join(root, "tests/fixtures/plan/seed_instance.json");
const EC2 = corpus("ec2/aws-cli__describe-instances_example1_output.DERIVED.json");

/** The environment without GitHub's variables, so no test appends a step summary by chance. */
function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith("GITHUB_") && !(k in extra)) delete env[k];
  delete env.NO_COLOR;
  return env;
}

function node(args, { input, env } = {}) {
  const r = spawnSync(process.execPath, args, { input, env: cleanEnv(env), cwd: root, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

test("ESM import and CommonJS require resolve by name and share one instance", () => {
  for (const name of ["evaluate", "evaluateSources", "fixSources", "sourceDirsToLoad", "render", "renderBytes", "githubStepSummary", "controls", "version", "outputFormats", "formatError", "parseIgnoreFile", "checkInputSize"]) {
    assert.equal(typeof esm[name], "function", `ESM export ${name}`);
    assert.equal(esm[name], cjs[name], `${name} is the same function in ESM and CJS`);
  }
  assert.equal(esm.version(), JSON.parse(readFileSync(path.join(root, "pkg/package.json"), "utf8")).version);
  assert.deepEqual(esm.outputFormats(), ["text", "json", "sarif", "github", "junit", "csv", "markdown", "asff"]);
  assert.deepEqual(
    esm.controls().map((c) => c.id),
    ["AutoScaling.3", "AutoScaling.4", "EC2.170", "EC2.8"],
  );
});

test("the package's exports map points every condition at a file it ships", () => {
  const pkg = JSON.parse(readFileSync(path.join(root, "pkg/package.json"), "utf8"));
  const targets = [];
  const walk = (v) => (typeof v === "string" ? targets.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  for (const t of [...targets, pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin)]) {
    const file = t.replace(/^\.\//, "");
    assert.ok(pkg.files.includes(file) || file === "package.json", `${t} is in files`);
    assert.doesNotThrow(() => readFileSync(path.join(root, "pkg", file)), t);
  }
  // The browser build is an ES module that imports nothing from Node.
  const web = readFileSync(path.join(root, "pkg/imdsv2_policy.js"), "utf8");
  assert.match(web, /export \{ initSync, __wbg_init as default \};/);
  assert.doesNotMatch(web, /require\(|node:/);
});

test("the browser build runs once given the module's bytes", async () => {
  const web = await import(path.join(root, "pkg/imdsv2_policy.js"));
  web.initSync({ module: readFileSync(path.join(root, "pkg/imdsv2_policy_bg.wasm")) });
  const report = web.evaluate(readFileSync(PLAN, "utf8"));
  assert.equal(
    web.render(report, "json"),
    esm.render(esm.evaluate(readFileSync(PLAN)), "json"),
  );
});

test("bad input throws an Error with code, location and help; the next call works", () => {
  let thrown;
  try {
    esm.evaluate('{"format_version": ');
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof Error);
  assert.equal(thrown.name, "Imdsv2PolicyError");
  assert.equal(thrown.code, "invalid-json");
  assert.equal(thrown.location.line, 1);
  assert.equal(typeof thrown.help, "string");
  assert.match(esm.formatError(thrown, "plan.json"), /^error\[invalid-json\]: plan\.json: .+\(line 1, column \d+\)\n  help: /);
  assert.equal(esm.evaluate(readFileSync(PLAN)).summary.verdict, "fail");

  assert.throws(() => esm.evaluate("{}", { failOnUnknwn: true }), (e) => e.code === "invalid-options" && /failOnUnknwn/.test(e.message));
  assert.throws(() => esm.evaluate(42), (e) => e instanceof Error && e.code === "usage");
  assert.throws(() => esm.render(esm.evaluate(readFileSync(EC2)), "xml"), (e) => e.code === "invalid-options");
  assert.equal(esm.evaluate(readFileSync(EC2)).input.kind, "ec2-describe-instances");
});

test("deeply nested input is an error, not a crash of the instance", () => {
  const depth = 100000;
  assert.throws(() => esm.evaluate("[".repeat(depth) + "]".repeat(depth)), (e) => e.code === "invalid-json");
  const tf = `locals {\n  a = ${"[".repeat(depth)}${"]".repeat(depth)}\n}\n`;
  assert.throws(() => esm.evaluateSources({ "main.tf": tf }), (e) => e instanceof Error && typeof e.code === "string");
  assert.equal(esm.evaluate(readFileSync(PLAN)).summary.fail, 7);
});

test("a panic would be followed by a fresh instance: the glue carries wasm-bindgen's reinit", () => {
  // The core is built panic-free; its panic hook schedules a new instance (src/wasm.rs),
  // which wasm-bindgen wires into the glue only when the module uses it. The shell
  // (npm/src/shell.js) replaces the instance after any trap through the same reset.
  for (const glue of ["pkg/node_glue.cjs", "pkg/imdsv2_policy_glue.js"]) {
    const text = readFileSync(path.join(root, glue), "utf8");
    assert.match(text, /__wbg_reinit_scheduled = true/, glue);
    assert.match(text, /if \(__wbg_reinit_scheduled\)/, glue);
  }
});

test("many calls in a row do not leak or wear out the instance", () => {
  const bytes = readFileSync(EC2);
  for (let i = 0; i < 300; i++) {
    assert.equal(esm.evaluate(bytes).input.kind, "ec2-describe-instances");
    assert.throws(() => esm.evaluate("["));
  }
});

test("check: exit codes 0, 1 and 2, messages on standard error", () => {
  const fail = node([cli, "check", PLAN]);
  assert.equal(fail.status, 1);
  assert.match(fail.stdout, /^FAIL \(7\)$/m);
  assert.equal(fail.stderr, "");

  const pass = node([cli, "check", PASSING, "--format", "json"]);
  assert.equal(pass.status, 0, pass.stderr);
  assert.equal(JSON.parse(pass.stdout).summary.verdict, "pass");

  const bad = node([cli, "check", path.join(root, "tests/corpus/README.md")]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /^error\[invalid-json\]: .*README\.md: /);

  const missing = node([cli, "check", "no/such/plan.json"]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, "error[io]: cannot read `no/such/plan.json`: no such file or directory\n");

  const usage = node([cli, "check", PLAN, "--format", "xml"]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^error\[usage\]: unknown format `xml`; expected one of `text`, `json`, `sarif`, `github`, `junit`, `csv`, `markdown`, `asff`\n\nusage: imdsv2-policy check /);
  assert.equal(node([cli]).status, 2);
  assert.equal(node([cli, "check"]).status, 2);
  assert.equal(node([cli, "--version"]).stdout, `imdsv2-policy ${esm.version()}\n`);
});

test("check -: standard input, and --fail-on-unknown", () => {
  const input = readFileSync(EC2);
  const r = node([cli, "check", "-", "--format", "json"], { input });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, esm.render(esm.evaluate(input), "json"));
  const plan = corpus("plans/checkov__tests_terraform_parser_resources_plan_tags_variety_tfplan.json");
  const report = esm.evaluate(readFileSync(plan));
  assert.ok(report.summary.unknown > 0 && report.summary.fail === 0, "a plan with unknowns only");
  assert.equal(node([cli, "check", plan]).status, 0);
  assert.equal(node([cli, "check", plan, "--fail-on-unknown"]).status, 1);
});

test("--format github with GITHUB_STEP_SUMMARY appends the core's Markdown summary", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-summary-"));
  try {
    const summary = path.join(dir, "summary.md");
    writeFileSync(summary, "before\n");
    const r = node([cli, "check", PLAN, "--format", "github"], { env: { GITHUB_STEP_SUMMARY: summary } });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^::error /m);
    const report = esm.evaluate(readFileSync(PLAN));
    assert.equal(readFileSync(summary, "utf8"), `before\n\n${esm.githubStepSummary(report)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--format markdown=$GITHUB_STEP_SUMMARY appends the Markdown report in place of the summary", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-summary-"));
  try {
    const summary = path.join(dir, "summary.md");
    writeFileSync(summary, "before\n");
    const r = node([cli, "check", PLAN, "--format", `markdown=${summary}`], { env: { GITHUB_STEP_SUMMARY: summary } });
    assert.equal(r.status, 1, r.stderr);
    const report = esm.evaluate(readFileSync(PLAN));
    assert.equal(readFileSync(summary, "utf8"), `before\n${esm.render(report, "markdown", { inputName: PLAN })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the GitHub Action: annotations, outputs, and SARIF when asked", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-action-"));
  try {
    const output = path.join(dir, "output");
    const summary = path.join(dir, "summary.md");
    const sarif = path.join(dir, "reports/imdsv2-policy.sarif");
    const env = {
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      INPUT_FILE: PLAN,
      INPUT_FORMAT: "github",
      "INPUT_FAIL-ON-UNKNOWN": "false",
      "INPUT_SARIF-FILE": sarif,
    };
    const r = node([path.join(root, "pkg/action.cjs")], { env });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^::error /m);
    const report = esm.evaluate(readFileSync(PLAN));
    assert.equal(readFileSync(sarif, "utf8"), esm.render(report, "sarif", { inputName: PLAN }));
    assert.equal(
      readFileSync(output, "utf8"),
      `verdict=fail\npass=0\nfail=7\nunknown=0\nsuppressed=0\nsarif-file=${sarif}\n`,
    );
    assert.match(readFileSync(summary, "utf8"), /EC2\.8/);

    const bad = node([path.join(root, "pkg/action.cjs")], {
      env: { GITHUB_OUTPUT: output, INPUT_FILE: PLAN, "INPUT_FAIL-ON-UNKNOWN": "yes" },
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^error\[usage\]: input `fail-on-unknown` must be `true` or `false`/);
    assert.equal(node([path.join(root, "pkg/action.cjs")], { env: { GITHUB_OUTPUT: output } }).status, 2);
    assert.match(bad.stdout, /^::error title=imdsv2-policy::error\[usage\]: input `fail-on-unknown`/m);

    // A missing file: exit 2, and the reason as an annotation, its help on the same command.
    const missing = node([path.join(root, "pkg/action.cjs")], { env: { GITHUB_OUTPUT: output, INPUT_FILE: "no-such-plan.json" } });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^error\[io\]: cannot read `no-such-plan.json`/);
    assert.equal(missing.stdout, "::error title=imdsv2-policy::error[io]: cannot read `no-such-plan.json`: no such file or directory\n");

    // soft-fail: the findings are still annotated and counted, the step passes.
    writeFileSync(output, "");
    const soft = node([path.join(root, "pkg/action.cjs")], { env: { GITHUB_OUTPUT: output, INPUT_FILE: PLAN, "INPUT_SOFT-FAIL": "true" } });
    assert.equal(soft.status, 0, soft.stderr);
    assert.match(soft.stdout, /^::error /m);
    assert.match(readFileSync(output, "utf8"), /^verdict=fail$/m);

    // ASFF for Security Hub, in Japanese: the account and region a plan does not say.
    const asff = node([path.join(root, "pkg/action.cjs")], {
      env: {
        GITHUB_OUTPUT: output,
        INPUT_FILE: PLAN,
        INPUT_FORMAT: "asff",
        INPUT_LANG: "ja",
        "INPUT_AWS-ACCOUNT-ID": "111122223333",
        "INPUT_AWS-REGION": "eu-west-1",
        "INPUT_SOFT-FAIL": "true",
        SOURCE_DATE_EPOCH: "1796117400",
      },
    });
    assert.equal(asff.status, 0, asff.stderr);
    const body = JSON.parse(asff.stdout);
    assert.equal(body.Findings.length, report.findings.length);
    assert.equal(body.Findings[0].AwsAccountId, "111122223333");
    assert.equal(body.Findings[0].CreatedAt, "2026-12-01T09:30:00Z");
    assert.match(body.Findings[0].Description, /IMDSv1 が使える状態です/);
    // `source`: the findings of a plan point at the `.tf` block they come from.
    const dirOf = path.join(root, "tests/corpus/plan-source/test_issue-456");
    const located = node([path.join(root, "pkg/action.cjs")], {
      env: { GITHUB_OUTPUT: output, INPUT_FILE: path.join(dirOf, "plan.out.json"), INPUT_SOURCE: dirOf, INPUT_FORMAT: "json", "INPUT_SOFT-FAIL": "true" },
    });
    assert.equal(located.status, 0, located.stderr);
    assert.ok(JSON.parse(located.stdout).findings.some((f) => f.location && f.location.file.endsWith(".tf")), located.stdout);
    const noAccount = node([path.join(root, "pkg/action.cjs")], { env: { GITHUB_OUTPUT: output, INPUT_FILE: PLAN, INPUT_FORMAT: "asff" } });
    assert.equal(noAccount.status, 2);
    assert.match(noAccount.stdout, /^::error title=imdsv2-policy::error\[invalid-options\]: ASFF needs the AWS account of /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("npm pack, install and npx: what a user installs works, and ships only its files", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-npm-"));
  try {
    const npm = (args, cwd) => {
      const r = spawnSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, env: cleanEnv(), encoding: "utf8" });
      assert.equal(r.status, 0, `npm ${args.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], path.join(root, "pkg")));
    const pkg = JSON.parse(readFileSync(path.join(root, "pkg/package.json"), "utf8"));
    // `files` names the schema directory; npm packs the files in it.
    const shipped = pkg.files.flatMap((f) => {
      const full = path.join(root, "pkg", f);
      return statSync(full).isDirectory() ? readdirSync(full).map((x) => `${f}/${x}`) : [f];
    });
    assert.deepEqual(packed.files.map((f) => f.path).sort(), [...shipped, "package.json"].sort());
    writeFileSync(path.join(dir, "package.json"), '{"name": "consumer", "private": true}');
    npm(["install", "--offline", path.join(dir, packed.filename)], dir);
    const run = (args) => spawnSync(process.execPath, args, { cwd: dir, env: cleanEnv(), encoding: "utf8" });
    const version = spawnSync("npx", ["--no-install", "imdsv2-policy", "--version"], { cwd: dir, env: cleanEnv(), encoding: "utf8" });
    assert.equal(version.stdout, `imdsv2-policy ${pkg.version}\n`, version.stderr);
    const check = spawnSync("npx", ["--no-install", "imdsv2-policy", "check", "-", "--format", "json"], {
      cwd: dir, env: cleanEnv(), input: readFileSync(PLAN), encoding: "utf8",
    });
    assert.equal(check.status, 1, check.stderr);
    assert.equal(JSON.parse(check.stdout).summary.fail, 7);
    assert.equal(run(["-e", "process.stdout.write(require('imdsv2-policy').version())"]).stdout, pkg.version);
    assert.equal(run(["--input-type=module", "-e", "import { version } from 'imdsv2-policy'; process.stdout.write(version())"]).stdout, pkg.version);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("action.yml runs the package's action entry point on node24", () => {
  const yml = readFileSync(path.join(root, "action.yml"), "utf8");
  assert.match(yml, /^runs:\n {2}using: node24\n {2}main: pkg\/action\.cjs\n?$/m);
  for (const name of ["file", "format", "fail-on-unknown", "sarif-file"]) {
    assert.match(yml, new RegExp(`^  ${name}:\\n    description: `, "m"), `input ${name}`);
  }
});

test("evaluate([...]): several documents as one evaluation, content as text, bytes or JSON", { skip: !process.env.IMDSV2_NATIVE }, () => {
  const dir = "tests/fixtures/live";
  const names = readdirSync(path.join(root, dir)).filter((n) => n.endsWith(".json")).sort();
  assert.ok(names.length >= 7);
  const want = spawnSync(process.env.IMDSV2_NATIVE, ["check", dir, "--format", "json"], { cwd: root, encoding: "utf8" });
  const forms = [
    (bytes) => bytes.toString("utf8"),
    (bytes) => new Uint8Array(bytes),
    (bytes) => JSON.parse(bytes.toString("utf8")),
  ];
  for (const [i, form] of forms.entries()) {
    const docs = names.map((n) => ({ name: `${dir}/${n}`, content: form(readFileSync(path.join(root, dir, n))) }));
    const report = esm.evaluate(docs);
    assert.equal(esm.render(report, "json"), want.stdout, `form ${i}`);
  }
  // One document in an array is the single-file report.
  const one = esm.evaluate([{ name: "plan.json", content: readFileSync(PLAN) }]);
  assert.deepEqual(one, esm.evaluate(readFileSync(PLAN)));
  for (const [input, code, message] of [
    [[], "invalid-request", /^there are no documents/],
    [[42], "usage", /^document 1 is not text, bytes or an object/],
    [[{ content: "{}" }], "usage", /^document 1 has no `name`/],
    [[{ name: "a.json", content: "{" }, { name: "b.json", content: "{}" }], "invalid-json", /^a\.json: /],
    [[{ name: "main.tf", content: "" }, { name: "b.json", content: "{}" }], "invalid-request", /`main\.tf` is Terraform source/],
    [[{ name: "a.json", content: "{}" }, { name: "a.json", content: "{}" }], "invalid-request", /`documents\[1\]` has the name `a\.json`/],
  ]) {
    assert.throws(() => esm.evaluate(input), (e) => e instanceof Error && e.code === code && message.test(e.message), JSON.stringify(input));
  }
});
