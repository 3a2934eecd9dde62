#!/usr/bin/env bash
# Builds the WebAssembly files for hosts other than the browser and Node package:
#   target/hosts/imdsv2-policy-wasi.wasm    the CLI as a WASI command (wasm32-wasip1): any
#                                            WASI runtime runs it on stdin/stdout
#   target/hosts/imdsv2-policy-extism.wasm  the Extism plugin (crates/extism-plugin): export
#                                            `evaluate`, `evaluate_request` (several
#                                            documents), ...; options in the config key `options`
#   target/hosts/imdsv2-policy.opa.wasm     an OPA Wasm ABI 1.3 module (crates/opa-policy):
#                                            entrypoints imdsv2/report, findings, deny, allow;
#                                            options in data.imdsv2.options
#   target/hosts/imdsv2-policy-opa-bundle.tar.gz  that module as an OPA bundle (/.manifest,
#                                            /policy.wasm), byte for byte the same on each build
#   target/hosts/imdsv2-policy.component.wasm  a WebAssembly component (crates/component): the
#                                            world imdsv2:policy/policy (wit/imdsv2-policy.wit),
#                                            built for wasm32-wasip2, whose linker makes the
#                                            component; for jco, wasmtime and other component hosts
# All use the `wasm-release` profile; wasm-opt -Os trims another tenth when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh

out=target/hosts
profile=wasm-release
mkdir -p "$out"

cargo build --locked --quiet --profile "$profile" --target wasm32-wasip1 --bin imdsv2-policy
cargo build --locked --quiet --profile "$profile" --target wasm32-unknown-unknown -p imdsv2-policy-extism
cargo build --locked --quiet --profile "$profile" --target wasm32-unknown-unknown -p imdsv2-policy-opa
cargo build --locked --quiet --profile "$profile" --target wasm32-wasip2 -p imdsv2-policy-component

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
# The component as the linker made it: wasm-opt reads core modules only.
component="$out/imdsv2-policy.component.wasm"
if [ ! "$component" -nt "target/wasm32-wasip2/$profile/imdsv2_policy_component.wasm" ]; then
  cp "target/wasm32-wasip2/$profile/imdsv2_policy_component.wasm" "$component"
fi
printf '%s\t%s bytes\n' "$component" "$(wc -c <"$component" | tr -d ' ')" >&2

# The OPA module: the ABI's version globals added first (scripts/lib/opa_abi.py says why), as
# 1.3: every export up to ABI 1.3 is there.
opa_raw="target/wasm32-unknown-unknown/$profile/imdsv2_policy_opa.wasm"
opa_abi="target/wasm32-unknown-unknown/$profile/imdsv2_policy_opa.abi.wasm"
if [ ! "$opa_abi" -nt "$opa_raw" ]; then
  python3 scripts/lib/opa_abi.py "$opa_raw" "$opa_abi" 1 3
fi
finish "$opa_abi" "$out/imdsv2-policy.opa.wasm"

# The bundle: what `opa build -t wasm` would give for these entrypoints, without Rego. Fixed
# names, times, owners and modes, and gzip without a time stamp: the same bytes on every
# build.
bundle="$out/imdsv2-policy-opa-bundle.tar.gz"
if [ ! "$bundle" -nt "$out/imdsv2-policy.opa.wasm" ]; then
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  cp "$out/imdsv2-policy.opa.wasm" "$staging/policy.wasm"
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
  entries=""
  for entrypoint in report findings deny allow; do
    entries="$entries${entries:+,}{\"entrypoint\":\"imdsv2/$entrypoint\",\"module\":\"/policy.wasm\"}"
  done
  printf '{"revision":"imdsv2-policy %s","roots":["imdsv2"],"wasm":[%s]}\n' "$version" "$entries" >"$staging/.manifest"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=u=rw,go=r \
    --format=ustar -P --transform='s,^,/,' -C "$staging" -cf - .manifest policy.wasm |
    gzip -9n >"$bundle"
fi
printf '%s\t%s bytes\n' "$bundle" "$(wc -c <"$bundle" | tr -d ' ')" >&2
