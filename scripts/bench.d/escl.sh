#!/usr/bin/env bash
# eSCL (AirScan) figures (issue 13): pages per minute of a 24-page feeder job of 200 dpi
# gray A4 JPEG through the kiosk's eSCL backend against a raw HTTP client fetching the same
# bytes from the same simulator (scanner/esclsim on loopback), rounds interleaved in the
# same run; p99 time per page for both. Goal: the backend's own cost, eSCL job time minus
# raw job time, is at most 1 ms a page (a real device takes 1-3 s a page; on loopback a page
# takes well under a millisecond, so the pages-per-minute ratio is shown as information).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=$PATH:/usr/local/go/bin
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestESCLBenchFigures$' -v ./scanner/ | grep -E '^escl\.'
