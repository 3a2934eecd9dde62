#!/usr/bin/env bash
# Node hosts for the Extism plugin (tests/hosts/node_hosts.mjs: @extism/extism) and the OPA
# module (tests/hosts/opa_host.mjs: @open-policy-agent/opa-wasm), pinned by
# tests/hosts/package-lock.json. node:wasi needs nothing.
set -euo pipefail
cd "$(dirname "$0")/../../tests/hosts"
if [ ! -f node_modules/@extism/extism/package.json ] || [ ! -f node_modules/@open-policy-agent/opa-wasm/package.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  printf '==> %s\n' "npm ci (tests/hosts/)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
