#!/usr/bin/env bash
# Asset figures: start-up cost of the embedded catalog and slides, embedded sizes.
set -euo pipefail
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestBenchFigures$' -v ./assets/ | grep -E '^assets\.'
