#!/usr/bin/env bash
# Live documents made by the real AWS CLI against a local moto server (started on a free port
# of 127.0.0.1 and stopped by tests/moto/live_moto.py, whatever happens), judged by the native
# CLI; then the same expectations on the saved copy in tests/fixtures/live-moto/ (which
# tests/live_moto.rs also checks, without moto); then ASFF bodies imported into moto's Security
# Hub with the real AWS CLI (tests/moto/asff_moto.py). About 40 s on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/env.sh
bash scripts/setup.d/35-moto.sh
cargo build --quiet --locked --bin imdsv2-policy
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cli="$target_dir/debug/imdsv2-policy"
python3 tests/moto/live_moto.py "$cli" --out "$target_dir/live-moto"
python3 tests/moto/live_moto.py "$cli" --fixtures tests/fixtures/live-moto
python3 tests/moto/asff_moto.py "$cli"
python3 tests/action_yml.py
