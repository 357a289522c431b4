#!/usr/bin/env bash
# make bench: runs every scripts/bench.d/*.sh; each prints named figures with the
# baseline it measured in the same run and the goal. A PostgreSQL server and an S3
# server are started for the gateway benches (KIOSK_TEST_PG_DSN, KIOSK_TEST_S3_*), as
# in scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
work=$(mktemp -d /tmp/kiosk-bench.XXXXXX)
chmod 755 "$work"
cleanup() { scripts/pg.sh stop "$work/pg" || true; scripts/s3.sh stop "$work/s3" || true; rm -rf "$work"; }
trap cleanup EXIT
port=$(( 20000 + RANDOM % 20000 ))
KIOSK_TEST_PG_DSN=$(scripts/pg.sh start "$work/pg" "$port")
s3env=$(scripts/s3.sh start "$work/s3" $(( port + 1 )))
eval "export $(echo $s3env)"
export KIOSK_TEST_PG_DSN KIOSK_BENCH=1
status=0
for b in scripts/bench.d/*.sh; do
  echo "== $(basename "$b" .sh)"
  bash "$b" || { echo "bench $(basename "$b") failed"; status=1; }
done
exit $status
