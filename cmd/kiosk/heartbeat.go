package main

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"

	"github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo"
	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// kioskVersion is the build's release number (buildinfo.Version, set at link time
// from FyneApp.toml, "dev" for a plain go build): what updates compare. The
// heartbeat reports the whole versionString (release, commit, date, Go, Fyne).
func kioskVersion() string { return buildinfo.Read().Version }

// heartbeatEvery is how often a running kiosk reports its health.
const heartbeatEvery = 5 * time.Minute

// heartbeatSource gathers a heartbeat from the store, the devices, the disk and the
// uplink. No personal data: counts, states and versions.
type heartbeatSource struct {
	st       *store.Store
	devs     *devices
	prn      *printerAdapter // nil without a printer (or one that failed to open)
	cfg      config
	up       *uplink.Uplink
	started  time.Time
	settings func() string            // remote settings version in force ("" when none)
	update   func() wire.UpdateReport // the last update attempt (zero when none)
	now      func() time.Time
}

func (h *heartbeatSource) gather(ctx context.Context) (wire.Heartbeat, error) {
	now := h.now()
	hb := wire.Heartbeat{Version: versionString(), StartedAt: h.started.UTC(), UptimeSeconds: int64(now.Sub(h.started).Seconds()),
		Scanner: h.scannerState(), QRReader: h.qrState(), Printer: h.printerState(), DiskFreeBytes: diskFree(h.cfg.DataDir)}
	queued, err := h.st.ListDossiers(ctx, store.Queued, store.Sending)
	if err != nil {
		return hb, err
	}
	hb.OutboxDepth = len(queued)
	for _, d := range queued {
		if age := int64(now.Sub(d.CreatedAt).Seconds()); age > hb.OldestQueuedSecs {
			hb.OldestQueuedSecs = age
		}
	}
	day := now.Format(wire.DayLayout)
	days, err := h.st.Usage(ctx, day, day)
	if err != nil {
		return hb, err
	}
	for _, d := range days {
		hb.SessionsToday += d.Sessions
	}
	if h.up != nil {
		hb.LastSyncError = uplink.ErrorKind(h.up.Status())
	}
	if h.settings != nil {
		hb.SettingsVersion = h.settings()
	}
	if h.update != nil {
		hb.Update = h.update()
	}
	return hb, nil
}

func (h *heartbeatSource) scannerState() string {
	if h.cfg.Scanner == "" {
		return wire.DeviceNone
	}
	a, ok := h.devs.scanner.(*scanAdapter)
	if !ok || a == nil || !a.Connected() {
		return wire.DeviceMissing
	}
	if s, _ := a.lastJob.Load().(string); s != "" {
		return s
	}
	return wire.DeviceReady
}

func (h *heartbeatSource) qrState() string {
	if h.cfg.QRReader == "" {
		return wire.DeviceNone
	}
	if a, ok := h.devs.qr.(*qrAdapter); ok && a != nil && a.Connected() {
		return wire.DeviceReady
	}
	return wire.DeviceMissing
}

// printerState maps the receipt printer's last polled state to the heartbeat's.
func (h *heartbeatSource) printerState() string {
	if h.cfg.Printer == "" {
		return wire.DeviceNone
	}
	if h.prn == nil {
		return wire.DeviceMissing
	}
	switch h.prn.PrinterState() {
	case kiosk.PrinterReady, kiosk.PrinterNearEnd:
		return wire.DeviceReady
	case kiosk.PrinterPaperOut:
		return wire.DeviceNoPaper
	case kiosk.PrinterGone:
		return wire.DeviceMissing
	}
	return wire.DeviceError
}

// noteJob remembers the state a scan job left the scanner in, for the heartbeat.
func (a *scanAdapter) noteJob(err error) {
	st := wire.DeviceReady
	if err != nil {
		switch scanner.CodeOf(err) {
		case scanner.CodeJam:
			st = wire.DeviceJammed
		case scanner.CodeNoPaper:
			st = wire.DeviceNoPaper
		case scanner.CodeGone, scanner.CodeTimeout:
			st = wire.DeviceMissing
		case scanner.CodeCoverOpen:
			st = wire.DeviceError
		default:
			if errors.Is(err, context.Canceled) {
				return
			}
			st = wire.DeviceError
		}
	}
	a.lastJob.Store(st)
}

// sendHeartbeat gathers and sends one heartbeat.
func (h *heartbeatSource) send(ctx context.Context) error {
	hb, err := h.gather(ctx)
	if err != nil {
		return err
	}
	return h.up.Heartbeat(ctx, hb)
}

// runHeartbeats sends a heartbeat at start and every heartbeatEvery until ctx ends.
// A failure is logged when it changes (offline kiosks would fill the log otherwise).
func (h *heartbeatSource) run(ctx context.Context, logf func(string, ...any)) {
	t := time.NewTicker(heartbeatEvery)
	defer t.Stop()
	last := ""
	for {
		err := h.send(ctx)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != last && ctx.Err() == nil {
			if err != nil {
				logf("kiosk: heartbeat: %v", err)
			} else {
				logf("kiosk: heartbeat sent")
			}
			last = msg
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// startFleet starts the heartbeat, the updater and the health report of a kiosk
// whose background sync runs.
func (p *parts) startFleet(ctx context.Context, u *kiosk.UI) {
	cfg := p.env.cfg
	hb := &heartbeatSource{st: p.st, devs: p.devs, prn: p.prn, cfg: cfg, up: p.up, started: p.started, now: time.Now,
		settings: u.SettingsVersion, update: updateReport(cfg.updateDir())}
	go hb.run(ctx, p.logf)
	startUpdater(ctx, cfg, p.up, p.logf, func() {
		u.WhenIdle(func() { p.restart.Store(true); p.quit.Quit() })
	})
	go func() { // the window is up once the event loop has run twice
		fyne.DoAndWait(func() {})
		fyne.DoAndWait(func() {})
		p.health.windowUp()
	}()
}
