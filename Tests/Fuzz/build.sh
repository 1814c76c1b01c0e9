#!/usr/bin/env bash
# Builds Anno's libFuzzer targets (Tests/Fuzz/Targets/*.swift) into $ANNO_FUZZ_BUILD
# (default: .build-fuzz/ at the top of the checkout).
#
# Each library module under Sources/ that a target needs is compiled once with swiftc, with
# coverage instrumentation and AddressSanitizer (-sanitize=fuzzer,address) and -enable-testing
# (targets reach internal types such as the server's OpenDocument through @testable import).
# Modules are found from their own `import` lines, so a new dependency between modules needs no
# change here. SwiftPM is not involved: its executables have a `main`, libFuzzer brings its own.
#
#   Tests/Fuzz/build.sh            build every target
#   Tests/Fuzz/build.sh notes      build one target (the file name without .swift)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${ANNO_FUZZ_BUILD:-$ROOT/.build-fuzz}
SWIFTC=${SWIFTC:-swiftc}
# -O keeps Swift's runtime checks (bounds, overflow, unwrap): a trap is a finding.
FLAGS=(-O -g -enable-testing -sanitize=fuzzer,address -parse-as-library)
mkdir -p "$OUT/modules"

# The library modules each file imports (`import X` / `@testable import X`), if X is under Sources/.
imports() {
    sed -n -E 's/^(@testable[[:space:]]+)?import[[:space:]]+([A-Za-z0-9_]+).*/\2/p' "$@" | sort -u |
        while read -r m; do [ -d "Sources/$m" ] && echo "$m"; done
}

declare -A BUILT=()
# Compiles a module after the modules it imports; rebuilds only when a source is newer.
build_module() {
    local m=$1
    [ -n "${BUILT[$m]:-}" ] && return
    BUILT[$m]=1
    local deps
    deps=$(imports Sources/"$m"/*.swift | grep -vx "$m" || true)
    for d in $deps; do build_module "$d"; done
    local obj="$OUT/modules/$m.o"
    local newest
    newest=$(ls -t Sources/"$m"/*.swift $(for d in $deps; do echo "$OUT/modules/$d.o"; done) | head -1)
    if [ -f "$obj" ] && [ "$obj" -nt "$newest" ]; then return; fi
    echo "== module $m" >&2
    local began
    began=$(date +%s.%N)
    "$SWIFTC" "${FLAGS[@]}" -module-name "$m" -wmo -c -emit-module -emit-module-path "$OUT/modules/$m.swiftmodule" \
        -I "$OUT/modules" -o "$obj" Sources/"$m"/*.swift
    # Dated when the compile began, so a source saved during it counts as newer next time.
    touch -d "@$began" "$obj"
}

# Every module a set of files needs, transitively (after build_module has run on them).
closure() {
    local seen=() queue
    queue=$(imports "$@")
    while [ -n "$queue" ]; do
        local next=""
        for m in $queue; do
            [[ " ${seen[*]} " == *" $m "* ]] && continue
            seen+=("$m")
            next+=" $(imports Sources/"$m"/*.swift | grep -vx "$m" || true)"
        done
        queue=$next
    done
    echo "${seen[@]}"
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in Tests/Fuzz/Targets/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi
for t in "${targets[@]}"; do
    src="Tests/Fuzz/Targets/$t.swift"
    [ -f "$src" ] || { echo "no fuzz target $t ($src)" >&2; exit 2; }
    mods=$(closure "$src" Tests/Fuzz/Support/*.swift)
    for m in $mods; do build_module "$m"; done
    echo "== target $t" >&2
    "$SWIFTC" "${FLAGS[@]}" -use-ld=lld -module-name "Fuzz_$t" -I "$OUT/modules" -o "$OUT/fuzz-$t" \
        "$src" Tests/Fuzz/Support/*.swift $(for m in $mods; do echo "$OUT/modules/$m.o"; done)
done
