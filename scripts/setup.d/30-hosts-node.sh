#!/usr/bin/env bash
# Node hosts for the Extism plugin (tests/hosts/node_hosts.mjs: @extism/extism), the OPA
# module (tests/hosts/opa_host.mjs: @open-policy-agent/opa-wasm) and the component
# (tests/hosts/component_host.mjs: @bytecodealliance/jco transpiles it, its WASI imports from
# @bytecodealliance/preview2-shim), pinned by tests/hosts/package-lock.json. node:wasi needs
# nothing.
set -euo pipefail
cd "$(dirname "$0")/../../tests/hosts"
if [ ! -f node_modules/@extism/extism/package.json ] || [ ! -f node_modules/@open-policy-agent/opa-wasm/package.json ] ||
  [ ! -f node_modules/@bytecodealliance/jco/package.json ] ||
  [ ! -f node_modules/@bytecodealliance/preview2-shim/package.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  printf '==> %s\n' "npm ci (tests/hosts/)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
