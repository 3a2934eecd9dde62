// Wraps wasm-bindgen's two glues in the package's JS shell (npm/src/shell.js): each glue is
// kept under a name of its own with wasm-bindgen's `__wbg_reset_state` exported, and the files
// users import (`node.cjs`, `imdsv2_policy.js`) export every function of the glue through the
// shell, so none can be left out of the size check and the recovery after a trap.
//
//   node npm/build/shell.mjs NODE_GLUE.js WEB_GLUE.js OUT_DIR
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [nodeGlue, webGlue, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node shell.mjs NODE_GLUE.js WEB_GLUE.js OUT_DIR");
  process.exit(2);
}
const shell = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../src/shell.js"), "utf8");
const RESET = "function __wbg_reset_state ()";

function glue(file) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(RESET)) {
    // wasm-bindgen emits it only when the module calls `schedule_reinit` (src/wasm.rs's panic
    // hook); without it there is no way to a fresh instance.
    throw new Error(`build-pkg: ${file} has no \`${RESET}\`; the shell cannot replace a trapped instance`);
  }
  return text;
}

const node = glue(nodeGlue);
const names = [...node.matchAll(/^exports\.(\w+) = \1;$/gm)].map((m) => m[1]);
if (names.length < 10) throw new Error(`build-pkg: found only ${names.length} exports in ${nodeGlue}`);
writeFileSync(
  path.join(out, "node_glue.cjs"),
  `${node.replace('/* @ts-self-types="./node.d.cts" */\n', "")}\nexports.__wbg_reset_state = __wbg_reset_state;\n`,
);
writeFileSync(
  path.join(out, "node.cjs"),
  [
    '/* @ts-self-types="./node.d.cts" */',
    '"use strict";',
    "// Node, CommonJS: the shell over wasm-bindgen's Node glue (node_glue.cjs), which loads the",
    "// module synchronously. node.mjs re-exports it, so ESM and CommonJS users share one instance.",
    'const glue = require("./node_glue.cjs");',
    "",
    shell,
    "const shell = makeShell(glue, () => glue.__wbg_reset_state());",
    ...names.map((n) => `exports.${n} = shell.${n};`),
    "",
  ].join("\n"),
);

const web = glue(webGlue);
const webNames = [...web.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
if (webNames.sort().join() !== [...names].sort().join()) {
  throw new Error(`build-pkg: the web and Node glues export different functions: ${webNames} / ${names}`);
}
writeFileSync(
  path.join(out, "imdsv2_policy_glue.js"),
  `${web.replace('/* @ts-self-types="./imdsv2_policy.d.ts" */\n', "")}\nexport { __wbg_reset_state };\n`,
);
writeFileSync(
  path.join(out, "imdsv2_policy.js"),
  [
    '/* @ts-self-types="./imdsv2_policy.d.ts" */',
    "// Browsers and bundlers, ES module: the shell over wasm-bindgen's web glue",
    "// (imdsv2_policy_glue.js). `await init()` (or `initSync({ module })`) first.",
    'import * as glue from "./imdsv2_policy_glue.js";',
    'import __wbg_init, { initSync } from "./imdsv2_policy_glue.js";',
    "",
    shell,
    "const shell = makeShell(glue, () => glue.__wbg_reset_state());",
    ...names.map((n) => `export const ${n} = shell.${n};`),
    "export { initSync, __wbg_init as default };",
    "",
  ].join("\n"),
);
