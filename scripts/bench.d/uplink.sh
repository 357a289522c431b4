#!/usr/bin/env bash
# Uplink throughput: drain 500 dossiers × 3 pages × 200 KB through the kiosk's uplink, in one
# run, at the same concurrency as its baselines, sides alternating chunk by chunk:
#  - to a real gateway process on loopback, against plain net/http PUTs of the same page bytes
#    to a gateway process started the same way (both pay the gateway's fsyncs);
#  - to a discarding gateway (the real gateway handler over a store whose page bytes go
#    nowhere, database on tmpfs, its own process), against the same PUTs to a server that
#    discards the body: the uplink's own overhead (goal ≥ 0.8×); PUTs to a discarding gateway
#    are printed too (what the gateway's handler costs);
#  - the kiosk store's acceptance record time; the uplink's peak heap while it drains 1 MB and
#    10 MB pages (goal: independent of the page size, 10 MB ≤ 1 MB + 1 MB).
# UPLINK_BENCH_PROFILE=1 (go test … -cpuprofile) runs only the drain to a discarding gateway;
# UPLINK_DISCARD_GW_CPUPROFILE=FILE writes the discarding gateway process's CPU profile.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestBenchFigures$' -v -timeout 20m ./sync/uplink/ | grep -E '^uplink\.'
