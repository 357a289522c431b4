#!/usr/bin/env bash
# Heartbeat ingest: 1,000 kiosks reporting every 5 minutes (3.3 heartbeats/s needed)
# into a real gateway process, on SQLite and on PostgreSQL (KIOSK_TEST_PG_DSN, started
# by scripts/bench.sh). Three rounds per kiosk sent as fast as 50 connections allow;
# goal: at least 10x the needed rate and p99 <= 500 ms. Baseline in the same run: signed
# requests that store nothing, over the same connections.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/hbbench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
go build -tags sqlite_fts5 -o "$tmp/gateway" ./cmd/gateway
go build -tags sqlite_fts5 -o "$tmp/gwbench" ./sync/gateway/gwbench
"$tmp/gwbench" -mode heartbeat -gateway "$tmp/gateway" -catalog cmd/gateway/testdata/catalog.json -kiosks 1000 -rounds 3 -concurrency 50 -goal-p99 500ms
