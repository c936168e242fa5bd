#!/usr/bin/env bash
# Run the measures store tests against a throwaway PostgreSQL cluster (Debian's postgresql package; as root it is
# installed when missing). The same tests run on SQLite in the normal suite; here ITA_TEST_POSTGRES_URL points
# them at PostgreSQL as well. To use a server of your own instead:
#   ITA_TEST_POSTGRES_URL=postgresql+psycopg://user:pw@host:5432/db .venv/bin/python -m pytest tests/measures/test_store.py tests/measures/test_measures_flow.py
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
use_venv requirements-dev.lock

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q --no-install-recommends postgresql
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  else
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
fi

data=$(mktemp -d /tmp/ita-pg.XXXXXX)
port=$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
as_pg=()
if [ "$(id -u)" = 0 ]; then          # initdb refuses to run as root
  chown postgres "$data"
  as_pg=(su postgres -s /bin/sh -c)
else
  as_pg=(sh -c)
fi
"${as_pg[@]}" "$bin/initdb -D $data/db -A trust -U postgres >$data/initdb.log"
"${as_pg[@]}" "$bin/pg_ctl -D $data/db -o '-p $port -k $data -c listen_addresses=127.0.0.1' -l $data/log -w start"
trap '"${as_pg[@]}" "$bin/pg_ctl -D $data/db -m fast stop" >/dev/null; rm -rf "$data"' EXIT
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE ita_test"

ITA_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/ita_test" \
  "$PY" -m pytest tests/measures/test_store.py tests/measures/test_measures_flow.py tests/storage/test_storage.py tests/storage/test_database_errors.py "$@"
