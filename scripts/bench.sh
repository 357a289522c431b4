#!/usr/bin/env bash
# make bench: runs every scripts/bench.d/*.sh; each prints named figures with the
# baseline it measured in the same run and the goal. A PostgreSQL server is started
# for the gateway benches (KIOSK_TEST_PG_DSN), as in scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
work=$(mktemp -d /tmp/kiosk-bench.XXXXXX)
chmod 755 "$work"
cleanup() { scripts/pg.sh stop "$work/pg" || true; rm -rf "$work"; }
trap cleanup EXIT
KIOSK_TEST_PG_DSN=$(scripts/pg.sh start "$work/pg" $(( 20000 + RANDOM % 20000 )))
export KIOSK_TEST_PG_DSN KIOSK_BENCH=1
status=0
for b in scripts/bench.d/*.sh; do
  echo "== $(basename "$b" .sh)"
  bash "$b" || { echo "bench $(basename "$b") failed"; status=1; }
done
exit $status
