#!/usr/bin/env bash
# Runs every test: unit, integration (real SQLite files, real pseudo-terminals, a real
# gateway on loopback, a real PostgreSQL server, a real S3-compatible server (versitygw),
# headless Chromium), and short fuzz runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
TAGS=sqlite_fts5

work=$(mktemp -d /tmp/kiosk-test.XXXXXX)
chmod 755 "$work"
pgdir=$work/pg
s3dir=$work/s3
cleanup() { scripts/pg.sh stop "$pgdir" || true; scripts/s3.sh stop "$s3dir" || true; rm -rf "$work"; }
trap cleanup EXIT

port=$(( 20000 + RANDOM % 20000 ))
KIOSK_TEST_PG_DSN=$(scripts/pg.sh start "$pgdir" "$port")
export KIOSK_TEST_PG_DSN
# The S3 server of the page-store tests: KIOSK_TEST_S3_ENDPOINT and its keys.
s3env=$(scripts/s3.sh start "$s3dir" $(( port + 1 )))
eval "export $(echo $s3env)"
export KIOSK_TEST_REQUIRE_ALL=1   # integration tests fail instead of skipping when a tool is missing

echo "== staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags "$TAGS" ./...

echo "== go test (all packages)"
go test -tags "$TAGS" -count=1 -timeout 20m ./...

echo "== go test -race (devices, sync, the kiosk's command: its quit watchdog, printer and updater)"
go test -tags "$TAGS" -race -count=1 -timeout 15m ./scanner/... ./sync/... ./cmd/kiosk/

echo "== packages: Windows cross-build and checks, Debian install/upgrade/purge"
make --no-print-directory windows
if [ "$(id -u)" = 0 ]; then scripts/pkgtest.sh
elif [ "${KIOSK_TEST_REQUIRE_ALL:-}" = 1 ]; then echo "pkgtest: needs root (dpkg -i)" >&2; exit 1
else echo "pkgtest: skipped (needs root for dpkg -i)"; fi

echo "== fuzz (short runs)"
scripts/fuzz.sh 5s
