#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR/tests/fuzz for SECONDS each, starting from
# its seed corpus (tests/fuzz/corpus/<target>/). Any crash, leak, timeout or
# sanitizer report fails the target.
set -uo pipefail
build=${1:?build dir} seconds=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
for bin in "$build"/tests/fuzz/fuzz_*; do
  [[ -x $bin ]] || continue
  name=$(basename "$bin")
  work=$(mktemp -d /tmp/paddock-fuzz.XXXXXX)
  seeds=()
  [[ -d $here/corpus/$name ]] && seeds=("$here/corpus/$name")
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$work/" "$work" "${seeds[@]}" >"$work/log" 2>&1; then
    echo "fuzz $name: ok ($(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$work/log" | awk '{print $2}') runs)"
    passed=$((passed + 1))
    rm -rf "$work"
  else
    echo "fuzz $name: FAILED, log and artifacts kept in $work"
    tail -40 "$work/log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
