#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer (each in its own build
# directory, so the ordinary build is untouched). The end-to-end tests spawn the instrumented
# `anno` binary, so the server and the CLI run instrumented too.
#
#   Tests/Fuzz/sanitizers.sh [address] [thread]     (default: both)
#
# - Leak detection is off: LeakSanitizer reports Foundation's own allocations (file reads in
#   swift-corelibs-foundation) and the runtime's metadata caches, not Anno's.
# - The first ThreadSanitizer report stops the process (halt_on_error), so a race fails the
#   run, in the test process or in a spawned `anno` (whose exit status the tests check).
set -euo pipefail
cd "$(dirname "$0")/../.."
kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(address thread)
for kind in "${kinds[@]}"; do
    echo "== swift test --sanitize=$kind"
    case $kind in
        address) export ASAN_OPTIONS=detect_leaks=0:${ASAN_OPTIONS:-} ;;
        thread) export TSAN_OPTIONS=halt_on_error=1:${TSAN_OPTIONS:-} ;;
        *) echo "unknown sanitizer $kind (address, thread)" >&2; exit 2 ;;
    esac
    swift build --build-tests --sanitize="$kind" --scratch-path ".build-$kind"
    swift test --skip-build --sanitize="$kind" --scratch-path ".build-$kind"
done
