#!/usr/bin/env bash
# Install what the app needs and start it on its embedded defaults: the bundled sample data and a SQLite
# file under data/ (created on first start). The README's run command. Needs only python3: the packages go into
# the virtual environment .venv, from requirements.lock (exact versions with hashes).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
use_venv requirements.lock
# Sarabun for chart images exported by Plotly (the browser gets it from static/ via @font-face).
mkdir -p "${HOME}/.local/share/fonts" && cp -u static/fonts/*.ttf "${HOME}/.local/share/fonts/" 2>/dev/null \
  && (fc-cache -f >/dev/null 2>&1 || true)
exec "$PY" -m streamlit run app.py "$@"
