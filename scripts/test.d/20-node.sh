#!/usr/bin/env bash
# The npm package: builds pkg/ (scripts/build-pkg.sh), runs the wasm-bindgen tests under Node
# (tests/wasm.rs), checks the TypeScript declarations with tsc, then the package's Node tests
# (npm/test/), which compare the Node command with the native CLI built here.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/env.sh
log() { printf '==> %s\n' "$*" >&2; }

committed=$(git rev-parse -q --verify "HEAD:pkg/imdsv2_policy_bg.wasm" 2>/dev/null || true)
bash scripts/build-pkg.sh
if [ -n "$committed" ] && ! git diff --quiet HEAD -- pkg/ 2>/dev/null; then
  log "note: pkg/ differs from the committed build; commit it so the GitHub Action runs this code"
fi

log "wasm-pack test --node (tests/wasm.rs)"
wasm-pack test --node . --features wasm --test wasm

log "cargo build --release (the native CLI the Node command is compared with)"
cargo build --quiet --locked --release --bin imdsv2-policy
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

# The tests and the TypeScript check import the package by name, as its users do.
ln -sfn ../../pkg npm/node_modules/imdsv2-policy

log "tsc --noEmit (npm/test/types)"
npm/node_modules/.bin/tsc -p npm/test/types/tsconfig.json
npm/node_modules/.bin/tsc -p npm/test/types/tsconfig.bundler.json

# The same shell over a module with a test-only export that traps (`--features test-trap`,
# never in pkg/), for the test of the recovery after a trap (npm/test/limits.test.mjs). Dev
# profile: it only has to trap, and it builds in a fraction of the package's time.
log "the package's shell over a module that can trap (--features test-trap)"
trap_pkg="$target_dir/pkg-trap"
rm -rf "$trap_pkg"
mkdir -p "$trap_pkg/node" "$trap_pkg/web"
cargo build --quiet --locked --lib --target wasm32-unknown-unknown --features test-trap
trap_wasm="$target_dir/wasm32-unknown-unknown/debug/imdsv2_policy.wasm"
wasm-bindgen --target nodejs --out-dir "$trap_pkg/node" --out-name imdsv2_policy "$trap_wasm"
wasm-bindgen --target web --out-dir "$trap_pkg/web" --out-name imdsv2_policy "$trap_wasm"
cp "$trap_pkg/node/imdsv2_policy_bg.wasm" "$trap_pkg/"
node npm/build/shell.mjs "$trap_pkg/node/imdsv2_policy.js" "$trap_pkg/web/imdsv2_policy.js" "$trap_pkg"

log "node --test npm/test/"
IMDSV2_NATIVE="$target_dir/release/imdsv2-policy" IMDSV2_TRAP_PKG="$trap_pkg" node --test npm/test/
