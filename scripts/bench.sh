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

# `fix` against `check` on one large `.tf` file (IMDSV2_BENCH_TF_RESOURCES instance blocks, each
# needing an edit): `fix` must stay a small multiple of `check` (it was quadratic in the edits
# of a file before). Wall time of the whole native process, best of three.
resources=${IMDSV2_BENCH_TF_RESOURCES:-40000}
tf=target/bench/fix-$resources/main.tf
mkdir -p "$(dirname "$tf")"
if [ ! -f "$tf" ]; then
  python3 - "$tf" "$resources" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    for i in range(n):
        f.write(f'resource "aws_instance" "i{i}" {{\n  ami = "ami-0123456789abcdef0"\n  metadata_options {{\n    http_tokens = "optional"\n  }}\n}}\n\n')
PY
fi
best() {
  local b=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    b=$(python3 -c "print(min(float('${b:-inf}'), $e - $s))")
  done
  echo "$b"
}
check_s=$(best target/release/imdsv2-policy check "$tf")
fix_s=$(best target/release/imdsv2-policy fix "$tf")
printf 'source: %s (%s MB, %s resources)\n' "$tf" "$(python3 -c "import os;print(round(os.path.getsize('$tf')/1e6,1))")" "$resources"
printf '  check %.2fs   fix %.2fs   fix/check %.2fx\n' "$check_s" "$fix_s" "$(python3 -c "print($fix_s/$check_s)")"
