#!/usr/bin/env bash
# Installs what editors/tests/run-editor-tests.sh needs on Debian 12 (as root; idempotent and
# quiet): Neovim 0.7, Emacs 28 with eglot and lsp-mode from Debian's packages, Vim, Node.js
# (to load the VS Code client against a stub), and the Oniguruma binding for the grammar check.
set -euo pipefail

packages=(neovim emacs-nox elpa-eglot elpa-lsp-mode vim-nox nodejs python3 python3-yaml)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  rm -f "$log"
fi

# The grammar check runs with the python3 first on PATH; give it onigurumacffi and PyYAML.
PY=${PYTHON:-python3}
if ! "$PY" -c 'import onigurumacffi, yaml' 2>/dev/null; then
  "$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore onigurumacffi pyyaml 2>/dev/null \
    || "$PY" -m pip install --quiet --disable-pip-version-check --break-system-packages onigurumacffi pyyaml
fi
