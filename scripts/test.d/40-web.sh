#!/usr/bin/env bash
# The browser checker in a real Chromium: builds web/dist and the CLI (whose reports the page
# must match byte for byte), then runs web/test/page.test.mjs. Screenshots go to
# tests/artifacts/web/. WEB_LARGE_MB sets the size of the generated large plan (default 100).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/env.sh
if [ "${IMDSV2_SKIP_BROWSER:-0}" = 1 ]; then
  echo "browser tests skipped: IMDSV2_SKIP_BROWSER=1" >&2
  exit 0
fi
bash scripts/setup.d/40-web.sh
bash scripts/build-web.sh
cargo build --quiet --locked --bin imdsv2-policy
target_dir=$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
export IMDSV2_CLI="$target_dir/debug/imdsv2-policy"
cd web
node --test test/page.test.mjs
