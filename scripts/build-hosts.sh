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
# Prints each one's size and gzipped size, and fails when one is over its budget (below).
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
}
finish "target/wasm32-wasip1/$profile/imdsv2-policy.wasm" "$out/imdsv2-policy-wasi.wasm"
finish "target/wasm32-unknown-unknown/$profile/imdsv2_policy_extism.wasm" "$out/imdsv2-policy-extism.wasm"
# The component as the linker made it: wasm-opt reads core modules only.
component="$out/imdsv2-policy.component.wasm"
if [ ! "$component" -nt "target/wasm32-wasip2/$profile/imdsv2_policy_component.wasm" ]; then
  cp "target/wasm32-wasip2/$profile/imdsv2_policy_component.wasm" "$component"
fi

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

# Each artifact's size and gzipped size (gzip -9, as build-pkg.sh measures the npm module),
# held to a budget as the npm module's is: a change that grows one past its budget fails the
# build (and CI). Each budget is a little above the size measured when it was set (with
# Debian's wasm-opt 108, which scripts/setup.sh installs; without wasm-opt the core modules come
# out about a tenth larger and over their budgets). The OPA module has no wasm-bindgen
# glue and no JS shell: its budget stays under the npm module's (624 KB, build-pkg.sh).
# The Extism plugin, the OPA module and the component were raised by about 22 KB each when
# `lang` became an option of every host: they now carry the Japanese catalogue and its matcher
# (policies/i18n/ja.json, src/i18n.rs), which before only the renderers linked. Every budget
# was raised by 2 or 3 KB with the peak-memory work on large plans (`prior_state` read by its
# own entry reader; measured 0.6 to 2.5 KB more each), and by 1 to 2 KB with the pass that
# refuses a `.tf` file left open before hcl-edit reads it (src/read/source/unclosed.rs;
# measured 0.9 to 1.5 KB more each), and by 2 KB with module cycles, duplicate module calls and
# the limit of expanded instances (measured 1.9 to 2.4 KB more each since the pass; printed
# beside each budget below).
budget_kb() {
  case "$1" in
    # measured 576.3 KB gzipped (1,552,473 bytes); raised from 580 with `--format csv` and
    # `--format markdown` (measured 586.0 KB, 1,572,069 bytes: the CLI renders every format),
    # then to 654 with `--format asff`, TOML config files and Japanese (measured 651.1 KB,
    # 1,776,005 bytes: the CLI reads config files and writes every format in both languages),
    # then to 658 with `fix` in Japanese (measured 654.8 KB, 1,792,429 bytes), then to 660
    # (measured 658.6 KB, 1,804,040 bytes), then to 662 (measured 660.7 KB, 1,802,678 bytes)
    *-wasi.wasm) echo 662 ;;
    # measured 499.9 KB gzipped (1,336,440 bytes); raised to 502 when large plans began to
    # share work with other threads natively (src/par.rs; in wasm the same calls run in
    # sequence): measured 501.0 KB, 1,335,880 bytes, 15 bytes over 501 KB
    *-extism.wasm) echo 502 ;;
    # measured 470.8 KB gzipped (1,270,132 bytes); raised to 474 when plans began to have their
    # changes parsed in the document's one pass (measured 471.7 KB, 1,269,536 bytes: fewer
    # bytes that gzip less well; the bundle 472.4 KB, 0.4 KB over 472)
    *.opa.wasm) echo 474 ;;
    *-opa-bundle.tar.gz) echo 474 ;; # the module above, tarred and gzipped with its manifest
    *.component.wasm) echo 504 ;;   # measured 502.8 KB gzipped (1,473,778 bytes)
    *) echo "build-hosts: no budget for $1" >&2; return 1 ;;
  esac
}
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
over=0
for f in "$out/imdsv2-policy-wasi.wasm" "$out/imdsv2-policy-extism.wasm" "$out/imdsv2-policy.opa.wasm" \
  "$bundle" "$component"; do
  size=$(wc -c <"$f" | tr -d ' ')
  gz=$(gzip -9 -c "$f" | wc -c | tr -d ' ')
  budget=$(($(budget_kb "$f") * 1024))
  printf '%s\t%s bytes, %s (%s gzipped; budget %s)\n' "$f" "$size" "$(kb "$size")" "$(kb "$gz")" "$(kb "$budget")" >&2
  if [ "$gz" -gt "$budget" ]; then
    echo "build-hosts: $f is $(kb $((gz - budget))) over its gzipped budget of $(kb "$budget")" >&2
    over=1
  fi
done
[ "$over" -eq 0 ]
