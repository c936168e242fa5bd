# shellcheck shell=bash
# start_postgres: a throwaway PostgreSQL cluster (Debian's postgresql package; as root it is installed when missing)
# in a temporary folder, listening on 127.0.0.1 only, with one database; stopped and removed when the calling script
# exits. Sets PG_URL (SQLAlchemy URL of that database) and PG_DATA. Needs $PY (scripts/venv.sh) for a free port.
start_postgres() {
  local name="$1" bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q && apt-get install -y -q --no-install-recommends postgresql
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    else
      echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
      return 1
    fi
  fi
  PG_DATA=$(mktemp -d /tmp/ita-pg.XXXXXX)
  local port
  port=$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then          # initdb refuses to run as root
    chown postgres "$PG_DATA"
    PG_AS=(su postgres -s /bin/sh -c)
  else
    PG_AS=(sh -c)
  fi
  PG_BIN=$bin
  "${PG_AS[@]}" "$bin/initdb -D $PG_DATA/db -A trust -U postgres >$PG_DATA/initdb.log"
  "${PG_AS[@]}" "$bin/pg_ctl -D $PG_DATA/db -o '-p $port -k $PG_DATA -c listen_addresses=127.0.0.1' -l $PG_DATA/log -w start" >/dev/null
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE $name"
  PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/$name"
}

stop_postgres() {
  if [ -n "${PG_DATA:-}" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl -D $PG_DATA/db -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
  fi
}
