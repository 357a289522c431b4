#!/usr/bin/env bash
# City-scale ingest (issue 19): 50 and then 200 simulated kiosks, all uploading at once
# (three 400 KB pages per dossier, the issue's busy day), against
#   - one gateway on SQLite with page files on its disk (the baseline, same run), and
#   - three gateways on one PostgreSQL database with page bytes in S3 (versitygw on
#     loopback), behind a round-robin reverse proxy.
# Figures per setup and kiosk count: dossiers/s, page MB/s, p50/p99 of a whole dossier
# (pages + submission) and of the submission, then how each grows from 50 to 200.
# The goal comes from the load: ~100 communes × 100 dossiers × 3 × 400 KB ≈ 12 GB a
# day, ~1.3 MB/s in a peak hour at three times the average; the goal asks 5 dossiers/s
# (6 MB/s) with every kiosk sending at once, and a p99 under 30 s for a whole dossier
# when 200 kiosks push 1.2 MB each at the same moment on this 2-core machine.
# Needs KIOSK_TEST_PG_DSN (scripts/bench.sh starts PostgreSQL) and an S3 server
# (KIOSK_TEST_S3_*; started here with scripts/s3.sh when not set).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=$PATH:/usr/local/go/bin
tmp=$(mktemp -d /tmp/citybench.XXXXXX)
chmod 755 "$tmp"
cleanup() {
  scripts/s3.sh stop "$tmp/s3" || true
  if [ -n "${own_pg:-}" ]; then scripts/pg.sh stop "$tmp/pg" || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
port=$(( 20000 + RANDOM % 20000 ))
if [ -z "${KIOSK_TEST_PG_DSN:-}" ]; then
  own_pg=1
  KIOSK_TEST_PG_DSN=$(scripts/pg.sh start "$tmp/pg" "$port")
  export KIOSK_TEST_PG_DSN
fi
if [ -z "${KIOSK_TEST_S3_ENDPOINT:-}" ]; then
  s3env=$(scripts/s3.sh start "$tmp/s3" $(( port + 1 )))
  eval "export $(echo $s3env)"
fi
go build -tags sqlite_fts5 -o "$tmp/gateway" ./cmd/gateway
go build -tags sqlite_fts5 -o "$tmp/gwbench" ./sync/gateway/gwbench
"$tmp/gwbench" -gateway "$tmp/gateway" -catalog cmd/gateway/testdata/catalog.json \
  -backends sqlite,postgres+s3 -gateways 3 -kiosks 50,200 -dossiers 3 -pages 3 -page-kb 400 \
  -goal-rate 5 -goal-p99 30s
