#!/usr/bin/env bash
# Runs every fuzz target briefly (each for the given time, default 5s).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-5s}
for pkg in $(go list -tags sqlite_fts5 ./...); do
  dir=$(go list -tags sqlite_fts5 -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "-- $pkg $f ($t)"
    go test -tags sqlite_fts5 -run '^$' -fuzz "^$f\$" -fuzztime "$t" "$pkg"
  done
done
