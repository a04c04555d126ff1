#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for the connector tests, run as the postgres user.
#   start  creates the cluster (once), starts it, and prints the export line for PIT_TEST_POSTGRES
#   stop   stops it and removes its directory
# PIT_PG_DIR (default /tmp/pit-pg) and PIT_PG_PORT (default 55432) choose where and on which port.
# PostgreSQL 15 itself must be installed (Debian's postgresql package); this script does not install it.
set -euo pipefail

dir="${PIT_PG_DIR:-/tmp/pit-pg}"
port="${PIT_PG_PORT:-55432}"
bin=/usr/lib/postgresql/15/bin
data="$dir/data"

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

start() {
  if [ ! -x "$bin/pg_ctl" ]; then
    echo "postgres.sh: PostgreSQL 15 is not installed ($bin/pg_ctl is missing); install Debian's postgresql package" >&2
    exit 1
  fi
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  fi
  if as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "postgres.sh: already running in $data" >&2
  else
    as_postgres "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off" start >&2
  fi
  echo "export PIT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
}

stop() {
  if [ -f "$data/PG_VERSION" ]; then
    as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
