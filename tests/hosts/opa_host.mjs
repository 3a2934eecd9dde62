// Runs the OPA module (target/hosts/imdsv2-policy.opa.wasm) under OPA's own JS SDK,
// @open-policy-agent/opa-wasm, against the native CLI's answers (see expect.py):
// - every entrypoint on every document: `imdsv2/report` value for value the CLI's JSON report,
//   `imdsv2/findings` its findings, `imdsv2/deny` and `imdsv2/allow` from its findings and
//   verdict; the document given as its bytes (an ArrayBuffer, which the SDK passes as it is)
//   and, for JSON files, as the parsed object (which the SDK stringifies);
// - the same through the SDK's ABI 1.0 path (eval contexts and opa_json_parse), which it takes
//   for modules older than 1.2;
// - requests (`{"documents": [...]}`, several documents as one evaluation), each document's
//   content as text and as JSON, the report the CLI's for files of those names;
// - bad documents, options and requests: the error the SDK throws is the CLI's error text
//   (the core's, for what only a request can say);
// - 1,260 evaluations in one instance (1,000 of them of a small plan): the memory stops
//   growing after the first few;
// - the exports that no SDK calls (opa_value_add_path and _remove_path), as the ABI says.
//
//   node tests/hosts/opa_host.mjs CASES.json OPA.wasm
import opa from '@open-policy-agent/opa-wasm';
import fs from 'node:fs';

const { loadPolicy, LoadedPolicy } = opa;
const [casesPath, wasmPath] = process.argv.slice(2);
if (!wasmPath) {
  console.error('usage: opa_host.mjs CASES.json OPA.wasm');
  process.exit(2);
}
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8')).opa;
const failures = [];
let passed = 0;

function check(name, got, want) {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g === w) {
    passed += 1;
  } else {
    failures.push(`@open-policy-agent/opa-wasm: ${name}\n    got:  ${g.slice(0, 400)}\n    want: ${w.slice(0, 400)}`);
  }
}

// What `imdsv2/deny` answers for a report: the findings that make the verdict fail.
function denied(report, options) {
  return report.findings
    .filter((f) => !('suppression' in f))
    .filter((f) => f.status === 'fail' || (f.status === 'unknown' && (f.unjudged || options?.failOnUnknown)))
    .map((f) => `${f.resource.address ?? f.resource.id ?? f.resource.type}: ${f.message}`);
}

// The SDK throws the text `opa_abort` received: a string, not an Error.
function attempt(f) {
  try {
    return { value: f() };
  } catch (e) {
    return { error: e instanceof Error ? `Error: ${e.message}` : String(e) };
  }
}

const bytes = (path) => {
  const b = fs.readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

const wasm = fs.readFileSync(wasmPath);
const policy = await loadPolicy(wasm);
// The SDK's ABI 1.0 path, in an instance of its own: LoadedPolicy takes the minor version.
const other = await loadPolicy(wasm);
const classic = new LoadedPolicy(other.wasmInstance, other.mem, 0);
check('minor version', policy.minorVersion, 3);
check('entrypoints', policy.entrypoints, { 'imdsv2/report': 0, 'imdsv2/findings': 1, 'imdsv2/deny': 2, 'imdsv2/allow': 3 });

let objectDiffers = [];
for (const c of cases) {
  const data = c.data ?? (c.options ? { imdsv2: { options: c.options } } : {});
  policy.setData(data);
  classic.setData(data);
  const input = bytes(c.input);
  if ('report' in c) {
    const report = JSON.parse(c.report);
    check(`${c.name}: imdsv2/report`, policy.evaluate(input, 'imdsv2/report'), [{ result: report }]);
    check(`${c.name}: default entrypoint`, policy.evaluate(input), [{ result: report }]);
    check(`${c.name}: imdsv2/findings`, policy.evaluate(input, 'imdsv2/findings'), [{ result: report.findings }]);
    const deny = denied(report, c.options ?? c.requestOptions);
    check(`${c.name}: imdsv2/deny`, policy.evaluate(input, 'imdsv2/deny'), [{ result: deny }]);
    const allow = report.summary.verdict === 'pass';
    check(`${c.name}: imdsv2/allow`, policy.evaluate(input, 'imdsv2/allow'), [{ result: allow }]);
    check(`${c.name}: deny empty exactly when allowed`, deny.length === 0, allow);
    // A JSON document as the object a JS program holds.
    const parsed = attempt(() => JSON.parse(fs.readFileSync(c.input, 'utf8')));
    if ('value' in parsed && c.input.endsWith('.json')) {
      const got = attempt(() => policy.evaluate(parsed.value, 'imdsv2/report'));
      if (JSON.stringify(got.value) !== JSON.stringify([{ result: report }])) objectDiffers.push(c.name);
      check(`${c.name}: classic imdsv2/report`, classic.evaluate(input, 'imdsv2/report'), [{ result: report }]);
      check(`${c.name}: classic imdsv2/allow`, classic.evaluate(parsed.value, 'imdsv2/allow'), [{ result: allow }]);
    }
  } else {
    const got = attempt(() => policy.evaluate(input, 'imdsv2/report'));
    if ('errorStart' in c) {
      check(`${c.name}: error`, got.error?.slice(0, c.errorStart.length), c.errorStart);
    } else {
      check(`${c.name}: error`, got, { error: c.error });
      for (const entrypoint of ['imdsv2/deny', 'imdsv2/allow']) {
        check(`${c.name}: ${entrypoint} error`, attempt(() => policy.evaluate(input, entrypoint)), { error: c.error });
      }
    }
  }
}
// Parsing and stringifying a document changes what the report says about its bytes (its
// encoding, a BOM); any other difference is a failure.
for (const name of objectDiffers) {
  const c = cases.find((x) => x.name === name);
  const want = JSON.parse(c.report);
  const got = policy.evaluate(JSON.parse(fs.readFileSync(c.input, 'utf8')), 'imdsv2/report')[0].result;
  delete want.input.encoding;
  delete got.input.encoding;
  check(`${name}: as an object (less input.encoding)`, got, want);
}

// Memory: one instance, 1,260 evaluations. 210 of the largest document that has a report,
// then 1,000 of a small plan (the bulk, kept fast: a few ms each), each hundredth checked
// against the CLI's answer, then 50 that fail. After the first few, the memory must not grow
// (the SDK resets the heap pointer before each).
const plain = cases.filter((c) => 'report' in c && !c.options && !c.data && !c.requestOptions);
const largest = [...plain].sort((a, b) => fs.statSync(b.input).size - fs.statSync(a.input).size)[0];
const small = plain.find((c) => c.input.endsWith('infracost__examples_terraform_plan.json'));
policy.setData({});
const ENTRY = (i) => ['imdsv2/report', 'imdsv2/findings', 'imdsv2/deny', 'imdsv2/allow'][i % 4];
const sizes = [];
const started = performance.now();
for (const [c, n] of [[largest, 210], [small, 1000]]) {
  const input = bytes(c.input);
  const report = JSON.parse(c.report);
  for (let i = 0; i < n; i += 1) {
    const got = policy.evaluate(input, ENTRY(i));
    sizes.push(policy.mem.buffer.byteLength);
    if (i % 100 === 0) check(`${c.name}: evaluation ${sizes.length}`, got, [{ result: report }]);
  }
}
const bad = cases.find((c) => c.name.endsWith('not-a-plan.json'));
for (let i = 0; i < 50; i += 1) {
  const got = attempt(() => policy.evaluate(bytes(bad.input)));
  if (i % 10 === 0) check(`${bad.name}: failure ${i + 1} after ${sizes.length} evaluations`, got, { error: bad.error });
}
const after = policy.mem.buffer.byteLength;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`opa memory: ${fs.statSync(largest.input).size} byte input (${largest.name}): ` +
  `${sizes[0]} bytes after 1 evaluation, ${sizes[9]} after 10, ${sizes[209]} after 210; ` +
  `${fs.statSync(small.input).size} byte input (${small.name}): ${sizes[1209]} after 1,000 more; ` +
  `${after} after 50 more that fail (${sizes.length + 50} evaluations in one instance, ${seconds} s)`);
