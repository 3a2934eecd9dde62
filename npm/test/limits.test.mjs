// Hostile sizes and failures of the instance (issue 12): inputs over the limit are refused
// before they are copied in, a trapped instance is replaced before the next call, and the
// Node command answers every failure that is not a failed finding with exit 2. Run by
// scripts/test.d/20-node.sh, which also builds the shell over a module that can trap
// (`IMDSV2_TRAP_PKG`, `--features test-trap`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esm from "imdsv2-policy";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(root, "pkg/cli.cjs");
const native = process.env.IMDSV2_NATIVE;
const PLAN = path.join(root, "tests/corpus/plans/regula__rego_tests_examples_aws_inputs_ec2_t2_only_infra.json");
const GiB = 2 ** 30;
const LIMIT = "the WebAssembly build's limit (1 GiB of its 4 GiB of memory): 1073741824 bytes";

function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("GITHUB_")) delete env[k];
  delete env.NO_COLOR;
  return env;
}

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, env: cleanEnv(), cwd: root, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** A small byte array that says it is `size` bytes long: the size check reads `byteLength`. */
function claiming(size) {
  const bytes = new Uint8Array(readFileSync(PLAN));
  Object.defineProperty(bytes, "byteLength", { value: size });
  return bytes;
}

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

test("an input over 1 GiB is `input-too-large` before it is copied in, and says its size", () => {
  for (const size of [GiB + 1, 2 * GiB, 4 * GiB + 5]) {
    const e = thrown(() => esm.evaluate(claiming(size)));
    assert.ok(e instanceof Error);
    assert.equal(e.name, "Imdsv2PolicyError");
    assert.equal(e.code, "input-too-large");
    assert.equal(e.message, `the input is ${size} bytes, more than ${LIMIT}`);
    assert.match(e.help, /native CLI \(`cargo install --path \.`\), which has no such limit/);
  }
  // Exactly at the limit is read (the claimed size is checked, the real bytes are judged).
  assert.equal(esm.evaluate(claiming(GiB)).summary.fail, 7);
  assert.equal(esm.checkInputSize(GiB), undefined);
  assert.equal(thrown(() => esm.checkInputSize(GiB + 1)).code, "input-too-large");
});

test("`maxInputBytes` lowers the limit for text, bytes, sources and ignore files alike", () => {
  const text = readFileSync(PLAN, "utf8");
  const size = Buffer.byteLength(text);
  const low = { maxInputBytes: size - 1 };
  for (const input of [text, readFileSync(PLAN)]) {
    const e = thrown(() => esm.evaluate(input, low));
    assert.equal(e.code, "input-too-large");
    assert.equal(e.message, `the input is ${size} bytes, more than the limit set by \`maxInputBytes\`: ${size - 1} bytes`);
  }
  assert.equal(esm.evaluate(text, { maxInputBytes: size }).summary.fail, 7);
  // Non-ASCII text is counted in UTF-8 bytes, as the core gets it: 3 bytes a character here.
  const wide = `{"x": "${"€".repeat(100)}"}`;
  assert.match(thrown(() => esm.evaluate(wide, { maxInputBytes: 300 })).message, /^the input is 309 bytes,/);
  const files = { "main.tf": 'resource "aws_instance" "a" {}\n' };
  const filesSize = "main.tf".length + files["main.tf"].length;
  assert.equal(thrown(() => esm.evaluateSources(files, { maxInputBytes: filesSize - 1 })).code, "input-too-large");
  assert.equal(thrown(() => esm.fixSources(files, { maxInputBytes: filesSize - 1 })).code, "input-too-large");
  assert.equal(esm.evaluateSources(files, { maxInputBytes: filesSize }).summary.fail, 1);
  // The option only lowers: asking for more than the build reads leaves the build's limit.
  assert.equal(thrown(() => esm.evaluate(claiming(2 * GiB), { maxInputBytes: 8 * GiB })).message, `the input is 2147483648 bytes, more than ${LIMIT}`);
  assert.equal(thrown(() => esm.evaluate(text, { maxInputBytes: -1 })).code, "invalid-options");
});

