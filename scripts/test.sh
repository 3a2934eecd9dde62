#!/usr/bin/env bash
# The project's whole test suite: installs what is missing, then runs the Rust tests and
# every part's own tests (scripts/test.d/*.sh, in name order).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh
bash scripts/setup.sh
echo "==> cargo test" >&2
cargo test --locked --all-targets
for part in scripts/test.d/*.sh; do
  [ -e "$part" ] || continue
  echo "==> $part" >&2
  bash "$part"
done
echo "==> all tests passed" >&2
