// Peak memory of the npm package's WebAssembly instance for one input, the figure the input
// limit (src/limits.rs) is chosen by. An instance's memory only grows, so its size after a call
// is the peak of the call. Each step runs in a fresh instance of pkg/ (copied, with the glue
// told to hand out its memory).
//
//   node scripts/wasm-memory.mjs INPUT [FORMAT]
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, appendFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [input, format = "json"] = process.argv.slice(2);
if (!input) {
  console.error("usage: node scripts/wasm-memory.mjs INPUT [FORMAT]");
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const MB = 1e6;

function fresh() {
  const dir = mkdtempSync(path.join(tmpdir(), "imdsv2-memory-"));
  cpSync(path.join(root, "pkg"), dir, { recursive: true });
  appendFileSync(path.join(dir, "node_glue.cjs"), "\nexports.__memory = () => wasm.memory.buffer.byteLength;\n");
  const glue = require(path.join(dir, "node_glue.cjs"));
  const pkg = require(path.join(dir, "node.cjs"));
  return { glue, pkg, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const size = statSync(input).size;
const bytes = readFileSync(input);
const rows = [];
for (const [what, run] of [
  ["evaluate(bytes)", ({ pkg }) => pkg.evaluate(bytes)],
  ["evaluate(text)", ({ pkg }) => pkg.evaluate(bytes.toString("utf8"))],
  [`evaluate(bytes) + renderBytes(${format})`, ({ pkg }) => pkg.renderBytes(pkg.evaluate(bytes), format)],
]) {
  const f = fresh();
  const start = f.glue.__memory();
  const t0 = performance.now();
  let outcome = "ok";
  try {
    run(f);
  } catch (e) {
    outcome = `${e.code ?? e.name}: ${e.message}`;
  }
  const peak = f.glue.__memory();
  rows.push({ what, peak, seconds: (performance.now() - t0) / 1000, outcome, start });
  f.done();
}
console.log(`${input}: ${(size / MB).toFixed(1)} MB`);
for (const r of rows) {
  console.log(
    `  ${r.what.padEnd(40)} peak ${(r.peak / MB).toFixed(1).padStart(7)} MB  ${(r.peak / size).toFixed(2)}x the input  ${r.seconds.toFixed(2)} s  ${r.outcome}`,
  );
}
