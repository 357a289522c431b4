#!/usr/bin/env bash
# Store figures: search per keystroke over generated catalogs of 2,500 and 25,000 procedures
# (sync/catalog/catalogtest) vs a LIKE scan, p99 over all samples; dossier save time.
set -euo pipefail
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestBenchFigures$' -v ./sync/store/ | grep -E '^store\.'
