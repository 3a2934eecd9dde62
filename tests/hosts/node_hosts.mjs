// Runs the host cases (see expect.py) under Node: the WASI command under `node:wasi`, the
// Extism plugin under `@extism/extism`, each against the native CLI's answer.
//
//   node --disable-warning=ExperimentalWarning tests/hosts/node_hosts.mjs CASES.json WASI.wasm EXTISM.wasm
import createPlugin from '@extism/extism';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';

const [casesPath, wasiWasm, extismWasm] = process.argv.slice(2);
if (!extismWasm) {
  console.error('usage: node_hosts.mjs CASES.json WASI.wasm EXTISM.wasm');
  process.exit(2);
}
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
const failures = [];
let passed = 0;

function check(host, name, got, expected) {
  for (const [key, want] of Object.entries(expected)) {
    if (got[key] !== want) {
      failures.push(`${host}: ${name}: ${key} differs\n${firstDifference(String(got[key]), String(want))}`);
      return;
    }
  }
  passed += 1;
}

function firstDifference(got, want) {
  const g = got.split('\n');
  const w = want.split('\n');
  for (let i = 0; i < Math.min(g.length, w.length); i += 1) {
    if (g[i] !== w[i]) return `  line ${i + 1}\n    got:  ${JSON.stringify(g[i])}\n    want: ${JSON.stringify(w[i])}`;
  }
  return `  got ${g.length} lines, want ${w.length}`;
}

const pick = (c, keys) => Object.fromEntries(keys.filter((k) => k in c).map((k) => [k, c[k]]));

async function wasiCases() {
  const module = await WebAssembly.compile(fs.readFileSync(wasiWasm));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imdsv2-wasi-'));
  try {
    for (const c of cases.wasi) {
      const out = path.join(tmp, 'stdout');
      const err = path.join(tmp, 'stderr');
      const fds = [fs.openSync(c.stdin ?? '/dev/null', 'r'), fs.openSync(out, 'w'), fs.openSync(err, 'w')];
      let code;
      try {
        const wasi = new WASI({
          version: 'preview1',
          args: ['imdsv2-policy', ...c.args],
          env: {},
          preopens: { '.': c.dir },
          stdin: fds[0],
          stdout: fds[1],
          stderr: fds[2],
          returnOnExit: true,
        });
        const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
        code = wasi.start(instance);
      } finally {
        fds.forEach((fd) => fs.closeSync(fd));
      }
      const got = { stdout: fs.readFileSync(out, 'utf8'), stderr: fs.readFileSync(err, 'utf8'), code };
      check('node:wasi', c.name, got, pick(c, ['stdout', 'stderr', 'code']));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// The JS SDK puts this before the plugin's error text.
const SDK_PREFIX = 'Plugin-originated error: ';

async function extismCases() {
  const wasm = fs.readFileSync(extismWasm);
  // One plugin per config, called again and again as a policy tool would, errors included.
  const plugins = new Map();
  for (const c of cases.extism) {
    const key = JSON.stringify(Object.entries(c.config).sort());
    if (!plugins.has(key)) {
      // The JS SDK takes the config from its options, not from the manifest.
      plugins.set(key, await createPlugin({ wasm: [{ data: wasm }] }, { useWasi: false, config: c.config }));
    }
    const plugin = plugins.get(key);
    let got;
    try {
      // A copy: @extism/extism 1.0.3 passes a Uint8Array's whole ArrayBuffer to the plugin,
      // and a small file's Buffer is a view into Node's shared pool.
      const input = c.input ? new Uint8Array(fs.readFileSync(c.input)) : undefined;
      const output = await plugin.call(c.function, input);
      got = { output: output ? output.text() : '' };
    } catch (e) {
      const message = e instanceof Error ? e.message : `not an Error: ${e}`;
      got = { error: message.startsWith(SDK_PREFIX) ? message.slice(SDK_PREFIX.length) : message };
    }
    if ('errorStart' in c && 'error' in got) got = { errorStart: got.error.slice(0, c.errorStart.length) };
    check('@extism/extism', c.name, got, pick(c, ['output', 'error', 'errorStart']));
  }
  for (const plugin of plugins.values()) await plugin.close();
}

// `HOSTS=wasi` or `HOSTS=extism` runs one of the two. The test script runs them as two
// processes: Node 20 itself crashed (SIGSEGV, about one run in four, no JS error) when
// hundreds of node:wasi instances and @extism/extism's worker shared one process; each alone
// never did in repeated runs.
const only = process.env.HOSTS;
if (only !== 'extism') await wasiCases();
if (only !== 'wasi') await extismCases();
for (const f of failures.slice(0, 20)) console.error(f);
if (failures.length > 20) console.error(`... and ${failures.length - 20} more`);
console.log(`node hosts (${only ?? 'all'}): node ${process.version}`);
console.log(`node-hosts: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length || passed === 0 ? 1 : 0);
