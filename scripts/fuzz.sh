#!/usr/bin/env bash
# Fuzzes every reader and `fix` (fuzz/, README "Fuzzing"): scripts/fuzz.sh [SECONDS] [TARGET...]
# runs each target (default: all) for SECONDS (default 60), prints the executions it did and
# appends them to fuzz/EXECUTIONS.tsv (target, date, seconds, executions, sanitizer), so the
# totals per target can be summed. FUZZ_SANITIZER=none builds without the address sanitizer
# (default `address`): the core has no unsafe code, and without the sanitizer the targets run
# more inputs a second, which long runs want (README "Fuzzing" has the rates). Exits non-zero
# when a target crashes or breaks an invariant; libFuzzer leaves the input in
# fuzz/artifacts/TARGET/.
#
# cargo-fuzz needs nightly-only compiler flags (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets the
# stable toolchain take them. Everything runs under `nice -n 19`: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh
. scripts/lib/cargo-tool.sh

seconds=${1:-60}
sanitizer=${FUZZ_SANITIZER:-address}
case $sanitizer in address | none) ;; *)
  echo "FUZZ_SANITIZER: \`$sanitizer\` is not a sanitizer this script runs (address, none)" >&2
  exit 2
  ;;
esac
shift || true
targets=("$@")
all=(plan state describe source ignore options fix)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
case $seconds in '' | *[!0-9]*)
  echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...] (targets: ${all[*]})" >&2
  exit 2
  ;;
esac

if [ ! -x "$IMDSV2_TOOLS_BIN/cargo-fuzz" ]; then
  start=$(date +%s)
  cargo_tool cargo-fuzz cargo-fuzz ""
  log "cargo-fuzz installed in $(($(date +%s) - start)) s"
fi
export RUSTC_BOOTSTRAP=1

# Seeds: small files of the test tables, copied into each target's corpus (fuzz/corpus/, kept
# between runs, not committed). A source seed holds a directory's files, each as NAME 0xFE
# CONTENT, separated by 0xFF (see `files` in fuzz/src/lib.rs).
max_seed=20000
seed_files() { # seed_files TARGET FILE...
  local dir=fuzz/corpus/$1 f
  shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && [ "$(wc -c <"$f")" -le $max_seed ] || continue
    cp -n "$f" "$dir/seed-$(basename "$f")"
  done
}
seed_dirs() { # seed_dirs TARGET DIR...
  local dir=fuzz/corpus/$1 d f first
  shift
  mkdir -p "$dir"
  for d in "$@"; do
    local out
    out="$dir/seed-$(echo "$d" | tr '/' '_')"
    [ -e "$out" ] && continue
    first=1
    while IFS= read -r f; do
      [ $first = 1 ] || printf '\377' >>"$out"
      first=0
      printf '%s\376' "${f#"$d"/}" >>"$out"
      cat "$f" >>"$out"
    done < <(find "$d" -type f \( -name '*.tf' -o -name '*.tf.json' -o -name '*.tfvars' \) | sort)
  done
}
seed() {
  seed_files plan tests/fixtures/plan/*.json tests/corpus/plans/*.json examples/plan.json
  seed_files state tests/fixtures/state/* tests/corpus/state/* tests/corpus/state-v3/*
  seed_files describe tests/fixtures/ec2/* tests/corpus/ec2/* examples/describe-instances.json
  seed_files ignore fuzz/seeds/ignore/*
  seed_files options fuzz/seeds/options/* tests/fixtures/plan/*.options
  local t
  for t in source fix; do
    seed_dirs $t tests/fixtures/source/*/before tests/corpus/source/* examples/terraform
    seed_files $t tests/corpus/tfjson/*
  done
}
seed

log "building the fuzz targets (cargo fuzz build, sanitizer: $sanitizer)"
start=$(date +%s)
nice -n 19 cargo fuzz build -s "$sanitizer"
log "built in $(($(date +%s) - start)) s"

record=fuzz/EXECUTIONS.tsv
[ -s "$record" ] || printf 'target\tdate\tseconds\texecutions\tsanitizer\n' >"$record"
failed=()
for t in "${targets[@]}"; do
  log "fuzzing $t for $seconds s"
  logfile=$(mktemp "${TMPDIR:-/tmp}/imdsv2-fuzz-$t.XXXXXX")
  start=$(date +%s)
  status=0
  # -timeout: an input that takes 30 s is a finding too. -print_final_stats: the count below.
  nice -n 19 cargo fuzz run -s "$sanitizer" "$t" -- -max_total_time="$seconds" -timeout=30 \
    -print_final_stats=1 >"$logfile" 2>&1 || status=$?
  elapsed=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$logfile" | tail -1)
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$logfile" | tail -1)
  runs=${runs:-0}
  printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$elapsed" "$runs" \
    "$sanitizer" >>"$record"
  total=$(awk -F'\t' -v t="$t" '$1 == t { s += $4 } END { print s + 0 }' "$record")
  printf '%-9s %12s executions in %4s s (%s in all)\n' "$t" "$runs" "$elapsed" "$total"
  if [ $status != 0 ]; then
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written to' "$logfile" >&2 || true
    log "$t failed (exit $status); its log: $logfile"
    failed+=("$t")
  else
    rm -f "$logfile"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  log "failed: ${failed[*]} (inputs in fuzz/artifacts/; replay: cargo fuzz run TARGET ARTIFACT)"
  exit 1
fi
