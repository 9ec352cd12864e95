# Sourced by scripts/demo and scripts/test: make .venv with the project and its test tools installed.
# Needs only python3.11 (or python3 at 3.11) and pip; safe to run again (it re-installs nothing new).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "installing sync-pipeline and its dependencies into .venv (first run only; log in .venv/install.log)" >&2
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e ".[test]"; } \
      > .venv/install.log 2>&1; then
    tail -n 40 .venv/install.log >&2
    echo "installation failed; the whole log is in .venv/install.log" >&2
    exit 1
  fi
  rm -f .venv/.installed-* && touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
