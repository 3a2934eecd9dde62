// The Node command's `fix` against the native CLI's, on every `.tf` fixture and the bundled
// example: the same diff, the same manual steps and exit code, and with --write the same
// files; a second run after --write changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as nodeFs from "node:fs";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const native = process.env.IMDSV2_NATIVE;
const cli = path.join(root, "pkg/cli.cjs");

function cases() {
  const out = [["examples/terraform", path.join(root, "examples/terraform")]];
  const dir = path.join(root, "tests/fixtures/source");
  for (const c of readdirSync(dir).sort()) {
    const before = path.join(dir, c, "before");
    if (existsSync(before)) out.push([`tests/fixtures/source/${c}`, before]);
  }
  return out;
}

function runIn(cwd, cmd, args) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tree(dir) {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, f), "utf8")]),
  );
}

for (const [name, src] of cases()) {
  test(`fix ${name}: the Node command gives the native CLI's diff, steps and files`, { skip: !native }, () => {
    const work = mkdtempSync(path.join(tmpdir(), "imdsv2-fix-"));
    try {
      cpSync(src, path.join(work, "n"), { recursive: true });
      cpSync(src, path.join(work, "w"), { recursive: true });
      // Same relative path in both runs, so the diff headers match.
      const nat = runIn(path.join(work, "n"), native, ["fix", "."]);
      const node = runIn(path.join(work, "w"), process.execPath, [cli, "fix", "."]);
      assert.deepEqual(node, nat);

      const natW = runIn(path.join(work, "n"), native, ["fix", ".", "--write"]);
      const nodeW = runIn(path.join(work, "w"), process.execPath, [cli, "fix", ".", "--write"]);
      assert.deepEqual(nodeW, natW);
      assert.deepEqual(tree(path.join(work, "w")), tree(path.join(work, "n")));

      const again = runIn(path.join(work, "w"), process.execPath, [cli, "fix", "."]);
      assert.equal(again.stdout, "", "a second run prints no diff");
      assert.equal(again.status, nat.status === 0 ? 0 : again.status);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

test("fix without a path is a usage error (exit 2)", () => {
  const r = spawnSync(process.execPath, [cli, "fix"], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /`fix` needs `.tf` files or a directory/);
});

const WEAK = 'resource "aws_instance" "a" {\n  ami = "ami-0123456789abcdef0"\n  metadata_options {\n    http_tokens = "optional"\n  }\n}\n';

test("fix --write follows a symbolic link, sets the mode exactly under any umask, and refuses read-only files", () => {
  const fs = nodeFs;
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-node-links-"));
  try {
    const real = path.join(dir, "real.tf.txt");
    fs.writeFileSync(real, WEAK);
    fs.chmodSync(real, 0o640);
    fs.mkdirSync(path.join(dir, "conf"));
    fs.symlinkSync(real, path.join(dir, "conf/main.tf"));
    // A umask that would strip group read from a new file: the fixed file keeps 0640 anyway.
    const r = spawnSync("sh", ["-c", `umask 077 && exec "${process.execPath}" "${cli}" fix --write "${path.join(dir, "conf")}"`], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.lstatSync(path.join(dir, "conf/main.tf")).isSymbolicLink(), "the link was replaced");
    assert.match(fs.readFileSync(real, "utf8"), /http_tokens = "required"/);
    assert.equal(fs.statSync(real).mode & 0o7777, 0o640);

    const two = path.join(dir, "two");
    fs.mkdirSync(two);
    fs.writeFileSync(path.join(two, "a.tf"), WEAK);
    fs.writeFileSync(path.join(two, "b.tf"), WEAK.replace('"a"', '"b"'));
    fs.chmodSync(path.join(two, "b.tf"), 0o444);
    const ro = spawnSync(process.execPath, [cli, "fix", "--write", two], { encoding: "utf8" });
    assert.equal(ro.status, 2, ro.stderr);
    assert.match(ro.stderr, /is read-only; it was not written/);
    assert.equal(fs.readFileSync(path.join(two, "a.tf"), "utf8"), WEAK, "a.tf was written");
    assert.deepEqual(readdirSync(two).filter((n) => n.endsWith(".tmp")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
