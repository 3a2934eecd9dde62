// Prints how long the npm package takes on one input: loading the module, `evaluate` (the
// report as objects), and `render` in each format. A benchmark, not a test.
//
//   cargo run --release --example gen_plan -- --instances 20000 --out target/bench/plan.json
//   node npm/bench/evaluate.mjs target/bench/plan.json [runs]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node npm/bench/evaluate.mjs FILE [runs]");
  process.exit(2);
}
const runs = Number(runsArg || 5);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let t = performance.now();
const core = createRequire(import.meta.url)(path.join(root, "pkg/node.cjs"));
const load = performance.now() - t;
const input = readFileSync(file);

function median(f) {
  const times = [];
  let value;
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    value = f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)], value];
}

const [evaluate, report] = median(() => core.evaluate(input));
console.log(`input            ${(input.length / 1e6).toFixed(1)} MB, ${report.findings.length} findings`);
console.log(`load module      ${load.toFixed(0)} ms`);
console.log(`evaluate         ${evaluate.toFixed(0)} ms (median of ${runs})`);
for (const format of core.outputFormats()) {
  const [ms, out] = median(() => core.render(report, format));
  console.log(`render ${format.padEnd(9)} ${ms.toFixed(0)} ms (${(out.length / 1e6).toFixed(1)} MB)`);
}
