#!/usr/bin/env bash
# eSCL (AirScan) figures (issue 13): pages per minute of a 24-page feeder job of 200 dpi
# gray A4 JPEG through the kiosk's eSCL backend against a raw HTTP client fetching the same
# bytes from the same simulator (scanner/esclsim on loopback), rounds interleaved in the
# same run; p99 time per page for both. Goal: >= 0.9x the raw pages per minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=$PATH:/usr/local/go/bin
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestESCLBenchFigures$' -v ./scanner/ | grep -E '^escl\.'
