#!/usr/bin/env bash
# Builds the npm package `imdsv2-policy` into pkg/ (committed: action.yml runs pkg/action.cjs
# from the repository as it is).
#
#   scripts/build-pkg.sh            build pkg/ and print the module's size, gzipped
#
# One WebAssembly module, built by wasm-pack with the `wasm-pkg` profile (Cargo.toml) and
# shrunk by wasm-opt -O, serves every host through two wasm-bindgen glues that load the
# same file: `--target web` (ES module, for browsers and bundlers; `await init()` first) and
# `--target nodejs` (CommonJS, loads synchronously; node.mjs re-exports it for ESM, so both
# share one instance). The TypeScript types are generated from the Rust types (their JSON
# Schemas, by json-schema-to-typescript) and appended to each glue's declarations. Hand-written files come from
# npm/src/. Needs npm/node_modules (scripts/setup.d/20-npm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh

log() { printf '==> %s\n' "$*" >&2; }

# The size the module must stay under, gzipped (issue 3).
# Raised from 400 KB (issue 3) to 456 KB when the source reader gained module expansion, raw
# state files, `.tf.json`, three more controls and more Terraform functions (measured 453.8 KB): getting back under
# 400 KB is open work, said in the README. Raised again to 468 KB when EC2.8 gained fleets, Batch
# and the services it cannot judge (measured 464.5 KB: +10.7 KB, most of it serde visitors for
# the new attribute blocks in both the value and the configuration form).
# Raised once more to 492 KB for the live account view (six AWS responses, template versions,
# the account join; measured 489.8 KB), then to 508 KB with issue 12's size check and
# renderBytes, the scanner-comment suppressions and the finding groups (measured 505.6 KB).
# Then to 524 KB when the Node command moved onto the core's argument parser (`parseArgs`,
# the usage texts, config merging, colour) and `evaluate` took several documents (the live
# join in the module; measured 521.2 KB, +15.6 KB; cli.cjs lost its own parser, 250 lines),
# and to 528 KB with `locateFindings` (`check --source`; measured 524.0 KB), then to 532 KB
# with `--format junit` and the terminal-width table (measured 528.2 KB), then to 540 KB with
# `--format csv` and `--format markdown` (measured 536.4 KB, +7.1 KB). Raised for Japanese
# (`--lang ja`, src/i18n.rs; +24.0 KB over 529.3 KB measured alone): the catalogue (about 200
# templates, English and Japanese) is 12 KB gzipped, its matcher, the writers' words and the
# translated policy texts the rest (`to_uppercase` and a HashMap taken out again saved 8 KB);
# and for `--format asff` and TOML config files (+43.1 KB together, measured before the csv,
# markdown and Japanese merges: 572.4 KB; the `json!` trees of the ASFF writer, basic-toml's
# parser and its serde visitors for the options; with the `toml` crate it had been 596.0 KB).
# All of it together measured 605.6 KB (1,640.0 KB before gzip; the Japanese texts read from
# policies/i18n/ja.json, +2.1 KB): budget 608 KB. Then `lang` as an option of every host,
# with `fix` in Japanese: 32 more templates in the catalogue, `fixMessages` and the reading of
# a FixResult from JS it needs (measured 613.1 KB, +7.5 KB): budget 616 KB. Then the plan
# reader's one pass over `resource_changes` (a second instance of the entry reader, and the
# array's own visitor: measured 615.9 KB, +2.8 KB with the wasm.rs helpers): budget 618 KB.
# Then the peak-memory work on large plans (`prior_state` read by its own entry reader, which
# skips a managed subject's values; boxed findings and subjects): measured 618.0 KB, +2.1 KB:
# budget 620 KB. Then the pass that refuses a `.tf` file left open before hcl-edit backtracks
# on it (src/read/source/unclosed.rs): measured 621.8 KB, +1.9 KB: budget 622 KB. Then module
# cycles, duplicate module calls and the limit of expanded instances (two more Japanese
# templates): measured 623.5 KB, +1.7 KB: budget 624 KB.
# Getting the module back under 532 KB is open work (README, under the npm package).
BUDGET=$((624 * 1024))

target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
stage="$target_dir/pkg-stage"
rm -rf "$stage"
mkdir -p "$stage"

