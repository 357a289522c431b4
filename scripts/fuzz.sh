#!/usr/bin/env bash
# Runs every fuzz target briefly (each for the given -fuzztime, default 5s).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-5s}
# fuzz PKG TARGET: one run. A time-limited run can end in the fuzzing harness's own
# "context deadline exceeded" when its deadline falls on a busy worker; that is not a
# finding (a finding prints "Failing input written to" and leaves it under
# testdata/fuzz), so such a run is repeated (up to three tries). Any other failure fails.
fuzz() {
  local out
  for try in 1 2 3; do
    if out=$(go test -tags sqlite_fts5 -run '^$' -fuzz "^$2\$" -fuzztime "$t" "$1" 2>&1); then
      printf '%s\n' "$out" | tail -n 2
      return 0
    fi
    if [ "$try" -lt 3 ] && grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input written' <<<"$out"; then
      echo "-- $2: the harness hit its own deadline (no failing input); running it again"
      continue
    fi
    printf '%s\n' "$out"
    return 1
  done
}
for pkg in $(go list -tags sqlite_fts5 ./...); do
  dir=$(go list -tags sqlite_fts5 -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "-- $pkg $f ($t)"
    fuzz "$pkg" "$f"
  done
done
