#!/usr/bin/env bash
# Printer figures (issue 17): time from "Nộp" (the receipt's data in hand: render,
# status checks, raster bands, cut) to the cut on the simulated ESC/POS printer,
# which takes bytes no faster than 115200 baud allows, against the line's limit for
# the bytes the job put on the wire (bytes x 10 / baud) in the same run; the
# receipt's size on the wire against its uncompressed raster; render time.
# Goal: p99 within 10% of the line limit.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=$PATH:/usr/local/go/bin
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestBenchFigures$' -v ./scanner/printer/ | grep -E '^printer\.'
