#!/usr/bin/env bash
# Builds the two WebAssembly files for hosts other than the browser and Node package:
#   target/hosts/imdsv2-policy-wasi.wasm    the CLI as a WASI command (wasm32-wasip1): any
#                                            WASI runtime runs it on stdin/stdout
#   target/hosts/imdsv2-policy-extism.wasm  the Extism plugin (crates/extism-plugin): export
#                                            `evaluate`, options in the config key `options`
# Both use the `wasm-release` profile; wasm-opt -Os trims another tenth when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh

out=target/hosts
profile=wasm-release
mkdir -p "$out"

cargo build --locked --quiet --profile "$profile" --target wasm32-wasip1 --bin imdsv2-policy
cargo build --locked --quiet --profile "$profile" --target wasm32-unknown-unknown -p imdsv2-policy-extism

# The features rustc enables by default for wasm today; wasm-opt refuses a module that uses a
# feature it was not told about.
features=(--enable-bulk-memory --enable-sign-ext --enable-mutable-globals
  --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types)
finish() {
  if [ "$2" -nt "$1" ]; then
    : # up to date
  elif command -v wasm-opt >/dev/null 2>&1; then
    wasm-opt -Os "${features[@]}" "$1" -o "$2"
  else
    cp "$1" "$2"
  fi
  printf '%s\t%s bytes\n' "$2" "$(wc -c <"$2" | tr -d ' ')" >&2
}
finish "target/wasm32-wasip1/$profile/imdsv2-policy.wasm" "$out/imdsv2-policy-wasi.wasm"
finish "target/wasm32-unknown-unknown/$profile/imdsv2_policy_extism.wasm" "$out/imdsv2-policy-extism.wasm"
