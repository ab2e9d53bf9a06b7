#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on loopback, then remove the cluster.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]; the command sees DATABASE_URL.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${HYEOPCHI_PG_PORT:-54329}
datadir=$(mktemp -d /tmp/hyeopchi-pg.XXXXXX)

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres account.
  chown postgres:postgres "$datadir"
  as_owner=(runuser -u postgres --)
fi

pg() {
  # From / so the postgres account is not left in a directory it cannot read.
  (cd / && "${as_owner[@]}" "$bindir/$1" "${@:2}")
}

cleanup() {
  pg pg_ctl -D "$datadir" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT

pg initdb -D "$datadir" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >/dev/null
pg pg_ctl -D "$datadir" -l "$datadir/server.log" -w start \
  -o "-p $port -k $datadir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/hyeopchi"
"$@"
