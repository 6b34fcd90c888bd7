#!/usr/bin/env bash
# pgtest.sh: a throwaway PostgreSQL cluster for paydesk's sqlstore tests.
#
#   eval "$(scripts/pgtest.sh start)"   # start one; exports PAYDESK_POSTGRES_DSN (and PAYDESK_PGTEST_DIR)
#   go test ./support/sqlstore/...
#   scripts/pgtest.sh stop              # stop it and delete its files
#
# start installs Debian's postgresql package when initdb/pg_ctl are missing
# (Debian 12: PostgreSQL 15), creates a cluster in a temporary directory
# (initdb as the postgres user when run as root), starts it on 127.0.0.1 on a
# free port, creates the database "paydesk" and prints the shell lines that
# export its DSN. stop takes the directory from PAYDESK_PGTEST_DIR or its
# first argument.
set -euo pipefail

find_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do
    [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ] && { echo "$b"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

# as runs a command as the cluster's owner: postgres when we are root.
as() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

start() {
  local bin
  if ! bin=$(find_bin); then
    echo "pgtest: installing PostgreSQL (apt-get install postgresql)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2 && apt-get install -y --no-install-recommends postgresql >&2
    bin=$(find_bin) || { echo "pgtest: initdb/pg_ctl not found after installing postgresql" >&2; exit 1; }
  fi
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/paydesk-pg.XXXXXX")
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres
    chown postgres "$dir"
  fi
  as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  # Throwaway: no fsync, little shared memory, enough connections for
  # parallel tests; the socket in the cluster's own directory.
  as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2 ||
    { cat "$dir/server.log" >&2; exit 1; }
  as "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE paydesk" >&2
  echo "$bin" >"$dir/bin"
  echo "export PAYDESK_POSTGRES_DSN='postgres://postgres@127.0.0.1:$port/paydesk?sslmode=disable'"
  echo "export PAYDESK_PGTEST_DIR='$dir'"
  echo "pgtest: $("$bin/pg_ctl" --version) on 127.0.0.1:$port, files in $dir" >&2
}

stop() {
  local dir=${1:-${PAYDESK_PGTEST_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "pgtest: no cluster to stop (set PAYDESK_PGTEST_DIR or pass its directory)" >&2; return 0; }
  local bin
  bin=$(cat "$dir/bin" 2>/dev/null || find_bin)
  as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  echo "pgtest: stopped and removed $dir" >&2
}

case "${1:-start}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop [dir]" >&2; exit 2 ;;
esac
