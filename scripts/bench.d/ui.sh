#!/usr/bin/env bash
# UI benches, on the real binary under Xvfb:
#  - cold start to the first frame of the attract screen, against a bare Fyne window
#    (scripts/bench.d/uibare) timed the same way in the same run (goal ≤ 1.5×);
#  - resident set size after 200 simulated sessions (search, CCCD, form, real-size scanned
#    pages, submit, receipt, lookup, rating, wipe) against after the first (goal < 10 MB),
#    and between sessions (goal <= 200 MB), with no collection forced by the bench. A
#    reading is taken after the first session and every 25th, each once the kiosk has let
#    go of the session (Fyne's cache, the kiosk's own releases after a wipe). One reading
#    at each end swings by a few MB (the Go heap's garbage at that moment), so growth is
#    judged on a least-squares line through all 9 readings (its rise over the 199
#    sessions between the first and the last), printed beside the raw last − first and
#    the median of the last 3 − the median of the first 3; between sessions is judged on
#    the highest reading, the last one printed too;
#  - keystroke to the GL driver's paint of the frame that shows it (its text and its
#    search's results) on the search screen over a generated 2,500-procedure catalog
#    (sync/catalog/catalogtest/gencatalog), at 1366×768 and 1920×1080: goal p95 ≤ 33 ms
#    (two frames at 60 Hz) and p99 ≤ 50 ms over all keystrokes, each printed PASS/FAIL.
#    A paint probe (a 1×1 raster refreshed with each change; its generator runs when the
#    painter draws the refreshed frame) times the paint; keys come at random moments
#    between frames and are handled at the next frame tick, as the driver handles a
#    touch. The same keystrokes on an entry without search are the floor (base_*),
#    and frame_cpu_ms is the CPU time (GL rasterizer threads included) of one frame.
#    On a machine shared with other work, p99 mostly measures the scheduler: the
#    baseline's p99 shows by how much. Beside them, what the machine's GL costs a
#    bare Fyne window of the same size (uibare -shade: CPU per empty frame and per
#    pixel shaded) and the search screen's frame in whole windows shaded at that
#    price: on software GL the frame's cost is mostly its shaded pixels.
# A figure that fails to run prints as an error and the others still run (a crash of
# the bare Fyne baseline on exit is retried); the script then exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=$PATH:/usr/local/go/bin LANGUAGE=en
work=$(mktemp -d /tmp/kiosk-uibench.XXXXXX)
xpid=
cleanup() { [ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

go build -tags sqlite_fts5 -o "$work/kiosk" ./cmd/kiosk
go build -o "$work/bare" ./scripts/bench.d/uibare

if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { echo "ui bench: Xvfb missing (scripts/deps.sh test)" >&2; exit 1; }
  d=$(( 90 + RANDOM % 400 ))
  Xvfb ":$d" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  export DISPLAY=":$d"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done
fi

status=0
# first_frame CMD...: milliseconds from exec to the printed first frame. A run that
# prints no first frame (the bare Fyne window sometimes crashes on exit) is retried
# twice; after that the sample is left out and the caller goes on. Every timeout here
# kills 5 s after its SIGTERM: Fyne 2.7.1 can hang for good once its loop ended
# (cmd/kiosk/quit.go), deaf to the signal (the kiosk exits by itself; the bare window not).
first_frame() {
  local t0 t1 try
  for try in 1 2 3; do
    t0=$(date +%s%3N)
    t1=$({ "$@" 2>/dev/null || true; } | sed -n 's/^first_frame_unix_ms=//p')
    if [ -n "$t1" ]; then
      echo $(( t1 - t0 ))
      return 0
    fi
    echo "ui bench: no first frame from $* (try $try of 3)" >&2
  done
  return 0
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

data=$work/data
# First run: schema and sample catalog, untimed.
if ! timeout -k 5 120 "$work/kiosk" --data "$data" --first-frame >"$work/first.log" 2>&1; then
  echo "ui bench: the first start failed:" >&2; grep -v 'Fyne error\|Cause:\|At: ' "$work/first.log" | tail -5 >&2; status=1
fi
: >"$work/k" ; : >"$work/b"
for _ in 1 2 3 4 5 6 7; do
  first_frame timeout -k 5 60 "$work/bare" >>"$work/b"
  first_frame timeout -k 5 60 "$work/kiosk" --data "$data" --first-frame >>"$work/k"
done
if [ -s "$work/k" ] && [ -s "$work/b" ]; then
  k=$(median <"$work/k") b=$(median <"$work/b")
  kmin=$(sort -n "$work/k" | head -1) bmin=$(sort -n "$work/b" | head -1)
  # Medians of the interleaved runs decide; the fastest runs are shown for a machine under load.
  awk -v k="$k" -v b="$b" -v km="$kmin" -v bm="$bmin" -v kn="$(wc -l <"$work/k")" -v bn="$(wc -l <"$work/b")" 'BEGIN { r = k / b; printf "ui.first_frame_ms=%d  bare_fyne.first_frame_ms=%d  ratio=%.2fx  (fastest %d vs %d; %d and %d runs)  goal=<=1.5x %s\n", k, b, r, km, bm, kn, bn, (r <= 1.5 ? "PASS" : "FAIL") }'
else
  echo "ui.first_frame_ms=error  ($(wc -l <"$work/k") kiosk and $(wc -l <"$work/b") bare runs drew a frame)  goal=<=1.5x FAIL"; status=1
fi

# Fyne keeps the renderers of screens gone by for FYNE_CACHE (1 min by default); the
# bench waits that long before each reading, so a short cache keeps it quick.
if out=$(FYNE_CACHE=5s KIOSK_BENCH_EVERY=25 timeout -k 5 1800 "$work/kiosk" --data "$work/sessions" --bench-sessions 200 2>"$work/sessions.log"); then
  # Real-size scans (A4, 200 dpi); no collection forced by the bench (settled: after one, for comparison).
  sed -n 's/^rss_after_\([0-9]*\)_kb=\([0-9]*\).*settled_rss_kb=\([0-9]*\).*/\1 \2 \3/p' <<<"$out" | awk '
    { n[NR] = $1; r[NR] = $2 / 1024; s[NR] = $3 / 1024; sx += $1; sy += $2 / 1024; sxx += $1 * $1; sxy += $1 * $2 / 1024
      if (NR == 1 || r[NR] > hi) hi = r[NR]; if (NR == 1 || r[NR] < lo) lo = r[NR] }
    function med3(a, b, c) { return a + b + c - (a > b ? (a > c ? a : c) : (b > c ? b : c)) - (a < b ? (a < c ? a : c) : (b < c ? b : c)) }
    END {
      k = NR; if (k < 6 || n[1] != 1 || n[k] != 200) { print "ui.rss_after_200_sessions_mb=error (" k " readings)  goal=<10MB FAIL"; exit 1 }
      slope = (k * sxy - sx * sy) / (k * sxx - sx * sx); fit = slope * (n[k] - n[1])
      raw = r[k] - r[1]; ends = med3(r[k], r[k-1], r[k-2]) - med3(r[1], r[2], r[3])
      printf "ui.rss_after_1_session_mb=%.1f  ui.rss_after_200_sessions_mb=%.1f  growth_fit_mb=%.1f goal=<10MB %s  (raw last-first %.1f, median of last 3 - first 3 %.1f; %d readings %.1f-%.1f)  ui.rss_between_sessions_max_mb=%.1f goal=<=200MB %s  (after a forced collection: %.1f -> %.1f MB)\n",
        r[1], r[k], fit, (fit < 10 ? "PASS" : "FAIL"), raw, ends, k, lo, hi, hi, (hi <= 200 ? "PASS" : "FAIL"), s[1], s[k]
    }' || status=1
else
  tail -5 "$work/sessions.log" >&2
  echo "ui.rss_after_200_sessions_mb=error  goal=<10MB FAIL"; status=1
fi

# Keystrokes over a province-size catalog, at both screen sizes.
go run ./sync/catalog/catalogtest/gencatalog -n 2500 -seed 1 >"$work/catalog-2500.json"
keys=$work/keys
if ! { timeout -k 5 120 "$work/kiosk" --data "$keys" --first-frame >/dev/null 2>&1 &&
  "$work/kiosk" --data "$keys" catalog import "$work/catalog-2500.json" >/dev/null 2>"$work/import.log"; }; then
  cat "$work/import.log" >&2
  echo "ui.search_keys=error (the generated catalog did not import)  FAIL"; status=1
else
  for size in 1366x768 1920x1080; do
    # The machine's GL at this size (context, not a goal): a bare Fyne window's CPU
    # per frame when empty and per pixel shaded.
    gl=$(timeout -k 5 60 "$work/bare" -shade "$size" 2>"$work/gl.log") || { tail -3 "$work/gl.log" >&2; gl=; }
    if out=$(timeout -k 5 300 "$work/kiosk" --data "$keys" --size "$size" --bench-keys 2>"$work/keys.log"); then
      p95=$(sed -n 's/.* paint_p95_ms=\([0-9.]*\).*/\1/p' <<<"$out") p99=$(sed -n 's/.* paint_p99_ms=\([0-9.]*\).*/\1/p' <<<"$out")
      verdict=$(awk -v a="$p95" -v b="$p99" 'BEGIN { printf "goal=paint_p95<=33ms %s goal=paint_p99<=50ms %s", (a != "" && a <= 33 ? "PASS" : "FAIL"), (b != "" && b <= 50 ? "PASS" : "FAIL") }')
      echo "ui.catalog=2500 ui.size=$size ui.$(sed 's/ / ui./g' <<<"$out")  $verdict"
      if [ -n "$gl" ]; then
        # The search screen's frame in whole windows shaded: its CPU beyond the empty
        # window's frame, at the bare window's cost per pixel (its own walk of the
        # objects and draw calls counted in, so a little above the pixels it shades).
        awk -v gl="$gl" -v out="$out" -v size="$size" 'BEGIN {
          n = split(gl " " out, f, " "); for (i = 1; i <= n; i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
          split(size, wh, "x"); px = wh[1] * wh[2]
          printf "ui.gl_size=%s ui.gl_empty_frame_cpu_ms=%s ui.gl_shade_ns_per_px=%s ui.search_frame_windows=%.2f  (a bare Fyne window in the same run; with a GPU, shading costs the process next to no CPU)\n",
            size, v["gl_empty_frame_cpu_ms"], v["gl_shade_ns_per_px"], (v["frame_cpu_ms"] - v["gl_empty_frame_cpu_ms"]) * 1e6 / (v["gl_shade_ns_per_px"] * px) }'
      fi
    else
      tail -5 "$work/keys.log" >&2
      echo "ui.size=$size ui.paint_p95_ms=error  goal=paint_p95<=33ms FAIL goal=paint_p99<=50ms FAIL"; status=1
    fi
  done
fi
exit $status
