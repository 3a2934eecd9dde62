// Two or more builds of the npm package on one input, alternating: each round starts a fresh
// Node process per package, which calls `evaluate(bytes)` once to grow the module's memory,
// then three times more, and times `JSON.parse` of the same bytes three times beside it.
// Prints, per package, the median and best of the rounds' best times and the ratio of the
// medians (how `scripts/bench-node.mjs` compares wasm with `JSON.parse(bytes)`).
//
//   node scripts/compare-pkgs.mjs PLAN.json ROUNDS PKG_DIR PKG_DIR...
//
// (Build the package before and after a change with scripts/build-pkg.sh and copy pkg/
// aside each time; on a noisy machine, only alternating runs tell two builds apart.)
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const [file, rounds, ...dirs] = process.argv.slice(2);
if (!file || !(Number(rounds) > 0) || dirs.length === 0) {
  console.error("usage: node scripts/compare-pkgs.mjs PLAN.json ROUNDS PKG_DIR...");
  process.exit(2);
}
const child = `
const wasm = require(process.argv[1]);
const bytes = require("node:fs").readFileSync(process.argv[2]);
const best = (fn) => {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};
wasm.evaluate(bytes);
const evaluate = best(() => wasm.evaluate(bytes));
const parse = best(() => JSON.parse(new TextDecoder().decode(bytes)));
console.log(JSON.stringify({ evaluate, parse }));
`;
const times = new Map(dirs.map((d) => [d, { evaluate: [], parse: [] }]));
for (let r = 0; r < Number(rounds); r++) {
  for (const dir of dirs) {
    const out = spawnSync(process.execPath, ["-e", child, resolve(dir), file], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (out.status !== 0) {
      console.error(out.stderr);
      throw new Error(`${dir}: node exited ${out.status}`);
    }
    const t = JSON.parse(out.stdout);
    times.get(dir).evaluate.push(t.evaluate);
    times.get(dir).parse.push(t.parse);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`input: ${file}, ${rounds} rounds, Node ${process.version}`);
for (const [dir, t] of times) {
  console.log(
    `${dir}: evaluate(bytes) median ${ms(median(t.evaluate))}, best ${ms(Math.min(...t.evaluate))}; ` +
      `JSON.parse(bytes) median ${ms(median(t.parse))}; ` +
      `${(median(t.parse) / median(t.evaluate)).toFixed(2)}x the speed of JSON.parse(bytes)`,
  );
}
