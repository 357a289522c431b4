#!/usr/bin/env bash
# Officials' statistics: the screen's queries (today, 30 days, a year) over a year of
# usage events (about a million), against a full COUNT(*) of the events in the same run.
set -euo pipefail
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -timeout 10m -run '^TestStatsBenchFigures$' -v ./sync/store/ | grep -E '^stats\.'
