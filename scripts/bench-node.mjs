// Native CLI, the wasm package in Node, and Node's own JSON.parse, on the same bytes, in one
// run: wall time (best of RUNS) and MB/s, and how the wasm core compares with JSON.parse.
//
//   node scripts/bench-node.mjs target/bench/plan-50000.json
//
// (scripts/bench.sh generates the plan, builds the CLI and pkg/, and runs this.)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

const RUNS = Number(process.env.RUNS ?? 3);
const file = process.argv[2];
if (!file) {
  console.error("usage: node scripts/bench-node.mjs PLAN.json");
  process.exit(2);
}
const root = resolve(import.meta.dirname, "..");
const wasm = createRequire(import.meta.url)(resolve(root, "pkg"));
const bytes = readFileSync(file);
const mb = bytes.length / 1e6;

function best(fn) {
  let min = Infinity;
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    out = fn();
    min = Math.min(min, performance.now() - t);
  }
  return { seconds: min / 1000, out };
}

const cli = resolve(root, "target/release/imdsv2-policy");
const rows = [];
const native = best(() => {
  const r = spawnSync(cli, ["check", file, "--format", "json"], { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`native CLI exited ${r.status}`);
});
rows.push(["native CLI (process: read file, evaluate, write JSON)", native.seconds]);

const text = new TextDecoder().decode(bytes);
const parse = best(() => JSON.parse(text));
rows.push(["JSON.parse (string already decoded)", parse.seconds]);
const decodeParse = best(() => JSON.parse(new TextDecoder().decode(bytes)));
rows.push(["JSON.parse (bytes: decode + parse)", decodeParse.seconds]);

const wasmBytes = best(() => wasm.evaluate(bytes));
rows.push(["wasm evaluate(Uint8Array) -> report object", wasmBytes.seconds]);
const wasmText = best(() => wasm.evaluate(text));
rows.push(["wasm evaluate(string) -> report object", wasmText.seconds]);
const render = best(() => wasm.render(wasmBytes.out, "json"));
rows.push(["wasm render(report, json) -> JSON text", render.seconds]);

const findings = wasmBytes.out.findings.length;
console.log(`input: ${file} (${mb.toFixed(1)} MB, ${findings} findings), best of ${RUNS}, Node ${process.version}`);
console.log(`${"".padEnd(54)} ${"seconds".padStart(8)} ${"MB/s".padStart(7)}`);
for (const [name, s] of rows) {
  console.log(`${name.padEnd(54)} ${s.toFixed(3).padStart(8)} ${(mb / s).toFixed(0).padStart(7)}`);
}
const ratio = (a, b) => (b / a).toFixed(2);
console.log(`wasm evaluate(bytes) vs JSON.parse(bytes): ${ratio(wasmBytes.seconds, decodeParse.seconds)}x the speed`);
console.log(`wasm evaluate(bytes) vs JSON.parse(string): ${ratio(wasmBytes.seconds, parse.seconds)}x the speed`);
console.log(`wasm evaluate(bytes) vs native CLI: ${ratio(wasmBytes.seconds, native.seconds)}x the speed`);
console.log(`native CLI (whole process) vs JSON.parse(bytes): ${ratio(native.seconds, decodeParse.seconds)}x the speed`);
