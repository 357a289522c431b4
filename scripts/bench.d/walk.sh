#!/usr/bin/env bash
# Resident walk-throughs on the real flow (fyne/test, real store, simulated reader and
# scanner): taps (typed characters not counted), keystrokes, screens and the estimated
# seconds (2 s a tap, 1.5 s a keystroke, 8 s reading a screen) per procedure.
set -euo pipefail
KIOSK_BENCH=1 go test -tags sqlite_fts5 -count=1 -run '^TestWalkThroughTapBudget$' -v ./kiosk/ | grep -E '^walk\.'
