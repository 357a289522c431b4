#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server for the tests and prints its DSN.
#   pg.sh start DIR PORT   - initdb in DIR if needed, start on 127.0.0.1:PORT, print the DSN
#   pg.sh stop DIR
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user.
set -euo pipefail
cmd=$1 dir=$2 port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
case "$cmd" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    "${as[@]}" "$bin/initdb" -D "$dir" -U kiosk --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
  echo "postgres://kiosk@127.0.0.1:$port/postgres?sslmode=disable"
  ;;
stop)
  "${as[@]}" "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
  ;;
*) echo "usage: pg.sh start|stop DIR [PORT]" >&2; exit 2;;
esac
