#!/usr/bin/env bash
# The browser checker's test dependency: playwright-core (a driver only; the browser is
# Debian's chromium, installed by scripts/setup.sh; Playwright never downloads one here).
set -euo pipefail
cd "$(dirname "$0")/../../web"
if [ ! -f node_modules/playwright-core/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  printf '==> %s\n' "npm ci (web/)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
