package main

// #include <malloc.h>
import "C"

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// guiFlags are the window's own options (after the global ones).
type guiFlags struct {
	windowed      bool
	tour          string // directory: walk the screens, write PNGs, quit (make screenshot)
	size          fyne.Size
	firstFrame    bool // print first_frame_unix_ms=… once the attract screen is drawn, then quit (bench)
	benchSessions int  // run this many demo sessions, print RSS after the first and the last, quit (bench)
	benchKeys     bool // time keystrokes on the search screen, print percentiles, quit (bench)
}

func parseGUIFlags(args []string) (guiFlags, error) {
	f := guiFlags{size: fyne.NewSize(1366, 768)}
	for i := 0; i < len(args); i++ {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		need := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", usagef("--%s needs a value", name)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "windowed":
			f.windowed = true
		case "first-frame":
			f.firstFrame = true
		case "bench-keys":
			f.benchKeys = true
		case "bench-sessions":
			v, err := need()
			if err != nil {
				return f, err
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return f, usagef("--bench-sessions wants a count, not %q", v)
			}
			f.benchSessions = n
		case "tour":
			v, err := need()
			if err != nil {
				return f, err
			}
			f.tour = v
		case "size":
			v, err := need()
			if err != nil {
				return f, err
			}
			w, h, ok := strings.Cut(v, "x")
			wi, err1 := strconv.Atoi(w)
			hi, err2 := strconv.Atoi(h)
			if !ok || err1 != nil || err2 != nil || wi < 640 || hi < 480 {
				return f, usagef("--size wants WIDTHxHEIGHT, e.g. 1366x768, not %q", v)
			}
			f.size = fyne.NewSize(float32(wi), float32(hi))
		default:
			return f, usagef("unknown option %q", args[i])
		}
	}
	return f, nil
}

// runGUI opens the kiosk window: it opens the store, the devices and the uplink, hands
// them to kiosk.New and runs until the window closes or ctx ends.
func runGUI(ctx context.Context, env *cmdEnv, args []string) error {
	start := time.Now()
	flags, err := parseGUIFlags(args)
	if err != nil {
		return err
	}
	cfg := env.cfg
	logf := func(format string, a ...any) { fmt.Fprintf(env.stderr, format+"\n", a...) }
	// The kiosk chooses its language itself; this only keeps Fyne from complaining
	// about LANG=C on every lookup.
	if os.Getenv("LANGUAGE") == "" {
		os.Setenv("LANGUAGE", "en")
	}

	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	st, err := openStore(ctx, env) // loads the embedded sample catalog into a new kiosk
	if err != nil {
		return err
	}
	defer st.Close()

	var ui atomic.Pointer[kiosk.UI]
	up, err := uplink.New(st, uplink.Config{
		GatewayURL: cfg.GatewayURL, CAFile: cfg.CAFile, Logf: logf,
		OnChange: func(uplink.Progress) {
			if u := ui.Load(); u != nil {
				u.SyncChanged()
			}
		},
	})
	if err != nil {
		logf("kiosk: uplink: %v (offline only)", err)
		up = nil
	}

	devs := openDevices(ctx, cfg, logf)
	defer devs.Close()

	a := app.NewWithID("vn.gov.cantho.dvckiosk")
	w := a.NewWindow("Dịch vụ công trực tuyến")
	w.Resize(flags.size)
	deps := kiosk.Deps{
		App: a, Window: w, Store: st,
		Scanner:        devs.scanner,
		QR:             devs.qr,
		Language:       cfg.Language,
		IdleTimeout:    cfg.IdleTimeout,
		IdleWarning:    cfg.IdleWarning,
		ReceiptTimeout: cfg.Receipt,
		StaffIdle:      cfg.StaffIdle,
		ExportRoots:    cfg.ExportRoots,
		TempDir:        filepath.Join(cfg.DataDir, "session"),
		Windowed:       cfg.Windowed || flags.windowed || flags.firstFrame || flags.benchSessions > 0 || flags.benchKeys,
		Logf:           logf,
		// After a wipe, free C heap (SQLite, the GL driver) goes back to the system, so
		// that a day of sessions does not creep up on a modest PC.
		AfterWipe: func() { go C.malloc_trim(0) },
	}
	if up != nil {
		deps.Uplink = uplinkAdapter{up}
	}
	u, err := kiosk.New(ctx, deps)
	if err != nil {
		return err
	}
	ui.Store(u)
	devs.mu.Lock()
	devs.changed = u.SyncChanged
	devs.button = u.ScannerButton
	devs.mu.Unlock()
	defer u.Close()
	benching := flags.tour != "" || flags.firstFrame || flags.benchSessions > 0 || flags.benchKeys
	if up != nil && !benching {
		if err := up.Start(ctx); err != nil {
			logf("kiosk: uplink: %v", err)
		}
		defer up.Stop()
	}

	var tourErr error
	switch {
	case flags.tour != "":
		go func() {
			time.Sleep(time.Second) // let the window map
			prefix := fmt.Sprintf("%dx%d-", int(flags.size.Width), int(flags.size.Height))
			tourErr = u.Tour(ctx, flags.tour, prefix, 700*time.Millisecond, screenCapture())
			fyne.Do(a.Quit)
		}()
	case flags.firstFrame:
		go func() {
			// The attract screen is built before ShowAndRun; once the event loop has
			// run twice after the window appeared, its first frame has been drawn.
			fyne.DoAndWait(func() {})
			fyne.DoAndWait(func() {})
			fmt.Fprintf(env.stdout, "first_frame_unix_ms=%d\n", time.Now().UnixMilli())
			fmt.Fprintf(env.stdout, "in_process_ms=%.1f\n", float64(time.Since(start).Microseconds())/1000)
			fyne.Do(a.Quit)
		}()
	case flags.benchSessions > 0:
		go func() {
			defer fyne.Do(a.Quit)
			time.Sleep(500 * time.Millisecond)
			for i := 1; i <= flags.benchSessions; i++ {
				if err := u.RunDemoSession(ctx); err != nil {
					tourErr = err
					return
				}
				if i == 1 || i == flags.benchSessions || (os.Getenv("KIOSK_BENCH_EVERY") != "" && i%10 == 0) {
					settle(w)
					rss := settledRSS()
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					fmt.Fprintf(env.stdout, "rss_after_%d_kb=%d go_heap_kb=%d go_mapped_kb=%d\n", i, rss, ms.HeapAlloc>>10, (ms.Sys-ms.HeapReleased)>>10)
				}
			}
		}()
	case flags.benchKeys:
		go func() {
			defer fyne.Do(a.Quit)
			time.Sleep(500 * time.Millisecond)
			queries := []string{"dang ky khai sinh", "chung thuc ban sao", "ket hon", "xac nhan tinh trang hon nhan", "trich luc"}
			base, err := u.BenchSearchKeystrokes(ctx, queries, false)
			if err == nil {
				var with []time.Duration
				with, err = u.BenchSearchKeystrokes(ctx, queries, true)
				fmt.Fprintf(env.stdout, "keys=%d search_p50_ms=%.2f search_p95_ms=%.2f search_p99_ms=%.2f base_p50_ms=%.2f base_p95_ms=%.2f\n",
					len(with), pct(with, 50), pct(with, 95), pct(with, 99), pct(base, 50), pct(base, 95))
			}
			tourErr = err
		}()
	}
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return tourErr
}

