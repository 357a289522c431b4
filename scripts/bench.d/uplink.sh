#!/usr/bin/env bash
# Uplink throughput: drain 500 dossiers × 3 pages × 200 KB through the kiosk's uplink, in one
# run, at the same concurrency as its baselines, sides alternating chunk by chunk:
#  - to a real gateway process on loopback, against plain net/http PUTs of the same page bytes
#    to a gateway process started the same way (both pay the gateway's fsyncs);
#  - uplink.drain_to_stub_mb_s: to a stub in the bench's process that reads and discards
#    every body and gives each request the smallest signed answer the uplink takes (page
#    complete, dossier acknowledged with a code; verifies and stores nothing), against
#    uplink.raw_put_discard_mb_s, plain PUTs of the same bytes to a server in the same
#    process that discards the body: uplink.ratio_stub_vs_discard is the uplink's own
#    overhead, the issue's goal (≥ 0.8×);
#  - uplink.drain_discard_gw_mb_s: to a discarding gateway (the real gateway handler, its own
#    process, over a store whose page bytes go nowhere, database on tmpfs: it still hashes
#    every page, writes SQLite rows, checks signatures), against the same discard PUTs
#    (uplink.ratio_vs_discard: the gateway handler's cost included); PUTs to a discarding
#    gateway are printed too (uplink.raw_put_discard_gw_mb_s: what the handler costs);
#  - the kiosk store's acceptance record time; the uplink's peak heap while it drains 1 MB and
#    10 MB pages (goal: independent of the page size, 10 MB ≤ 1 MB + 1 MB).
# UPLINK_BENCH_PROFILE=1 (go test … -cpuprofile) runs only the drain to a discarding gateway,
# UPLINK_BENCH_PROFILE=stub only the drain to the stub;
# UPLINK_DISCARD_GW_CPUPROFILE=FILE writes the discarding gateway process's CPU profile.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestBenchFigures$' -v -timeout 20m ./sync/uplink/ | grep -E '^uplink\.'
