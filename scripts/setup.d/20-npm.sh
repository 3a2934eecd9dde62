#!/usr/bin/env bash
# Build and test tools of the npm package (npm/package-lock.json): json-schema-to-typescript
# for the generated types, TypeScript for the declaration check, binaryen's wasm-opt (Debian's
# 108 breaks wasm-bindgen 0.2.130 modules). Installed only when missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/../../npm"
if [ ! -f node_modules/json-schema-to-typescript/package.json ] ||
  [ ! -f node_modules/binaryen/package.json ] ||
  [ ! -f node_modules/typescript/package.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  printf '==> %s\n' "npm ci (npm/)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
