#!/usr/bin/env bash
# All benchmarks in one run: the native large-plan benchmark (cargo bench), then the same plan
# through the native CLI, the wasm package in Node and Node's JSON.parse, side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh
instances=${IMDSV2_BENCH_INSTANCES:-50000}
cargo bench --bench large_plan
cargo build --release --locked
[ -f pkg/node.cjs ] || scripts/build-pkg.sh
node scripts/bench-node.mjs "target/bench/plan-$instances.json"
