package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

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

// attach forwards device changes and scan-button presses to the UI from now on.
func (d *devices) attach(changed, button func()) {
	d.mu.Lock()
	d.changed, d.button = changed, button
	d.mu.Unlock()
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
	lastJob   atomic.Value // wire.Device* state the last job ended in (heartbeat.go)
}

func (a *scanAdapter) Connected() bool { return a.connected.Load() }

func (a *scanAdapter) Scan(ctx context.Context, onProgress func(done, total int), onPage func(kiosk.ScannedPage)) error {
	err := a.src.Scan(ctx, scanner.ScanParams{DPI: 200, Mode: scanner.Gray, Source: scanner.Feeder},
		func(p scanner.Progress) { onProgress(int(p.Bytes), int(p.Total)) },
		func(p scanner.Page) {
			onPage(kiosk.ScannedPage{Format: p.Format, Width: p.Width, Height: p.Height, Data: p.Data})
		})
	a.noteJob(err)
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
