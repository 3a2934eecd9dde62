// Runs the component cases (see expect.py) under Node: the WebAssembly component
// (target/hosts/imdsv2-policy.component.wasm) transpiled by @bytecodealliance/jco, its WASI
// imports from @bytecodealliance/preview2-shim, each call against the core's answer natively,
// which expect.py checked against the native CLI's.
//
//   jco transpile COMPONENT.wasm -I async --no-typescript -q -o DIR
//   node tests/hosts/component_host.mjs CASES.json DIR
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { isDeepStrictEqual } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [casesPath, dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: component_host.mjs CASES.json TRANSPILED_DIR');
  process.exit(2);
}
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8')).component;
const { instantiate } = await import(pathToFileURL(path.join(dir, 'imdsv2-policy.js')).href);
const component = await instantiate(
  (name) => WebAssembly.compile(fs.readFileSync(path.join(dir, name))),
  new WASIShim().getImportObject(),
);
const api = component.evaluator;

// The error record as the core's serde writes it: absent options left out.
const dropUndefined = (value) =>
  Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, v !== null && typeof v === 'object' ? dropUndefined(v) : v]),
  );

function call(c) {
  switch (c.function) {
    case 'evaluate':
      return api.evaluate(
        c.documents.map((d) => ({ name: d.name, content: fs.readFileSync(d.path) })),
        c.options,
      );
    case 'fix-sources':
      return api.fixSources(
        c.documents.map((d) => [d.name, fs.readFileSync(d.path, 'utf8')]),
        c.options,
      );
    case 'version':
      return api.version();
    default:
      throw new TypeError(`no function ${c.function}`);
  }
}

const failures = [];
let passed = 0;
// Several rounds on one instance, as a policy tool calls it: errors must leave it usable.
for (const c of cases) {
  let got;
  try {
    got = { ok: call(c) };
  } catch (e) {
    if (!e || !('payload' in e)) {
      failures.push(`${c.name}: threw ${e && e.stack ? e.stack : e}`);
      continue;
    }
    got = { error: dropUndefined(e.payload) };
  }
  const want = 'ok' in c ? { ok: c.ok } : { error: c.error };
  if (isDeepStrictEqual(got, want)) {
    passed += 1;
  } else {
    failures.push(`${c.name}: got ${JSON.stringify(got).slice(0, 400)}\n  want ${JSON.stringify(want).slice(0, 400)}`);
  }
}
failures.slice(0, 20).forEach((f) => console.error(f));
if (failures.length > 20) console.error(`... and ${failures.length - 20} more`);
console.log(`component-jco: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length || !passed ? 1 : 0);
