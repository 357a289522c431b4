package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/cantho-kiosk/kiosk/kiosk"
)

// The window's bench and tour modes (scripts/bench.d/ui.sh, scripts/screenshot.sh):
// each drives the real window from a goroutine instead of a resident, prints its
// figures and quits the app. runGUI starts the one the flags ask for.

// benchMode returns the mode the flags ask for, or nil for a resident's kiosk.
func (f guiFlags) benchMode() func(ctx context.Context, env *cmdEnv, a fyne.App, w fyne.Window, u *kiosk.UI, start time.Time) error {
	switch {
	case f.tour != "":
		return f.runTour
	case f.firstFrame:
		return runFirstFrame
	case f.benchSessions > 0:
		return f.runBenchSessions
	case f.benchKeys:
		return runBenchKeys
	}
	return nil
}

// runTour walks the screens and writes their PNGs (make screenshot).
func (f guiFlags) runTour(ctx context.Context, _ *cmdEnv, _ fyne.App, _ fyne.Window, u *kiosk.UI, _ time.Time) error {
	time.Sleep(time.Second) // let the window map
	prefix := fmt.Sprintf("%dx%d-", int(f.size.Width), int(f.size.Height))
	return u.Tour(ctx, f.tour, prefix, 700*time.Millisecond, screenCapture())
}

// runFirstFrame prints when the attract screen's first frame was drawn.
func runFirstFrame(_ context.Context, env *cmdEnv, _ fyne.App, _ fyne.Window, _ *kiosk.UI, start time.Time) error {
	// The attract screen is built before ShowAndRun; once the event loop has run
	// twice after the window appeared, its first frame has been drawn.
	fyne.DoAndWait(func() {})
	fyne.DoAndWait(func() {})
	fmt.Fprintf(env.stdout, "first_frame_unix_ms=%d\n", time.Now().UnixMilli())
	fmt.Fprintf(env.stdout, "in_process_ms=%.1f\n", float64(time.Since(start).Microseconds())/1000)
	return nil
}

// runBenchSessions runs demo sessions (real-size scanned pages) and prints the memory
// after the first and the last (sessionReading), and every N sessions with
// KIOSK_BENCH_EVERY=N, then a heap profile if heapProfileEnv names a file.
func (f guiFlags) runBenchSessions(ctx context.Context, env *cmdEnv, _ fyne.App, _ fyne.Window, u *kiosk.UI, _ time.Time) error {
	time.Sleep(500 * time.Millisecond)
	every, _ := strconv.Atoi(os.Getenv("KIOSK_BENCH_EVERY"))
	for i := 1; i <= f.benchSessions; i++ {
		if err := u.RunDemoSession(ctx); err != nil {
			return err
		}
		if i == 1 || i == f.benchSessions || (every > 0 && i%every == 0) {
			fmt.Fprintln(env.stdout, sessionReading(i, every > 0))
		}
	}
	if path := os.Getenv(heapProfileEnv); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.WriteHeapProfile(f) // what the sessions left in the heap, by where it was allocated
	}
	return nil
}