// settle waits until Fyne's renderer cache has dropped what earlier screens left: it
// keeps objects for FYNE_CACHE (default 1 min) and cleans them when the canvas paints.
func settle(w fyne.Window) {
	keep := time.Minute
	if d, err := time.ParseDuration(os.Getenv("FYNE_CACHE")); err == nil {
		keep = d
	}
	end := time.Now().Add(keep + 12*time.Second)
	for time.Now().Before(end) {
		fyne.DoAndWait(func() { w.Content().Refresh() })
		time.Sleep(time.Second)
	}
}

// settledRSS returns the resident set size in kB after a garbage collection and after
// giving free C heap (SQLite, the GL driver) back to the system.
func settledRSS() int {
	runtime.GC()
	debug.FreeOSMemory()
	C.malloc_trim(0)
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
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

// uplinkAdapter gives the UI the uplink's Kick, Online, Status and Lookup.
type uplinkAdapter struct{ up *uplink.Uplink }

func (a uplinkAdapter) Kick()        { a.up.Kick() }
func (a uplinkAdapter) Online() bool { return a.up.Online() }

// Status gives the staff screen's "send now" the uplink's progress (kiosk's optional
// syncMonitor interface).
func (a uplinkAdapter) Status() uplink.Progress { return a.up.Status() }
func (a uplinkAdapter) Lookup(ctx context.Context, code string) (kiosk.RemoteStatus, error) {
	s, err := a.up.Lookup(ctx, code)
	if err != nil {
		return kiosk.RemoteStatus{}, err
	}
	return kiosk.RemoteStatus{OfficialCode: s.OfficialCode, Status: s.Status}, nil
}

// devices are the scanner and QR reader the kiosk opened (either may be nil).
type devices struct {
	scanner kiosk.Scanner
	qr      kiosk.QRSource
	closers []func() error
	changed func() // the UI's SyncChanged, once the UI exists
	button  func() // the UI's ScannerButton, once the UI exists
	mu      sync.Mutex
}

func (d *devices) Close() {
	for _, c := range d.closers {
		_ = c()
	}
}

func (d *devices) notify() {
	d.mu.Lock()
	f := d.changed
	d.mu.Unlock()
	if f != nil {
		f()
	}
}

// pressed forwards the scanner's scan button to the UI (ignored before it exists).
func (d *devices) pressed() {
	d.mu.Lock()
	f := d.button
	d.mu.Unlock()
	if f != nil {
		f()
	}
}

// openDevices opens the configured scanner and QR reader. A device that fails to open
// is logged and left out: the UI shows it as not connected.
func openDevices(ctx context.Context, cfg config, logf func(string, ...any)) *devices {
	d := &devices{}
	if cfg.Scanner != "" {
		opts := scanner.OpenOptions{Serial: scanner.SerialOptions{Reconnect: 2 * time.Second, Logf: logf}, ESCL: scanner.ESCLOptions{Logf: logf}}
		src, err := scanner.Open(ctx, cfg.Scanner, opts)
		connected := err == nil
		absent := scanner.CodeOf(err) == scanner.CodeGone || scanner.CodeOf(err) == scanner.CodeTimeout
		if err != nil && (strings.HasPrefix(cfg.Scanner, "serial:") || strings.HasPrefix(cfg.Scanner, "escl:http") && absent) {
			// Not plugged in or switched on yet (a kiosk often boots first): keep
			// trying in the background; EventBack marks it connected.
			logf("kiosk: scanner %s: %v (waiting for it)", cfg.Scanner, err)
			opts.Serial.WaitForDevice = true
			opts.ESCL.WaitForDevice = true
			src, err = scanner.Open(ctx, cfg.Scanner, opts)
		}
		if err != nil {
			logf("kiosk: scanner %s: %v", cfg.Scanner, err)
		} else {
			a := &scanAdapter{src: src}
			a.connected.Store(connected)
			go watch(ctx, src.Events(), &a.connected, d.notify, d.pressed)
			d.scanner = a
			d.closers = append(d.closers, src.Close)
		}
	}
	if cfg.QRReader != "" {
		qc, err := scanner.ParseQRSpec(cfg.QRReader)
		if err == nil {
			qc.Reconnect = 2 * time.Second
			qc.Logf = logf
			var q *scanner.QR
			q, err = scanner.OpenQRConfig(ctx, qc)
			connected := err == nil
			if err != nil {
				logf("kiosk: QR reader %s: %v (waiting for it)", cfg.QRReader, err)
				qc.WaitForDevice = true
				q, err = scanner.OpenQRConfig(ctx, qc)
			}
			if err == nil {
				a := &qrAdapter{q: q}
				a.connected.Store(connected)
				go watch(ctx, q.Events(), &a.connected, d.notify, nil)
				d.qr = a
				d.closers = append(d.closers, q.Close)
			}
		}
		if err != nil {
			logf("kiosk: QR reader %s: %v", cfg.QRReader, err)
		}
	}
	return d
}

// watch follows a device's gone/back events and, when button is not nil, forwards
// presses of the scanner's scan button to it. It is the only reader of evs.
func watch(ctx context.Context, evs <-chan scanner.Event, connected *atomic.Bool, changed, button func()) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-evs:
			if !ok {
				connected.Store(false)
				changed()
				return
			}
			switch ev.Kind {
			case scanner.EventGone:
				connected.Store(false)
				changed()
			case scanner.EventBack:
				connected.Store(true)
				changed()
			case scanner.EventButton:
				if button != nil {
					button()
				}
			}
		}
	}
}

