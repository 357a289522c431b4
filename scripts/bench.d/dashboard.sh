#!/usr/bin/env bash
# Gateway dashboard figures: the overview page over 100 kiosks x 365 days of usage on
# SQLite and PostgreSQL (KIOSK_TEST_PG_DSN, started by scripts/bench.sh), against an
# empty-range page and the plain usage query measured in the same run.
set -euo pipefail
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -timeout 15m -run '^TestBenchFigures$' -v ./sync/gateway/dashboard/ | grep -E '^dashboard\.'
