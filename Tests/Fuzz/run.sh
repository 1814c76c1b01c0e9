#!/usr/bin/env bash
# Runs Anno's fuzz targets, each for a chosen time, from the seed corpus (Tests/Fuzz/seeds.py)
# plus whatever earlier runs found (kept in $ANNO_FUZZ_BUILD/corpus/TARGET).
#
#   Tests/Fuzz/run.sh [-t SECONDS] [-j JOBS] [TARGET...]
#
#   -t SECONDS   time per target (default 60)
#   -j JOBS      targets run side by side (default 1)
#   TARGET       notes, checker, catalogue, jsonrpc, edits (default: all in Tests/Fuzz/Targets)
#
# Each run is bounded: 10 s per input (longer is reported as a hang, `timeout-*`), 2 GB of
# memory (`oom-*`), inputs up to 64 KiB. A crash, a hang, a leak or a broken invariant fails the
# script and leaves the input in $ANNO_FUZZ_BUILD/artifacts/TARGET/; replay it with
#   .build-fuzz/fuzz-TARGET path/to/crash-...
# The last lines print, per target, the inputs executed and the findings.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${ANNO_FUZZ_BUILD:-$PWD/.build-fuzz}
export ANNO_FUZZ_BUILD=$OUT
SECONDS_PER_TARGET=60
JOBS=1
while getopts "t:j:" opt; do
    case $opt in
        t) SECONDS_PER_TARGET=$OPTARG ;;
        j) JOBS=$OPTARG ;;
        *) sed -n '2,17p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in Tests/Fuzz/Targets/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi

Tests/Fuzz/build.sh "${targets[@]}"
rm -rf "$OUT/seeds"
python3 Tests/Fuzz/seeds.py "$OUT/seeds"

# Swift's own crash backtracer would race libFuzzer's handler; libFuzzer reports the crash.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}

run_one() {
    local t=$1
    mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t" "$OUT/logs"
    local seeds=()
    [ -d "$OUT/seeds/$t" ] && seeds=("$OUT/seeds/$t")
    local status=0
    "$OUT/fuzz-$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -dict=Tests/Fuzz/anno.dict -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" \
        "$OUT/corpus/$t" "${seeds[@]}" >"$OUT/logs/$t.log" 2>&1 || status=$?
    local runs
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/logs/$t.log" | tail -1)
    local findings
    findings=$(find "$OUT/artifacts/$t" -type f | wc -l)
    printf '%-10s %12s inputs  exit %s  findings %s\n' "$t" "${runs:-?}" "$status" "$findings" >"$OUT/logs/$t.summary"
    if [ "$status" -ne 0 ]; then
        echo "== fuzz-$t failed (exit $status); the end of its log:" >&2
        grep -v '^    #\|^INFO\|^#' "$OUT/logs/$t.log" | tail -40 >&2
        return 1
    fi
}
export -f run_one
export OUT SECONDS_PER_TARGET

echo "== fuzzing ${targets[*]} for ${SECONDS_PER_TARGET}s each, $JOBS at a time"
failed=0
printf '%s\n' "${targets[@]}" | xargs -P "$JOBS" -I{} bash -c 'run_one "$@"' _ {} || failed=1
echo "== fuzz summary (logs in $OUT/logs)"
for t in "${targets[@]}"; do cat "$OUT/logs/$t.summary"; done
exit $failed
