#!/usr/bin/env bash
# Runs the editor integrations in editors/ against a built `anno` binary, headless, in real
# editors: Neovim (its LSP client), Emacs (eglot, and lsp-mode when installed), Vim (syntax and
# vim-lsp registration), the VS Code client under Node with a stubbed API, and the VS Code /
# Sublime grammars mechanically (Oniguruma).
#
# Usage: editors/tests/run-editor-tests.sh [path/to/anno]     (or ANNO_BIN=path/to/anno)
# Needs what editors/tests/install-deps.sh installs. Exits non-zero if any check fails, or if
# an editor is missing (set ANNO_EDITOR_TESTS_ALLOW_MISSING=1 to skip missing editors instead).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
editors=$(dirname "$here")
bin=${1:-${ANNO_BIN:-}}
if [ -z "$bin" ]; then
  echo "usage: $0 path/to/anno   (or set ANNO_BIN)" >&2
  exit 2
fi
if [ ! -x "$bin" ]; then
  echo "error: anno binary '$bin' does not exist or is not executable (build it: swift build)" >&2
  exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

work=$(mktemp -d "${TMPDIR:-/tmp}/anno-editor-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The editors run as a fresh user would: their own HOME and XDG directories, no user config.
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data \
  XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
# The fixture notes are copied so that nothing (swap, auto-save, backups) lands in the repo.
cp -R "$here/fixtures/notes" "$work/notes"
export ANNO_BIN=$bin ANNO_EDITORS_DIR=$editors ANNO_FIXTURE=$work/notes/broken.anno
timeout_s=${ANNO_EDITOR_TEST_TIMEOUT:-180}

total_pass=0
total_fail=0
failed_suites=()

# run_suite NAME REQUIRED-COMMAND CMD...: runs CMD, shows its output, adds up its
# "N passed, N failed" closing line; a crash or time-out without that line counts as a failure.
run_suite() {
  local name=$1 needs=$2
  shift 2
  echo "== $name"
  if ! command -v "$needs" >/dev/null 2>&1; then
    if [ "${ANNO_EDITOR_TESTS_ALLOW_MISSING:-0}" = 1 ]; then
      echo "# skipped: $needs is not installed"
      return
    fi
    echo "not ok - $name: '$needs' is not installed (run editors/tests/install-deps.sh)"
    total_fail=$((total_fail + 1))
    failed_suites+=("$name")
    return
  fi
  local log=$work/$name.log status
  timeout --kill-after=10 "$timeout_s" "$@" >"$log" 2>&1 </dev/null
  status=$?
  # Editors print their own chatter; keep the test lines and comments.
  grep -E '^(ok|not ok|#) ' "$log" || true
  local summary
  summary=$(grep -E '^[a-z/ -]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "not ok - $name: exited with status $status and no summary; its output:"
    sed 's/^/#   /' "$log" | tail -n 40
    total_fail=$((total_fail + 1))
    failed_suites+=("$name")
    return
  fi
  echo "$summary"
  local p f
  p=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1/' <<<"$summary")
  f=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$summary")
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  if [ "$f" -gt 0 ] || [ "$status" -ne 0 ]; then
    if [ "$f" -eq 0 ]; then
      echo "not ok - $name: exited with status $status"
      total_fail=$((total_fail + 1))
    fi
    failed_suites+=("$name")
  fi
}

run_suite neovim nvim \
  nvim --headless -u "$here/neovim/init.lua" -i NONE -c "luafile $here/neovim/test.lua"

run_suite emacs-eglot emacs \
  emacs --batch -Q -l "$here/emacs/test-eglot.el"

# lsp-mode is optional for users, but installed by install-deps.sh; test it when present.
if ls -d /usr/share/emacs/site-lisp/elpa/lsp-mode-* >/dev/null 2>&1; then
  run_suite emacs-lsp-mode emacs \
    emacs --batch -Q -l "$here/emacs/test-lsp-mode.el"
else
  echo "== emacs-lsp-mode"
  echo "# skipped: lsp-mode is not installed (Debian: elpa-lsp-mode)"
fi

run_suite vim vim \
  env ANNO_OUT="$work/vim.out" sh -c 'vim -Es -u NONE -N -i NONE -S "$1"; status=$?; cat "$ANNO_OUT"; exit $status' \
  sh "$here/vim/test-vim.vim"

run_suite vscode-client node \
  node "$here/vscode/extension.test.js" "$bin"

run_suite grammars python3 \
  python3 "$here/grammar/check_grammar.py"

# The CI example's commands, run on the fixture notes as the workflow runs them.
echo "== ci example commands"
ci_check() {
  if "$@"; then
    echo "ok - $desc"
    total_pass=$((total_pass + 1))
  else
    echo "not ok - $desc"
    total_fail=$((total_fail + 1))
    failed_suites+=("ci")
  fi
}
github_ok() {
  local status=0
  (cd "$work" && "$bin" check --format github notes/) >"$work/github.out" 2>&1 || status=$?
  [ "$status" -eq 1 ] && grep -qE '^::error file=notes/broken.anno,line=5,' "$work/github.out"
}
desc="anno check --format github exits 1 and annotates notes/broken.anno (workflow job 'check')"
ci_check github_ok
sarif_ok() {
  local status=0
  (cd "$work" && "$bin" check --format sarif notes/) >"$work/anno.sarif" 2>"$work/sarif.err" || status=$?
  [ "$status" -eq 1 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", d["version"]
results = [r for run in d["runs"] for r in run["results"]]
assert any("Jurnal of Nobody" in r["message"]["text"] for r in results), results
' "$work/anno.sarif"
}
desc="anno check --format sarif exits 1 and writes SARIF 2.1.0 with the broken citations (workflow job 'code-scanning')"
ci_check sarif_ok

# The Vim and Neovim runtime files are one set, kept as identical copies so that each
# directory installs on its own.
echo "== shared vim runtime files"
for f in syntax/anno.vim ftdetect/anno.vim; do
  if cmp -s "$editors/neovim/$f" "$editors/vim/$f"; then
    echo "ok - neovim/$f and vim/$f are identical"
    total_pass=$((total_pass + 1))
  else
    echo "not ok - neovim/$f and vim/$f differ: copy one over the other"
    total_fail=$((total_fail + 1))
    failed_suites+=("copies")
  fi
done

echo
if [ "$total_fail" -gt 0 ]; then
  echo "failed: ${failed_suites[*]}"
fi
echo "editors: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
