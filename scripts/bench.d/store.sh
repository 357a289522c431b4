#!/usr/bin/env bash
# Store figures: search per keystroke over 2,500 procedures vs a LIKE scan, dossier save time.
set -euo pipefail
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestBenchFigures$' -v ./sync/store/ | grep -E '^store\.'
