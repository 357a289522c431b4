#!/usr/bin/env bash
# make run: the whole demo with one command. Starts a local gateway (SQLite, loopback)
# and registers the kiosk with it, starts the scanner, QR reader and receipt printer
# simulators on pseudo-terminals (printed receipts land in DATA/demo/printed/ as PNG
# and JSON), then opens the kiosk window pointing at them. Everything stops
# when the window closes (or on Ctrl-C). A piece that is missing or fails is skipped:
# the kiosk window opens anyway and shows it as not connected / offline.
#
# While the window is open, every line typed in this terminal goes to the simulated
# QR reader as a scanned code (paste the sample CCCD line printed below); lines
# starting with '!' control the simulated scanner (!paper 3, !jam, !cover open, ...).
#
#   scripts/demo.sh DATA_DIR
#   KIOSK_DEMO_SCANNER=escl scripts/demo.sh DATA_DIR   (the eSCL network scanner simulator)
set -uo pipefail
cd "$(dirname "$0")/.."
data=${1:-${KIOSK_DATA:-$HOME/.local/share/dvc-kiosk}}
demo=$data/demo
mkdir -p "$demo"
bin=${KIOSK_BIN:-bin}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf 'demo: %s\n' "$*" >&2; }

# wait_for FILE PATTERN SECONDS: until a line matching PATTERN is in FILE.
wait_for() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

gateway_url=
if [ -x "$bin/gateway" ]; then
  gwdb=$demo/gateway.db gwdata=$demo/gateway
  mkdir -p "$gwdata"
  "$bin/gateway" serve --addr 127.0.0.1:0 --db "$gwdb" --data "$gwdata" >"$demo/gateway.log" 2>&1 &
  pids+=($!)
  if wait_for "$demo/gateway.log" '^listening=' 15; then
    addr=$(grep -m1 '^listening=' "$demo/gateway.log" | cut -d= -f2)
    gateway_url=http://$addr
    if [ ! -s "$demo/kiosk.cred" ]; then
      "$bin/gateway" kiosk add "Kiosk demo" --commune "Phường Tân An" --db "$gwdb" --data "$gwdata" >"$demo/kiosk.cred" 2>>"$demo/gateway.log" \
        || { say "could not add the kiosk to the gateway (see $demo/gateway.log)"; rm -f "$demo/kiosk.cred"; }
    fi
    if [ -s "$demo/kiosk.cred" ]; then
      id=$(grep -m1 '^id=' "$demo/kiosk.cred" | cut -d= -f2-)
      secret=$(grep -m1 '^secret=' "$demo/kiosk.cred" | cut -d= -f2-)
      "$bin/kiosk" --data "$data" register --gateway "$gateway_url" --id "$id" --secret "$secret" >/dev/null 2>>"$demo/gateway.log" \
        || say "kiosk register failed (see $demo/gateway.log); the kiosk runs offline"
    fi
    say "gateway on $gateway_url (log: $demo/gateway.log)"
  else
    say "the gateway did not start (see $demo/gateway.log); the kiosk runs offline"
    gateway_url=
  fi
else
  say "no $bin/gateway: the kiosk runs offline"
fi

scanner= qr= printer=
if [ -x "$bin/scannersim" ]; then
  rm -f "$demo/devices"
  # The simulator reads this terminal: each line typed is a QR code.
  "$bin/scannersim" --sheets 20 --paths-file "$demo/devices" \
    --printer --printer-raw-realtime --printer-link "$demo/printer.tty" --printer-out "$demo/printed" 0<&0 >"$demo/scannersim.log" 2>&1 &
  pids+=($!)
  if wait_for "$demo/devices" '^qr=' 10; then
    scanner=$(grep -m1 '^scanner=' "$demo/devices" | cut -d= -f2-)
    qr=$(grep -m1 '^qr=' "$demo/devices" | cut -d= -f2-)
    grep -q '^printer=' "$demo/devices" && printer=$demo/printer.tty
    say "scanner simulator on $scanner, QR reader simulator on $qr, printer simulator on ${printer:-(none)} (receipts in $demo/printed)"
  else
    say "the scanner simulator did not start (see $demo/scannersim.log)"
  fi
else
  say "no $bin/scannersim: no scanner or QR reader"
fi

# KIOSK_DEMO_SCANNER=escl: the document scanner is the driverless network scanner
# simulator (eSCL/AirScan over HTTP on loopback, bin/esclsim) instead of the KSP-1 one;
# the QR reader stays the simulated one.
scanner_setting=${scanner:+serial:$scanner}
if [ "${KIOSK_DEMO_SCANNER:-}" = escl ]; then
  scanner_setting=
  if [ -x "$bin/esclsim" ]; then
    rm -f "$demo/escl"
    # Its controls (!paper 3, !nopaper, !jam, !clearjam, !hang, !unhang, !busy 2) are lines
    # appended to DATA/demo/escl.ctl; the terminal stays the QR reader's.
    : >"$demo/escl.ctl"
    tail -n0 -F --pid=$$ "$demo/escl.ctl" 2>/dev/null | "$bin/esclsim" --sheets 20 --url-file "$demo/escl" >"$demo/esclsim.log" 2>&1 &
    pids+=($!)
    if wait_for "$demo/escl" '^escl=' 10; then
      scanner_setting=escl:$(grep -m1 '^escl=' "$demo/escl" | cut -d= -f2-)
      say "eSCL scanner simulator on ${scanner_setting#escl:} (20 sheets in its feeder; control it with: echo '!jam' >>$demo/escl.ctl)"
    else
      say "the eSCL scanner simulator did not start (see $demo/esclsim.log)"
    fi
  else
    say "no $bin/esclsim: no scanner"
  fi
fi

if [ ! -x "$bin/kiosk" ]; then
  say "no $bin/kiosk: run make build first"
  exit 1
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  say "no display: set DISPLAY, or run under xvfb-run"
fi

cat >&2 <<'TXT'

  The kiosk window is opening. To "scan" a CCCD card, paste this line here and press Enter:

    092158001234|361234567|Nguyễn Thị Ngọc Hường|05031958|Nữ|12 Trần Hưng Đạo, phường Tân An, quận Ninh Kiều, Cần Thơ|01012022

  To look a dossier up by its receipt QR, type DVCK1:<receipt code>. Scanner controls:
  !paper 3   !nopaper   !jam   !clearjam   !cover open   !cover close   !pull   !replug
  Printer controls: !printer paper out|in|near   !printer cover open|close   !printer pull|replug
  Close the window (or press Ctrl-C) to stop everything.

TXT

# FYNE_CACHE: Fyne drops the widgets of screens gone by after 10 s instead of a minute
# (less memory, and nothing of a resident lingers in it).
env FYNE_CACHE=${FYNE_CACHE:-10s} ${scanner_setting:+KIOSK_SCANNER=$scanner_setting} ${qr:+KIOSK_QR=serial:$qr,cr} \
  ${printer:+KIOSK_PRINTER=serial:$printer,115200} KIOSK_COMMUNE="${KIOSK_COMMUNE:-UBND phường Tân An}" \
  ${gateway_url:+KIOSK_GATEWAY=$gateway_url} \
  "$bin/kiosk" --data "$data" ${KIOSK_DEMO_FULLSCREEN:+} ${KIOSK_DEMO_FULLSCREEN:---windowed} </dev/null
status=$?
say "kiosk exited ($status); stopping the simulators and the gateway"
exit $status
