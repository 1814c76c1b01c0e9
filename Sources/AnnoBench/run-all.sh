#!/bin/sh
# Reruns every table in Sources/AnnoBench/README.md: builds anno and AnnoBench in release mode, then runs
# check (10k-document catalogue, 10,000 notes ≈ 100 MB), lsp (10k documents) and scale
# (1k → 1M documents). Takes about an hour on the 2-core machine; needs ~1.5 GB in the data dir.
#
#   Sources/AnnoBench/run-all.sh                 # build in .build-bench and measure the working tree
#   BIN=/path/to/release Sources/AnnoBench/run-all.sh   # measure binaries built elsewhere (e.g. a snapshot)
#
# WAIT_IDLE=SECONDS bounds the wait for a quiet machine before each part (default 120).
# Corpora are cached in $ANNO_BENCH_DATA (default /tmp/anno-bench); results go to Sources/AnnoBench/results/.
set -eu
cd "$(dirname "$0")/../.."
if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path .build-bench
    BIN=.build-bench/release
fi
"$BIN/AnnoBench" check --docs 10000 --notes 10000 --lines 100 --runs 5 --anno "$BIN/anno" --wait-idle "${WAIT_IDLE:-120}"
"$BIN/AnnoBench" lsp --docs 10000 --anno "$BIN/anno" --wait-idle "${WAIT_IDLE:-120}"
"$BIN/AnnoBench" scale --max-docs "${MAX_DOCS:-1000000}" --anno "$BIN/anno" --wait-idle "${WAIT_IDLE:-120}"
