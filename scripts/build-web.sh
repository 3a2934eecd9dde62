#!/usr/bin/env bash
# Builds the browser checker into web/dist/, a folder any static host can serve as it is:
# the page's own files (web/src/), the checker's WebAssembly module with its wasm-bindgen glue
# for browsers (`--target web`, which a module Web Worker imports), and a few example inputs
# from tests/corpus/.
#
# The module is the npm package's (pkg/imdsv2_policy.js and imdsv2_policy_bg.wasm, built by
# scripts/build-pkg.sh), so the page runs exactly what npm users get. Where pkg/ is not built,
# or with WEB_WASM=source, the core is compiled here instead (release profile).
#
#   scripts/build-web.sh            build web/dist/
#   scripts/serve-web.sh            build, then serve it on http://127.0.0.1:8080/
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh

out=web/dist

# The examples the page offers with one click: name in the page <- file in the corpus.
examples=(
  "describe-instances.json tests/corpus/ec2/ssmilecl_devops-interview-tests__exercise1_ec2-describe-instances.json"
  "terraform-plan.json tests/corpus/plans/infracost__cmd_infracost_testdata_terraform_v0.14_plan.json"
  "terraform-state.json tests/corpus/plans/infracost__cmd_infracost_testdata_terraform_v0.14_state.json"
  "plan-with-unknowns.json tests/corpus/plans/checkov__tests_terraform_parser_resources_plan_tags_variety_tfplan.json"
)

log() { printf '==> %s\n' "$*" >&2; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/imdsv2-web.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/pkg"

if [ "${WEB_WASM:-pkg}" = pkg ] && [ -f pkg/imdsv2_policy_bg.wasm ] &&
  grep -q '__wbg_init as default' pkg/imdsv2_policy.js 2>/dev/null; then
  log "the npm package's module (pkg/)"
  cp pkg/imdsv2_policy.js pkg/imdsv2_policy_glue.js pkg/imdsv2_policy_bg.wasm "$stage/pkg/"
else
  log "cargo build --target wasm32-unknown-unknown --features wasm (release)"
  cargo build --quiet --lib --release --target wasm32-unknown-unknown --features wasm
  target_dir=$(cargo metadata --format-version 1 --no-deps |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  wasm="$target_dir/wasm32-unknown-unknown/release/imdsv2_policy.wasm"
  # wasm-bindgen directly rather than through wasm-pack: the same glue, without the files
  # wasm-pack writes for npm, and without its download of tools it does not find.
  log "wasm-bindgen --target web"
  wasm-bindgen --target web --no-typescript --out-dir "$stage/pkg" "$wasm"
  # No wasm-opt pass: Debian's binaryen (108) rewrites the externref table wasm-bindgen uses
  # into one the browser refuses to fill (`WebAssembly.Table.set(): Argument 1 is invalid
  # for table`); scripts/build-pkg.sh uses binaryen from npm for that reason.
fi

cp -R web/src/. "$stage/"
mkdir -p "$stage/examples"
for entry in "${examples[@]}"; do
  read -r name src <<<"$entry"
  cp "$src" "$stage/examples/$name"
done

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R "$stage" "$out"
chmod -R a+rX "$out"
log "built $out ($(du -sh "$out" | cut -f1); wasm $(du -h "$out/pkg/imdsv2_policy_bg.wasm" | cut -f1))"
