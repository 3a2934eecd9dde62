#!/usr/bin/env bash
# Installs what the build and tests need, each only when missing. Safe to run again.
# A fresh machine has the Rust toolchain, Node 20 with npm, Python 3.11 with pip and gcc.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh
. scripts/lib/cargo-tool.sh

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate (pinned with `=`
# in Cargo.toml): the CLI rewrites the module the crate's macros produced.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_missing=()
command -v wasm-opt >/dev/null 2>&1 || apt_missing+=(binaryen)
if [ "${IMDSV2_SKIP_BROWSER:-0}" != 1 ]; then
  command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || apt_missing+=(chromium-driver)
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "apt-get install ${apt_missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

for target in wasm32-unknown-unknown wasm32-wasip1 wasm32-wasip2; do
  if ! rustup target list --installed | grep -qx "$target"; then
    log "rustup target add $target"
    rustup target add "$target"
  fi
done

have_version() { "$IMDSV2_TOOLS_BIN/$1" --version 2>/dev/null | awk '{print $2}'; }

wasm_bindgen_version=${IMDSV2_WASM_BINDGEN_VERSION:-$WASM_BINDGEN_VERSION}
if [ "$(have_version wasm-bindgen)" != "$wasm_bindgen_version" ]; then
  cargo_tool wasm-bindgen-cli wasm-bindgen "$wasm_bindgen_version"
fi
if [ -z "$(have_version wasm-pack)" ]; then
  cargo_tool wasm-pack wasm-pack ""
fi

# Project-local setup steps (npm and pip dependencies), one file per part of the project.
for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done

log "tools: $(rustc --version | awk '{print "rustc", $2}'), $("$IMDSV2_TOOLS_BIN/wasm-bindgen" --version),\
 $("$IMDSV2_TOOLS_BIN/wasm-pack" --version), wasm-opt $(npm/node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}'),\
 node $(node --version), npm $(npm --version), $(python3 --version)"
