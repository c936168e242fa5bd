#!/usr/bin/env bash
# Install everything the tests need, then run them all. The README's test command; .ci/run calls it.
# System packages (Debian): Chromium for the browser tests and chart export, Thai fonts, LibreOffice and
# poppler for rendering generated documents. Installed only when missing, and only when we can (root).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "tlwg\|sarabun" || need+=(fonts-thai-tlwg fontconfig)
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
python -m pytest "$@"
