#!/usr/bin/env bash
# Serve the dashboard for a team: several app servers on one PostgreSQL database behind nginx, on one public port.
#
#   bash scripts/serve-team.sh                 # 2 servers, nginx on port 8080, office accounts (ITA_SIGNIN)
#   ITA_SIGNIN=oidc bash scripts/serve-team.sh # organisation sign-in: .streamlit/secrets.toml and ita-roles.toml first
#   (or ITA_SECRETS_FILE=/etc/ita/secrets.toml: Streamlit's [auth] settings read from there by every server)
#   ITA_TEAM_SERVERS=4 ITA_TEAM_PORT=80 ITA_DATABASE_URL=postgresql+psycopg://... bash scripts/serve-team.sh
#
# Without ITA_DATABASE_URL it starts a throwaway PostgreSQL 15 for a trial (gone when the script stops: use your own
# database for real work). It brings the database up to date once (python -m ita migrate), starts the servers
# (streamlit run serve.py, each on 127.0.0.1 only) and nginx (Debian's package) in front of them with
# deploy/nginx/ita-site.conf, and prints "ready <url>" once nginx answers. Ctrl-C stops everything. Make the first
# administrator with: .venv/bin/python -m ita users add admin --role admin (same ITA_DATABASE_URL).
# The systemd units in deploy/systemd run the same pieces on a server that keeps them up.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
use_venv requirements.lock
servers=${ITA_TEAM_SERVERS:-2}
public=${ITA_TEAM_PORT:-8080}
export ITA_SIGNIN=${ITA_SIGNIN:-accounts}
command -v nginx >/dev/null 2>&1 || {
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends nginx >/dev/null
  else
    echo "nginx is not installed (apt-get install nginx)" >&2
    exit 1
  fi
}
run=$(mktemp -d /tmp/ita-team.XXXXXX)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_postgres
  rm -rf "$run"
}
. scripts/postgres.sh
trap stop EXIT INT TERM
if [ -z "${ITA_DATABASE_URL:-}" ]; then
  start_postgres ita
  export ITA_DATABASE_URL=$PG_URL
  echo "database: a throwaway PostgreSQL ($PG_URL)"
fi
"$PY" -m ita migrate

free_port() { "$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
upstreams=""
for i in $(seq 1 "$servers"); do
  port=$(free_port)
  "$PY" -m streamlit run serve.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --browser.gatherUsageStats false ${ITA_SECRETS_FILE:+--secrets.files "$ITA_SECRETS_FILE"} \
    >"$run/server-$i.log" 2>&1 &
  pids+=($!)
  echo "server $i: pid $! port $port log $run/server-$i.log"
  upstreams+="server 127.0.0.1:$port max_fails=1 fail_timeout=10s; "
done

static=$("$PY" -c "import os, streamlit; print(os.path.join(os.path.dirname(streamlit.__file__), 'static'))")
mkdir -p "$run/nginx/logs"
sed -e "s#@SERVERS@#$upstreams#" -e "s#@LISTEN@#$public#" -e "s#@STREAMLIT_STATIC@#$static#" \
  -e "s#@APP_STATIC@#$PWD/static#" deploy/nginx/ita-site.conf >"$run/nginx/site.conf"
cat >"$run/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $run/nginx/logs/error.log;
pid $run/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log $run/nginx/logs/access.log;
    client_body_temp_path $run/nginx/body;
    proxy_temp_path $run/nginx/proxy;
    fastcgi_temp_path $run/nginx/fastcgi;
    uwsgi_temp_path $run/nginx/uwsgi;
    scgi_temp_path $run/nginx/scgi;
    include $run/nginx/site.conf;
}
CONF
for i in $(seq 1 "$servers"); do  # each server up before nginx sends it anyone
  port=$(sed -n "s/.*127.0.0.1:\([0-9]*\).*/\1/p" <<<"$(echo "$upstreams" | tr ';' '\n' | sed -n "${i}p")")
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
done
nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -g "daemon off;" &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$public/_stcore/health" >/dev/null 2>&1 && break
  sleep 0.5
done
echo "ready http://127.0.0.1:$public"
# Served until nginx stops (or Ctrl-C): a server that dies leaves the others serving, and nginx sends its users to
# them (under systemd, deploy/systemd restarts it).
wait "$nginx_pid" || true
