#!/usr/bin/env bash
# make screenshot: runs the real kiosk binary full screen under Xvfb at 1920×1080 and
# at 1366×768; its hidden --tour flag walks the main screens with demo data (attract,
# home, procedures, search with results, detail, the questions (name, phone after the CCCD, a form question with its keyboard),
# scanning with pages, review, receipt, lookup, rating, idle warning, English) and
# each is grabbed from the X screen into screenshots/<size>-NN-<screen>.png.
# Each run uses a throwaway data directory (the tour submits a demo dossier).
# The kiosk prints that dossier's receipt on the simulated ESC/POS printer
# (bin/scannersim --printer): the printed slip, decoded from the raster the kiosk
# sent, is written to screenshots/<size>-receipt-printed.png.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${KIOSK_BIN:-bin}
out=${1:-screenshots}
mkdir -p "$out"
command -v xvfb-run >/dev/null || { echo "screenshot: xvfb-run missing (scripts/deps.sh test)" >&2; exit 1; }
command -v import >/dev/null || { echo "screenshot: ImageMagick's import missing (scripts/deps.sh test)" >&2; exit 1; }
[ -x "$bin/kiosk" ] || { echo "screenshot: $bin/kiosk missing (make build)" >&2; exit 1; }
work=$(mktemp -d /tmp/kiosk-shots.XXXXXX)
simpid=
trap '[ -n "$simpid" ] && kill "$simpid" 2>/dev/null; rm -rf "$work"' EXIT
printer=
if [ -x "$bin/scannersim" ]; then
  "$bin/scannersim" --printer --printer-pace=false --printer-out "$work/printed" --paths-file "$work/devices" \
    </dev/null >"$work/sim.log" 2>&1 &
  simpid=$!
  for _ in $(seq 50); do grep -q '^printer=' "$work/devices" 2>/dev/null && break; sleep 0.1; done
  printer=$(grep -m1 '^printer=' "$work/devices" 2>/dev/null | cut -d= -f2- || true)
fi
[ -n "$printer" ] || echo "screenshot: no printer simulator ($bin/scannersim): no printed receipt" >&2
status=0
for size in 1920x1080 1366x768; do
  rm -f "$out/$size"-*.png "$work/printed"/receipt-*.png
  echo "screenshot: $size"
  if ! env LANGUAGE=en ${printer:+KIOSK_PRINTER=serial:$printer} KIOSK_COMMUNE="UBND phường Tân An" timeout -k 10 180 xvfb-run -a -s "-screen 0 ${size}x24" \
      "$bin/kiosk" --data "$work/$size" --tour "$out" --size "$size" >"$work/$size.log" 2>&1; then
    echo "screenshot: the tour at $size failed:" >&2
    grep -v 'Fyne error\|Cause:\|At: ' "$work/$size.log" | tail -20 >&2
    status=1
  fi
  if [ -n "$printer" ]; then
    slip=$(ls -1 "$work/printed"/receipt-*.png 2>/dev/null | tail -1 || true)
    if [ -n "$slip" ]; then
      cp "$slip" "$out/$size-receipt-printed.png"
    else
      echo "screenshot: the tour at $size printed no receipt" >&2
      status=1
    fi
  fi
done
ls -1 "$out"/*.png
exit $status
