#!/usr/bin/env bash
# Builds the browser checker and serves it on http://127.0.0.1:8080/ (PORT=... to change).
# Any static host serves web/dist/ just as well: copy the folder as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-web.sh
exec node scripts/serve-web.mjs web/dist --port "${PORT:-8080}" "$@"
