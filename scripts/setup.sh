#!/usr/bin/env bash
# Installs what the build and tests need, each only when missing. Safe to run again.
# A fresh machine has the Rust toolchain, Node 20 with npm, Python 3.11 with pip and gcc.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate (pinned with `=`
# in Cargo.toml): the CLI rewrites the module the crate's macros produced.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)

log() { printf '==> %s\n' "$*" >&2; }
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

for target in wasm32-unknown-unknown wasm32-wasip1; do
  if ! rustup target list --installed | grep -qx "$target"; then
    log "rustup target add $target"
    rustup target add "$target"
  fi
done

# Cargo tools, each checked where this set-up installs it (see scripts/lib/env.sh), so an empty
# CARGO_INSTALL_ROOT means a real install from nothing. `--locked` first: the tool's own lock
# file is what its authors tested. A published lock file can go stale (wasm-bindgen-cli 0.2.130
# pins a webpki-roots release crates.io no longer serves), so when the locked install fails the
# install is tried once more without it, resolving the tool's dependencies afresh within their
# semver ranges, and a line says so. A tool that installs neither way stops the set-up.
cargo_tool() { # cargo_tool CRATE BINARY VERSION(or "")
  local crate=$1 bin=$2 version=$3 args=()
  [ -n "$version" ] && args=(--version "=$version")
  [ -n "${CARGO_INSTALL_ROOT:-}" ] && args+=(--root "$CARGO_INSTALL_ROOT")
  log "cargo install --locked $crate${version:+ --version =$version} (into $IMDSV2_TOOLS_BIN)"
  if cargo install --locked "$crate" "${args[@]}"; then return 0; fi
  log "NOTE: the locked install of $crate failed (its published Cargo.lock no longer resolves);"
  log "      installing it again without --locked: dependencies resolved afresh within semver"
  cargo install "$crate" "${args[@]}"
}
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
