#!/usr/bin/env bash
# Install everything the tests need, then run them all. The README's test command; .ci/run calls it.
# System packages (Debian): Chromium for the browser tests and chart export, Thai fonts, LibreOffice and
# poppler for rendering generated documents. Installed only when missing, and only when we can (root).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "tlwg" || need+=(fonts-thai-tlwg fontconfig)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
  else
    echo "note: missing system packages: ${need[*]} (install them with apt-get; browser tests need chromium)" >&2
  fi
fi

python -m pip install -q -r requirements.txt
# Sarabun for Plotly's image export and LibreOffice renderings in the tests.
mkdir -p "${HOME}/.local/share/fonts" && cp -u static/fonts/*.ttf "${HOME}/.local/share/fonts/" \
  && (fc-cache -f >/dev/null 2>&1 || true)
python -m pytest "$@"