test("check writes its output in pieces of at most 1 MiB, never as one string", () => {
  const { run: runCli } = require(cli);
  // A report of a few MiB: the corpus plan's findings many times over, in every format.
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-large-"));
  try {
    const plan = JSON.parse(readFileSync(PLAN, "utf8"));
    const changes = plan.resource_changes;
    plan.resource_changes = Array.from({ length: 300 }, (_, n) =>
      changes.map((c) => ({ ...c, address: `${c.address}_${n}`, name: `${c.name}_${n}` })),
    ).flat();
    const big = path.join(dir, "plan.json");
    writeFileSync(big, JSON.stringify(plan));
    const report = esm.evaluate(readFileSync(big));
    for (const format of esm.outputFormats()) {
      const pieces = [];
      const io = { stdout: (p) => pieces.push(p), stderr: () => {}, env: { SOURCE_DATE_EPOCH: "1796117400" }, isTerminal: () => false };
      // ASFF: the account and region the plan does not say, and the time the variable gives.
      const asff = format === "asff";
      const flags = asff ? ["--aws-account-id", "111122223333", "--aws-region", "eu-west-1"] : [];
      const opts = asff
        ? { inputName: big, awsAccountId: "111122223333", awsRegion: "eu-west-1", timestamp: "2026-12-01T09:30:00Z" }
        : { inputName: big };
      assert.equal(runCli(["check", big, "--format", format, ...flags], io), 1);
      const whole = Buffer.concat(pieces);
      assert.ok(whole.equals(Buffer.from(esm.renderBytes(report, format, opts))), format);
      assert.equal(whole.toString(), esm.render(report, format, opts), format);
      assert.ok(pieces.every((p) => p instanceof Uint8Array && p.length <= 2 ** 20), format);
      if (whole.length > 2 ** 20) assert.ok(pieces.length > 1, `${format}: ${whole.length} bytes in ${pieces.length} pieces`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every export, called once, each checked by what it returns. */
function everyExportWorks(pkg) {
  const report = pkg.evaluate(readFileSync(PLAN));
  assert.equal(report.summary.fail, 7);
  assert.match(pkg.render(report, "text"), /^FAIL \(7\)$/m);
  assert.equal(Buffer.from(pkg.renderBytes(report, "json")).toString(), pkg.render(report, "json"));
  assert.match(pkg.githubStepSummary(report), /EC2\.8/);
  const files = { "main.tf": 'resource "aws_instance" "a" {\n  ami = "ami-1"\n}\n' };
  assert.equal(pkg.evaluateSources(files).summary.fail, 1);
  const fixed = pkg.fixSources(files);
  assert.match(fixed.diff, /http_tokens += "required"/);
  assert.equal(pkg.fixMessages(fixed, true, false, "ja"), "修正済み: main.tf\n");
  assert.deepEqual(pkg.sourceDirsToLoad(files, [""]), []);
  assert.deepEqual(pkg.parseIgnoreFile("ignore.txt", "aws_instance.a reason: vendor\n").map((e) => e.target), ["aws_instance.a"]);
  const bad = thrown(() => pkg.evaluate("{"));
  assert.equal(bad.code, "invalid-json");
  assert.match(pkg.formatError(bad, "plan.json"), /^error\[invalid-json\]: plan\.json: /);
  assert.equal(pkg.controls().length, 4);
  assert.deepEqual(pkg.outputFormats(), ["text", "json", "sarif", "github", "junit", "csv", "markdown", "asff"]);
  assert.equal(pkg.renderable(report, "json"), undefined);
  assert.equal(thrown(() => pkg.renderable(report, "asff")).code, "invalid-options");
  assert.equal(pkg.timestampOf("1796117400", 0), "2026-12-01T09:30:00Z");
  assert.equal(pkg.nearestConfig(["/nowhere"], () => false), undefined);
  assert.equal(pkg.langOf("ja", {}), "ja");
  assert.match(pkg.render(report, "text", { lang: "ja" }), /^失敗 \(7\)$/m);
  assert.equal(pkg.version(), esm.version());
  assert.equal(pkg.checkInputSize(10), undefined);
}

test("after a trap, the instance is replaced and every export works", { skip: !process.env.IMDSV2_TRAP_PKG && "IMDSV2_TRAP_PKG is not set" }, () => {
  const pkg = require(path.join(process.env.IMDSV2_TRAP_PKG, "node.cjs"));
  const exported = Object.keys(pkg).filter((n) => !["__trap", "__exhaustMemory"].includes(n)).sort();
  assert.deepEqual(exported, Object.keys(require("imdsv2-policy")).sort(), "the trap build exports what the package does");
  everyExportWorks(pkg);
  for (let round = 0; round < 3; round++) {
    const e = thrown(() => pkg.__trap());
    assert.ok(e instanceof Error);
    assert.equal(e.name, "Imdsv2PolicyError");
    assert.equal(e.code, "internal");
    assert.equal(e.message, "the WebAssembly instance stopped in `__trap` (unreachable); it was replaced by a fresh one, so later calls work");
    assert.ok(e.cause instanceof WebAssembly.RuntimeError);
    assert.match(pkg.formatError(e), /^error\[internal\]: the WebAssembly instance stopped in `__trap`/);
    everyExportWorks(pkg);
  }
  // Out of memory, as an input too large for wasm32 was: the old instance could not even take
  // a string argument any more.
  const oom = thrown(() => pkg.__exhaustMemory());
  assert.equal(oom.code, "internal");
  assert.equal(oom.message, "the WebAssembly instance stopped in `__exhaustMemory` (unreachable); it was replaced by a fresh one, so later calls work");
  everyExportWorks(pkg);
});

test("the browser build recovers the same way (its glue, the same shell)", { skip: !process.env.IMDSV2_TRAP_PKG && "IMDSV2_TRAP_PKG is not set" }, async () => {
  const dir = process.env.IMDSV2_TRAP_PKG;
  const web = await import(path.join(dir, "imdsv2_policy.js"));
  web.initSync({ module: readFileSync(path.join(dir, "imdsv2_policy_bg.wasm")) });
  everyExportWorks(web);
  const e = thrown(() => web.__trap());
  assert.equal(e.code, "internal");
  assert.ok(e.cause instanceof WebAssembly.RuntimeError);
  everyExportWorks(web);
});

test("the package's files are the shell over the glue: every export goes through it", () => {
  const glue = require(path.join(root, "pkg/node_glue.cjs"));
  const names = Object.keys(glue).filter((n) => !n.startsWith("__wbg_")).sort();
  assert.deepEqual(Object.keys(require("imdsv2-policy")).sort(), names);
  assert.deepEqual(Object.keys(esm).sort(), names);
  const web = readFileSync(path.join(root, "pkg/imdsv2_policy.js"), "utf8");
  for (const n of names) assert.match(web, new RegExp(`^export const ${n} = shell\\.${n};$`, "m"), n);
  assert.equal(readFileSync(path.join(root, "pkg/node.cjs"), "utf8").includes(readFileSync(path.join(root, "npm/src/shell.js"), "utf8")), true);
});

test("check: an input over the limit exits 2 with the native CLI's message, file and stdin", () => {
  const size = readFileSync(PLAN).length;
  const flags = ["--max-input-bytes", String(size - 1)];
  const want = `error[input-too-large]: ${PLAN}: the input is ${size} bytes, more than the limit set by \`maxInputBytes\`: ${size - 1} bytes\n`;
  const file = run(process.execPath, [cli, "check", PLAN, ...flags]);
  assert.equal(file.status, 2);
  assert.equal(file.stdout, "");
  assert.ok(file.stderr.startsWith(want), file.stderr);
  const stdin = run(process.execPath, [cli, "check", "-", ...flags], readFileSync(PLAN));
  assert.equal(stdin.status, 2);
  assert.ok(stdin.stderr.startsWith(want.replace(`${PLAN}: `, "")), stdin.stderr);
  if (native) {
    assert.deepEqual(file, run(native, ["check", PLAN, ...flags]));
    assert.deepEqual(stdin, run(native, ["check", "-", ...flags], readFileSync(PLAN)));
    // The usage text after the error is each command's own.
    const first = (r) => ({ ...r, stderr: r.stderr.split("\n")[0] });
    const bad = first(run(native, ["check", PLAN, "--max-input-bytes", "lots"]));
    assert.deepEqual(first(run(process.execPath, [cli, "check", PLAN, "--max-input-bytes", "lots"])), bad);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, "error[usage]: invalid `--max-input-bytes` value `lots`; expected a whole number of bytes");
  }
  assert.equal(run(process.execPath, [cli, "check", PLAN, "--max-input-bytes", String(size)]).status, 1);
});

test("check: a file over the build's own 1 GiB is refused by its size, unread (a sparse file)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-sparse-"));
  try {
    const sparse = path.join(dir, "plan.json");
    writeFileSync(sparse, "");
    truncateSync(sparse, GiB + 1);
    const r = run(process.execPath, [cli, "check", sparse]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      `error[input-too-large]: ${sparse}: the input is ${GiB + 1} bytes, more than ${LIMIT}\n  help: check this input with the native CLI (\`cargo install --path .\`), which has no such limit\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("check: exit 2, never 1, when the core cannot start", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-broken-"));
  try {
    cpSync(path.join(root, "pkg"), dir, { recursive: true });
    writeFileSync(path.join(dir, "imdsv2_policy_bg.wasm"), "not a module");
    const r = run(process.execPath, [path.join(dir, "cli.cjs"), "check", PLAN]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error\[internal\]: cannot start the WebAssembly core: .+\n  help: reinstall the package/);
    rmSync(path.join(dir, "imdsv2_policy_bg.wasm"));
    const missing = run(process.execPath, [path.join(dir, "cli.cjs"), "--version"]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^error\[internal\]: cannot start the WebAssembly core: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("check: a failure of the command itself is `internal` and exit 2, not a usage error", () => {
  const { run: runCli } = require(cli);
  const stderr = [];
  const io = {
    stdout: () => {
      throw new RangeError("Invalid string length");
    },
    stderr: (s) => stderr.push(s),
    readStdin: () => Buffer.alloc(0),
    env: {},
    isTerminal: () => false,
  };
  assert.equal(runCli(["check", PLAN], io), 2);
  assert.match(stderr.join(""), /^error\[internal\]: the command failed: Invalid string length\n  help: this is a bug/);
  stderr.length = 0;
  io.stdout = () => {};
  // A bug in the command (here: `env` missing) is `internal`, with no usage text after it.
  assert.equal(runCli(["check", PLAN], { ...io, env: undefined }), 2);
  assert.match(stderr.join(""), /^error\[internal\]: the command failed: .+\n  help: this is a bug in imdsv2-policy/);
  assert.doesNotMatch(stderr.join(""), /usage:/);
});
