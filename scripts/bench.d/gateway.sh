#!/usr/bin/env bash
# Gateway ingest: 50 concurrent simulated kiosks (net/http clients that sign like real
# kiosks) uploading pages and submitting dossiers to a real gateway process, on SQLite
# and on PostgreSQL (KIOSK_TEST_PG_DSN, started by scripts/bench.sh). Baseline in the
# same run: signed requests that store nothing, at the same concurrency.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/gwbench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
go build -tags sqlite_fts5 -o "$tmp/gateway" ./cmd/gateway
go build -tags sqlite_fts5 -o "$tmp/gwbench" ./sync/gateway/gwbench
"$tmp/gwbench" -gateway "$tmp/gateway" -catalog cmd/gateway/testdata/catalog.json -kiosks 50 -dossiers 8 -pages 3 -page-kb 100