# wasm-opt: Debian's binaryen 108 misnumbers the exported externref table of wasm-bindgen
# 0.2.130 modules (the module then fails to load with `WebAssembly.Table.set(): Argument 1 is
# invalid for table`), so the build uses binaryen from npm (pinned in npm/package.json).
wasm_opt=npm/node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "build-pkg: $wasm_opt is missing; run scripts/setup.d/20-npm.sh" >&2
  exit 1
fi

# Paths of this machine stay out of the module (panic locations name source files), so every
# checkout builds the same bytes.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$PWD=."

log "wasm-pack build --target web (profile wasm-pkg)"
wasm-pack --quiet build --profile wasm-pkg --target web --no-pack --no-opt \
  --out-dir "$stage/web" --out-name imdsv2_policy . --features wasm
log "wasm-pack build --target nodejs (glue only; the module is the same)"
wasm-pack --quiet build --profile wasm-pkg --target nodejs --no-pack --no-opt \
  --out-dir "$stage/node" --out-name imdsv2_policy . --features wasm
if ! cmp -s "$stage/web/imdsv2_policy_bg.wasm" "$stage/node/imdsv2_policy_bg.wasm"; then
  echo "build-pkg: the web and nodejs builds produced different modules" >&2
  exit 1
fi

log "wasm-opt -O"
if ! "$wasm_opt" -O --strip-debug --strip-producers \
  "$stage/web/imdsv2_policy_bg.wasm" -o "$stage/imdsv2_policy_bg.wasm" 2>"$stage/wasm-opt.log"; then
  tail -n 20 "$stage/wasm-opt.log" >&2
  exit 1
fi

log "TypeScript types from the Rust types (cargo run --example js_schemas)"
cargo run --quiet --example js_schemas >"$stage/schemas.json"
node npm/build/gen-types.mjs "$stage/schemas.json" "$stage/types.d.ts"

out="$stage/pkg"
mkdir -p "$out"
cp "$stage/imdsv2_policy_bg.wasm" "$out/"
cat "$stage/web/imdsv2_policy.d.ts" "$stage/types.d.ts" >"$out/imdsv2_policy.d.ts"
cat "$stage/node/imdsv2_policy.d.ts" "$stage/types.d.ts" >"$out/node.d.cts"
# The glues under names of their own, and node.cjs / imdsv2_policy.js: the shell over them
# (npm/src/shell.js: inputs measured before they are copied in, a fresh instance after a trap).
node npm/build/shell.mjs "$stage/node/imdsv2_policy.js" "$stage/web/imdsv2_policy.js" "$out"
cp npm/src/node.mjs npm/src/node.d.mts npm/src/cli.cjs npm/src/action.cjs \
  npm/src/README.md npm/src/LICENSE "$out/"
chmod +x "$out/cli.cjs"
# The JSON Schemas `imdsv2-policy schema` prints, from the native CLI itself.
mkdir -p "$out/schema"
for which in report options request; do
  cargo run --quiet --locked --bin imdsv2-policy -- schema "$which" >"$out/schema/$which.schema.json"
done

# package.json: the version is the crate's, read from the module itself.
node - "$out" <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const out = process.argv[2];
const pkg = JSON.parse(fs.readFileSync("npm/src/package.json", "utf8"));
pkg.version = require(path.resolve(out, "node.cjs")).version();
for (const f of pkg.files) {
  if (!fs.existsSync(path.join(out, f))) throw new Error(`build-pkg: files lists missing ${f}`);
}
fs.writeFileSync(path.join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
EOF

rm -rf pkg
cp -R "$out" pkg

size=$(stat -c %s pkg/imdsv2_policy_bg.wasm)
gz=$(gzip -9 -c pkg/imdsv2_policy_bg.wasm | wc -c)
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
log "built pkg/: imdsv2_policy_bg.wasm $(kb "$size"), $(kb "$gz") gzipped (budget $(kb "$BUDGET"))"
# The budget is a test: a change that grows the module past it fails the build (and CI).
if [ "$gz" -gt "$BUDGET" ]; then
  echo "build-pkg: the module is $(kb $((gz - BUDGET))) over its gzipped budget of $(kb "$BUDGET")" >&2
  exit 1
fi