check('memory after 10 evaluations = after 210, 1,210 and 50 failures', [sizes[209], sizes[1209], after, Math.max(...sizes.slice(9))],
  [sizes[9], sizes[9], sizes[9], sizes[9]]);

// The exports no SDK above calls, as the ABI documents them: opa_value_add_path (its own
// example), opa_value_remove_path, and opa_json_parse refusing what is not JSON.
{
  const raw = await loadPolicy(wasm);
  const x = raw.wasmInstance.exports;
  const put = (text) => {
    const b = new TextEncoder().encode(text);
    const at = x.opa_malloc(b.length);
    new Uint8Array(raw.mem.buffer).set(b, at);
    return x.opa_json_parse(at, b.length);
  };
  const dump = (v) => {
    const m = new Uint8Array(raw.mem.buffer);
    const at = x.opa_json_dump(v);
    return new TextDecoder().decode(m.subarray(at, m.indexOf(0, at)));
  };
  const base = put('{"a": {"b": 123}}');
  check('opa_value_add_path', [x.opa_value_add_path(base, put('["a", "x", "y"]'), put('{"foo": "bar"}')), JSON.parse(dump(base))],
    [0, { a: { b: 123, x: { y: { foo: 'bar' } } } }]);
  check('opa_value_remove_path', [x.opa_value_remove_path(base, put('["a", "b"]')), JSON.parse(dump(base))],
    [0, { a: { x: { y: { foo: 'bar' } } } }]);
  check('opa_value_add_path through a number', [x.opa_value_add_path(put('{"a": 1}'), put('["a", "b"]'), put('2')), x.opa_value_add_path(base, put('[1]'), put('2'))], [3, 2]);
  check('opa_json_parse of what is not JSON', [put('{nope'), put('[1] [2]')], [0, 0]);
  // The Rust SDK (the opa-wasm crate) counts a C string's NUL in the length.
  check('opa_json_parse with the NUL counted', dump(put('{"a": 1}\0')), '{"a": 1}');
}

for (const f of failures.slice(0, 20)) console.error(f);
if (failures.length > 20) console.error(`... and ${failures.length - 20} more`);
if (objectDiffers.length) console.log(`opa: ${objectDiffers.length} documents whose report differs when passed as an object: ${objectDiffers.join(', ')}`);
console.log(`opa host: @open-policy-agent/opa-wasm ${JSON.parse(fs.readFileSync(new URL('./node_modules/@open-policy-agent/opa-wasm/package.json', import.meta.url))).version}, node ${process.version}, module ${wasm.length} bytes`);
console.log(`opa-host: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length || passed === 0 ? 1 : 0);
