# Sourced by scripts/run.sh, test.sh and test-postgres.sh: make the virtual environment .venv with the system's
# python3 and install a lock file into it. A stock Debian 12 or Ubuntu 24.04 has no `python` command and its pip
# refuses to install system-wide (PEP 668), so nothing is installed outside .venv. ITA_VENV names another place.
VENV=${ITA_VENV:-.venv}
PY="$VENV/bin/python"

# Usage: use_venv requirements.lock   (or requirements-dev.lock). Leaves $PY ready to run.
use_venv() {
  local lock=$1
  command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed (apt-get install python3)" >&2; exit 1; }
  if [ ! -x "$PY" ]; then
    # Debian and Ubuntu ship the venv module (with ensurepip) as a separate package, python3-venv.
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
      rm -rf "$VENV"
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv
        python3 -m venv "$VENV"
      else
        echo "python3 cannot make a virtual environment: install the venv module, then run this again:" >&2
        echo "  sudo apt-get install python3-venv" >&2
        exit 1
      fi
    fi
  fi
  # Every package pinned with its hashes; installed again only when the lock file changed since the last time.
  local stamp="$VENV/.installed-$(basename "$lock")" sum
  sum=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    "$PY" -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
    echo "$sum" >"$stamp"
  fi
}
