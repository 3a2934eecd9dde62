#!/usr/bin/env bash
# The WASI command and the Extism plugin on other hosts, each answering as the native CLI does:
# the WASI command under Node's node:wasi and Python's wasmtime (stdin, preopened files, and
# several files and folders as one evaluation), the Extism plugin under Python's extism and
# Node's @extism/extism (requests of several documents included), the OPA module under OPA's
# JS SDK @open-policy-agent/opa-wasm (every entrypoint, requests, and its memory over 1,260
# evaluations), Python's opa-wasmtime and the Rust crate opa-wasm (tests/hosts/opa-rust), and
# examples/python/embed.py; the WebAssembly component under @bytecodealliance/jco (transpiled,
# in Node) and Python wasmtime's `wasmtime.component`. Cases and the native answers: tests/hosts/expect.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/env.sh
bash scripts/setup.d/30-python.sh
bash scripts/setup.d/30-hosts-node.sh
bash scripts/build-hosts.sh
# The dev-profile CLI: its reports are the release one's, and `cargo test` built most of it.
cargo build --quiet --locked --bin imdsv2-policy
# The core's answer to a request, natively (examples/request.rs): what the CLI has no form of.
cargo build --quiet --locked --example request
# The component's calls natively (examples/component.rs): the core's error fields.
cargo build --quiet --locked --example component
# The OPA module's evaluation itself, natively (crates/opa-policy/src/lib.rs): the crate is not
# a default member, so `cargo test` at the root does not run it.
cargo test --quiet --locked -p imdsv2-policy-opa

work=target/hosts-test
rm -rf "$work"
mkdir -p "$work"
python3 tests/hosts/expect.py "$PWD/target/debug/imdsv2-policy" "$PWD/target/debug/examples/request" \
  "$PWD/target/debug/examples/component" "$work"
wasi=target/hosts/imdsv2-policy-wasi.wasm
plugin=target/hosts/imdsv2-policy-extism.wasm
status=0
component=target/hosts/imdsv2-policy.component.wasm
python3 tests/hosts/python_hosts.py "$work/cases.json" "$wasi" "$plugin" \
  target/hosts/imdsv2-policy.opa.wasm "$component" || status=1
# node:wasi and @extism/extism in separate processes (see node_hosts.mjs). Without V8's fast
# API calls: Node 20's node:wasi crashes (SIGSEGV, or `GetAlignedPointerFromInternalField()
# Internal field out of bounds`) when a garbage collection runs inside a WASI call
# (nodejs/node#46777), which a large input makes likely: the 32 and 64 MiB inputs crashed it in
# two runs of three, before this change to the WASI command too, and never with the flag.
# Each takes seconds; Node 20's node:wasi has also been seen to hang in a futex wait (once in
# several runs here, 14 minutes without CPU, same bug family as above): a run that outlives
# 300 s is stopped and said, then run once more, so a hang of Node's cannot hold CI to its
# limit while a real failure still fails.
for hosts in wasi extism; do
  for attempt in 1 2; do
    rc=0
    HOSTS=$hosts timeout 300 node --no-turbo-fast-api-calls --disable-warning=ExperimentalWarning \
      tests/hosts/node_hosts.mjs "$work/cases.json" "$wasi" "$plugin" || rc=$?
    [ "$rc" -eq 124 ] && [ "$attempt" -eq 1 ] && { echo "NOTE: node hosts ($hosts) hung for 300 s; running them again" >&2; continue; }
    [ "$rc" -eq 0 ] || status=1
    break
  done
done
node tests/hosts/opa_host.mjs "$work/cases.json" target/hosts/imdsv2-policy.opa.wasm || status=1
# The OPA module under matrix-org's Rust SDK, the opa-wasm crate (wasmtime): a program of its
# own workspace and lock (tests/hosts/opa-rust). Its cold release build is the most of this
# script's time on a fresh machine (see the README); later runs reuse its target/.
cargo run --quiet --release --locked --manifest-path tests/hosts/opa-rust/Cargo.toml -- \
  "$work/cases.json" target/hosts/imdsv2-policy.opa.wasm || status=1
# The component (under Python's wasmtime above): transpiled by jco to JS and core modules,
# run in Node.
tests/hosts/node_modules/.bin/jco transpile "$component" --name imdsv2-policy -I async \
  --no-typescript -q -o "$work/jco" || status=1
node tests/hosts/component_host.mjs "$work/cases.json" "$work/jco" || status=1
# The OPA bundle: the module as /policy.wasm, and a manifest with every entrypoint.
bundle=target/hosts/imdsv2-policy-opa-bundle.tar.gz
tar -xzOPf "$bundle" /policy.wasm | cmp - target/hosts/imdsv2-policy.opa.wasm || status=1
tar -xzOPf "$bundle" /.manifest | python3 -c '
import json, sys
m = json.load(sys.stdin)
want = [{"entrypoint": f"imdsv2/{e}", "module": "/policy.wasm"} for e in ("report", "findings", "deny", "allow")]
sys.exit(0 if m["roots"] == ["imdsv2"] and m["wasm"] == want else f"bad manifest: {m}")' || status=1
exit $status
