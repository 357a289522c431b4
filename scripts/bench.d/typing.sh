#!/usr/bin/env bash
# Typing figures: the cost of one composed keystroke in kiosk/typing (Telex, VNI) against
# the same keys with no composition, and one tap on the on-screen keyboard until the
# entry holds the composed text (headless Fyne driver, no GPU paint) against the same
# keys typed into the entry as a hardware keyboard would. Goal: a tap costs well under
# the 50 ms keystroke-to-repaint budget (≤ 5 ms at p99), composition ≤ 10 µs per key.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=$PATH:/usr/local/go/bin
eng=$(go test -count=1 -run '^$' -bench '^BenchmarkEngineKey$' -benchtime 200000x ./kiosk/typing/)
kbd=$(go test -tags sqlite_fts5 -count=1 -run '^$' -bench '^Benchmark(KeyboardTap|EntryTypedRune)$' -benchtime 5000x ./kiosk/ 2>/dev/null)
# metric NAME UNIT: the value before UNIT on the benchmark line NAME-<procs>
metric() { awk -v n="$2" -v u="$3" '$1 ~ "^"n"(-[0-9]+)?$" { for (i = 2; i < NF; i++) if ($(i+1) == u) print $i }' <<<"$1"; }
telex=$(metric "$eng" BenchmarkEngineKey/telex ns/op)
vni=$(metric "$eng" BenchmarkEngineKey/vni ns/op)
plain=$(metric "$eng" BenchmarkEngineKey/plain ns/op)
tap=$(metric "$kbd" BenchmarkKeyboardTap p99-us)
typed=$(metric "$kbd" BenchmarkEntryTypedRune p99-us)
awk -v t="$telex" -v v="$vni" -v p="$plain" -v k="$tap" -v b="$typed" 'BEGIN {
  worst = (t > v ? t : v)
  printf "typing.telex_ns_per_key=%.0f  typing.vni_ns_per_key=%.0f  plain_ns_per_key=%.1f  goal=<=10000ns %s\n",
    t, v, p, (worst <= 10000 ? "PASS" : "FAIL")
  printf "keyboard.tap_p99_us=%.0f  entry_typedrune_p99_us=%.0f  ratio=%.1fx  goal=<=5000us %s\n",
    k, b, (b > 0 ? k / b : 0), (k <= 5000 ? "PASS" : "FAIL")
}'
