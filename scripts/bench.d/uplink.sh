#!/usr/bin/env bash
# Uplink throughput: drain 500 dossiers × 3 pages × 200 KB through the kiosk's uplink to
# a real gateway process on loopback, against plain net/http PUTs of the same page bytes
# to a gateway process started the same way, at the same concurrency, in the same run
# (alternating chunks of 50 dossiers), and against the same PUTs to a server that discards
# the body (the uplink's own overhead). Goal: the uplink reaches ≥ 0.8× each raw throughput.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestBenchFigures$' -v -timeout 20m ./sync/uplink/ | grep -E '^uplink\.'