// runBenchKeys times keystrokes on the search screen, key to the driver's paint of its
// frame, and prints percentiles over all keystrokes, with the same keys typed into an
// entry without search as the floor, and the paint probe's own counts.
func runBenchKeys(ctx context.Context, env *cmdEnv, _ fyne.App, _ fyne.Window, u *kiosk.UI, _ time.Time) error {
	time.Sleep(500 * time.Millisecond)
	if path := os.Getenv("KIOSK_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// What residents type at a commune kiosk, without marks as most do: about 250
	// keystrokes, so that p99 is not the single slowest key.
	queries := []string{"dang ky khai sinh", "chung thuc ban sao", "ket hon", "xac nhan tinh trang hon nhan", "trich luc",
		"dang ky thuong tru", "cap doi can cuoc", "giay phep xay dung", "chung thuc chu ky", "dang ky khai tu",
		"cap ban sao trich luc ho tich", "quyen su dung dat", "bao hiem y te", "tro cap xa hoi", "dang ky tam tru"}
	base, err := u.BenchSearchKeystrokes(ctx, queries, false, processCPU())
	if err != nil {
		return err
	}
	with, err := u.BenchSearchKeystrokes(ctx, queries, true, processCPU())
	frames := append(base.Frames, with.Frames...)
	fmt.Fprintf(env.stdout, "keys=%d paint_p50_ms=%.2f paint_p95_ms=%.2f paint_p99_ms=%.2f base_p50_ms=%.2f base_p95_ms=%.2f base_p99_ms=%.2f frame_paint_p50_ms=%.2f frame_paint_p95_ms=%.2f frame_cpu_ms=%.2f frame_cpu_results_ms=%.2f probe_asks=%d probe_paints=%d probe_spurious=%d probe_early=%d\n",
		len(with.Keys), pct(with.Keys, 50), pct(with.Keys, 95), pct(with.Keys, 99), pct(base.Keys, 50), pct(base.Keys, 95), pct(base.Keys, 99),
		pct(frames, 50), pct(frames, 95), float64(base.FrameCPU.Microseconds())/1000, float64(with.FrameCPUResults.Microseconds())/1000,
		base.Asks+with.Asks, base.Paints+with.Paints, base.Spurious+with.Spurious, base.Early+with.Early)
	return err
}

// sessionReading waits as long as the kiosk takes to let go of a session (settle) and
// returns the bench's line for session i: rss_after_i_kb as the kiosk holds it between
// sessions, with no collection forced by the bench (the kiosk's own releases after a
// wipe included), the Go heap, and settled_rss_kb after a forced collection, for
// comparison. With detail (KIOSK_BENCH_EVERY), memBreakdown's figures before that
// collection, and after it the Go heap's live bytes and the mappings (gc_smaps_*).
func sessionReading(i int, detail bool) string {
	idleAlloc := settle()
	rss := readRSS()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var mem string
	if detail {
		mem = " " + memBreakdown()
	}
	settled := settledRSS()
	if detail {
		var live runtime.MemStats
		runtime.ReadMemStats(&live)
		mem += fmt.Sprintf(" go_live_kb=%d idle_alloc_kb=%d", live.HeapAlloc>>10, idleAlloc>>10) + smapsLine("gc_")
	}
	return fmt.Sprintf("rss_after_%d_kb=%d go_heap_kb=%d go_mapped_kb=%d settled_rss_kb=%d%s", i, rss, ms.HeapAlloc>>10, (ms.Sys-ms.HeapReleased)>>10, settled, mem)
}

// settle waits between sessions as long as the kiosk takes to let go of one: Fyne's
// renderer cache drops earlier screens (FYNE_CACHE, default 1 min, then at a frame the
// attract screen's own slides and status strip paint) and releaseAfterWipe's last
// release. It paints nothing itself: refreshing the whole window each second, as it
// used to, allocated about 6 MB a second (every button's icon recoloured), garbage an
// idle kiosk does not make, which left 4-30 MB of free Go heap in the readings. It
// returns the bytes the Go heap allocated meanwhile.
func settle() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	before := s[0].Value.Uint64()
	time.Sleep(releasedBy() + 3*time.Second)
	metrics.Read(s)
	return s[0].Value.Uint64() - before
}

// settledRSS returns the resident set size in kB after a garbage collection and after
// giving free C heap (SQLite, the GL driver) back to the system.
func settledRSS() int {
	runtime.GC()
	debug.FreeOSMemory()
	trimCHeap()
	return readRSS()
}

// readRSS returns the resident set size in kB, as it is.
func readRSS() int { return procStatus("VmRSS:") }

// procStatus returns a number /proc/self/status gives after name (kB for sizes), or -1.
func procStatus(name string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return -1
}

// pct is the p-th percentile of ds in milliseconds.
func pct(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return float64(s[i].Microseconds()) / 1000
}

// screenCapture grabs the X screen with ImageMagick's import when it is installed:
// under Xvfb the GL front buffer that Canvas.Capture reads comes back blank.
func screenCapture() func(path string) error {
	bin, err := exec.LookPath("import")
	if err != nil || os.Getenv("DISPLAY") == "" {
		return nil
	}
	return func(path string) error {
		out, err := exec.Command(bin, "-window", "root", path).CombinedOutput()
		if err != nil {
			return fmt.Errorf("import: %v: %s", err, out)
		}
		return nil
	}
}
