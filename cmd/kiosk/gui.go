package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// runGUI opens the kiosk window on the store, the uplink and the devices, and runs
// until the window closes or ctx ends; a bench or tour mode (bench_modes.go) drives
// the window instead of a resident and quits.
func runGUI(ctx context.Context, env *cmdEnv, args []string) error {
	start := time.Now()
	tuneGC()
	keepFreedCHeap()
	flags, err := parseGUIFlags(args)
	if err != nil {
		return err
	}
	setAppMetadata()
	a := app.NewWithID(appID)
	a.Settings().SetTheme(kiosk.Theme()) // before warmFonts: the faces it loads are the theme's
	fontsWarm := warmFonts()
	parts, err := openParts(ctx, env)
	if err != nil {
		return err
	}

	w := a.NewWindow("Dịch vụ công trực tuyến")
	noDepthBuffers()
	w.Resize(flags.size)
	fontsWarm()
	u, err := kiosk.New(ctx, parts.deps(a, w, flags))
	if err != nil {
		parts.Close()
		return err
	}
	parts.quit = newQuitter(func() { fyne.Do(a.Quit) })
	w.SetOnClosed(parts.quit.noteAsked)
	mode := flags.benchMode()
	parts.attach(ctx, u, mode == nil)

	var modeErr atomic.Pointer[error]
	if mode != nil {
		go func() {
			err := mode(ctx, env, a, w, u, start)
			modeErr.Store(&err)
			parts.quit.Quit()
		}()
	}
	go func() { <-ctx.Done(); parts.quit.Quit() }()
	cleanup := func() {
		parts.stopSync()
		u.Close()
		parts.Close()
	}
	result := func() error {
		if parts.restart.Load() {
			return errRestartForUpdate
		}
		if err := modeErr.Load(); err != nil {
			return *err
		}
		return nil
	}
	exit := func(err error) { os.Exit(guiExitCode(err, env.stderr)) }
	return runWindow(w.ShowAndRun, parts.quit.asked, quitGrace, cleanup, result, exit, parts.logf)
}

// parts are what the window is built from: the store, the uplink (nil when it cannot
// be configured: offline only) and the devices.
type parts struct {
	env  *cmdEnv
	st   *store.Store
	up   *uplink.Uplink
	devs *devices
	prn  *printerAdapter          // nil without a receipt printer (printer.go)
	ui   atomic.Pointer[kiosk.UI] // once built: the uplink's progress reaches it
	sync bool                     // the uplink's background sync runs
	logw *rotatingLog             // DATA/logs/kiosk.log
	log  func(format string, a ...any)

	// Fleet management (heartbeat.go, remote_settings.go, offered.go, updater.go, health.go).
	started time.Time
	offered *offeredStore   // the store as residents see it: the procedures the city says are offered
	health  *healthReporter // the launcher's health file
	restart atomic.Bool     // a staged build waits: exit for the launcher to swap it in
	quit    *quitter        // ends the window's loop (quit.go)
}

// logf writes a line to the kiosk's log file and to stderr (logfile.go).
func (p *parts) logf(format string, a ...any) { p.log(format, a...) }

// openParts opens the store (which loads the embedded sample catalog into a new
// kiosk), the uplink and the configured devices.
func openParts(ctx context.Context, env *cmdEnv) (*parts, error) {
	// The kiosk chooses its language itself; this only keeps Fyne from complaining
	// about LANG=C on every lookup.
	if os.Getenv("LANGUAGE") == "" {
		os.Setenv("LANGUAGE", "en")
	}
	if err := os.MkdirAll(env.cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	logw, err := openRotatingLog(filepath.Join(env.cfg.DataDir, "logs"), "kiosk.log", logMaxBytes, logKeep)
	if err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	p := &parts{env: env, logw: logw, log: newLogf(logw, env.stderr, time.Now)}
	p.logf("kiosk: %s starting, data %s", versionString(), env.cfg.DataDir)
	st, err := openStore(ctx, env)
	if err != nil {
		logw.Close()
		return nil, err
	}
	p.st, p.started, p.offered = st, time.Now(), &offeredStore{Store: st}
	p.health = &healthReporter{logf: p.logf}
	p.up, err = uplink.New(st, uplink.Config{
		GatewayURL: env.cfg.GatewayURL, CAFile: env.cfg.CAFile, Budget: env.cfg.Budget, AllowHTTP: env.cfg.AllowHTTP, Logf: p.logf,
		OnChange: func(pr uplink.Progress) {
			p.health.progress(pr)
			if u := p.ui.Load(); u != nil {
				u.SyncChanged()
			}
		},
		OnSettings: func(rs wire.RemoteSettings) {
			if u := p.ui.Load(); u != nil {
				p.applySettings(u, rs)
			}
		},
	})
	if err != nil {
		p.logf("kiosk: uplink: %v (offline only)", err)
		p.up = nil
	}
	p.devs = openDevices(ctx, env.cfg, p.logf)
	p.prn = openPrinter(ctx, env.cfg, st, p.devs.notify, p.logf)
	return p, nil
}

// deps are kiosk.New's dependencies.
func (p *parts) deps(a fyne.App, w fyne.Window, flags guiFlags) kiosk.Deps {
	cfg := p.env.cfg
	d := kiosk.Deps{
		App: a, Window: w, Store: p.offered,
		Scanner:        p.devs.scanner,
		QR:             p.devs.qr,
		Language:       cfg.Language,
		IdleTimeout:    cfg.IdleTimeout,
		IdleWarning:    cfg.IdleWarning,
		ReceiptTimeout: cfg.Receipt,
		StaffIdle:      cfg.StaffIdle,
		ExportRoots:    cfg.ExportRoots,
		TempDir:        filepath.Join(cfg.DataDir, "session"),
		Windowed:       cfg.Windowed || flags.windowed || (flags.benchMode() != nil && flags.tour == ""),
		Logf:           p.logf,
		AfterWipe:      releaseAfterWipe,
	}
	if p.up != nil {
		d.Uplink = uplinkAdapter{p.up}
	}
	if p.prn != nil {
		d.Printer = p.prn
	}
	return d
}

// attach points the devices' and the uplink's news at u, and starts the uplink's
// background sync when sync is true (not under a bench or the tour).
func (p *parts) attach(ctx context.Context, u *kiosk.UI, sync bool) {
	p.ui.Store(u)
	p.devs.attach(u.SyncChanged, u.ScannerButton)
	if rs, err := uplink.RemoteSettingsOf(ctx, p.st); err == nil && rs.Version != "" {
		p.applySettings(u, rs) // the last ones pulled, until the next pull
	}
	if p.up == nil || !sync {
		return
	}
	if err := p.up.Start(ctx); err != nil {
		p.logf("kiosk: uplink: %v", err)
		return
	}
	p.sync = true
	p.startFleet(ctx, u)
}

// stopSync stops the uplink's background sync (before the UI closes).
func (p *parts) stopSync() {
	if p.sync {
		p.up.Stop()
	}
}

// Close closes the devices and the store.
func (p *parts) Close() {
	p.devs.Close()
	if p.prn != nil {
		p.prn.p.Close()
	}
	p.st.Close()
	p.logw.Close()
}
