#!/usr/bin/env bash
# Install everything the tests need, then run them all. The README's test command; .ci/run calls it.
# System packages (Debian): Chromium for the browser tests and chart export, Thai fonts, LibreOffice and
# poppler for rendering generated documents, nginx and PostgreSQL for the team test. Installed only when missing, and only when we can (root).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# The browser tests drive the headless shell (tests/helpers/browser.py: the same engine for less CPU per page).
command -v chromium-headless-shell >/dev/null 2>&1 || need+=(chromium-headless-shell)
# grep reads the whole list (no -q): with pipefail, -q closing the pipe early can fail fc-list with SIGPIPE.
command -v fc-list >/dev/null 2>&1 && fc-list | grep -i "tlwg" >/dev/null || need+=(fonts-thai-tlwg fontconfig)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# nginx and PostgreSQL for the team test (scripts/serve-team.sh: two app servers on one database behind nginx).
command -v nginx >/dev/null 2>&1 || need+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
  else
    echo "note: missing system packages: ${need[*]} (install them with apt-get; browser tests need chromium)" >&2
  fi
fi

# The Python packages, runtime and test tools, into .venv from requirements-dev.lock (exact versions with hashes).
. scripts/venv.sh
use_venv requirements-dev.lock
# Sarabun for Plotly's image export and LibreOffice renderings in the tests.
mkdir -p "${HOME}/.local/share/fonts" && cp -u static/fonts/*.ttf "${HOME}/.local/share/fonts/" \
  && (fc-cache -f >/dev/null 2>&1 || true)
# Every test process, and every server, parse worker and command the tests start, imports the same modules: their
# bytecode (and pytest's rewritten test modules) is cached in __pycache__ (git-ignored) even where the environment
# says not to write it, so each is compiled once, not once per process (about 1.6 CPU-s per test worker).
unset PYTHONDONTWRITEBYTECODE
# Both cores, one worker each (a third only adds contention: the suite is CPU-bound). --dist loadgroup keeps the
# tests of one xdist group on one worker (see tests/conftest.py): the browser tests on the shared app server, the
# test with servers of its own, and the modules that build something costly once; --no-loadscope-reorder keeps the
# collection order (browser groups first, tests/conftest.py), so the two long browser groups start at once.
# ITA_TEST_WORKERS=0: one process.
"$PY" -m pytest -n "${ITA_TEST_WORKERS:-2}" --dist loadgroup --no-loadscope-reorder "$@"