// scanAdapter gives the UI a scanner: feeder jobs in gray at 200 dpi, and the
// driver's error codes as the UI's sentinels.
type scanAdapter struct {
	src       scanner.PageSource
	connected atomic.Bool
}

func (a *scanAdapter) Connected() bool { return a.connected.Load() }

func (a *scanAdapter) Scan(ctx context.Context, onProgress func(done, total int), onPage func(kiosk.ScannedPage)) error {
	err := a.src.Scan(ctx, scanner.ScanParams{DPI: 200, Mode: scanner.Gray, Source: scanner.Feeder},
		func(p scanner.Progress) { onProgress(int(p.Bytes), int(p.Total)) },
		func(p scanner.Page) {
			onPage(kiosk.ScannedPage{Format: p.Format, Width: p.Width, Height: p.Height, Data: p.Data})
		})
	if err == nil {
		return nil
	}
	var sentinel error
	switch scanner.CodeOf(err) {
	case scanner.CodeNoPaper:
		sentinel = kiosk.ErrNoPaper
	case scanner.CodeJam:
		sentinel = kiosk.ErrPaperJam
	case scanner.CodeCoverOpen:
		sentinel = kiosk.ErrCoverOpen
	case scanner.CodeBusy:
		sentinel = kiosk.ErrScannerBusy
	case scanner.CodeGone:
		sentinel = kiosk.ErrScannerGone
	case scanner.CodeTimeout:
		sentinel = kiosk.ErrScannerTimeout
	default:
		return err
	}
	return fmt.Errorf("%w: %v", sentinel, err)
}

// qrAdapter gives the UI the reader's codes and its connection state.
type qrAdapter struct {
	q         *scanner.QR
	connected atomic.Bool
}

func (a *qrAdapter) Codes() <-chan string { return a.q.Codes() }
func (a *qrAdapter) Connected() bool      { return a.connected.Load() }
