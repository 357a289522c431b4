#!/usr/bin/env bash
# Rural link (issue 18): 10 pages of 6 MB through a link throttled to 150 KB/s that
# resets every connection every 20 s, to a real gateway process: effective throughput
# against the link's rate (the baseline: the throttle itself), bytes on the link against
# the page bytes (goal ≤ 1.1×); and the uplink's peak heap sending a 1 MB page and a
# 10 MB page (goal: no growth with the page). About 7 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestRuralBenchFigures$' -v -timeout 30m ./sync/uplink/ | grep -E '^rural\.'
