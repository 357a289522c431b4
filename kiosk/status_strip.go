package kiosk

import (
	"context"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"image/color"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// statusStrip is the bottom line: network, dossiers waiting to be sent, scanner and QR
// reader, and the discreet staff corner.
type statusStrip struct {
	in                   stripInputs
	net, queue, scan, qr *canvas.Text
	print                *stripPrinter // with a printer only (printer.go)
	obj                  fyne.CanvasObject
	row                  *fyne.Container
}

// stripInputs is what the strip reads: the uplink, the outbox's counts, the devices and
// what the kiosk last heard from them.
type stripInputs struct {
	up     Uplink // nil without a gateway
	outbox interface {
		OutboxCounts(context.Context) (map[store.State]int, error)
	}
	scanner Scanner        // nil when not configured
	qr      QRSource       // nil when not configured
	printer ReceiptPrinter // nil when not configured (printer.go)
	heard   *deviceStates
	opCtx   func() (context.Context, context.CancelFunc)
}

var (
	colStripText = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	colStripOK   = color.NRGBA{R: 0x9C, G: 0xF0, B: 0xB0, A: 0xFF}
	colStripBad  = color.NRGBA{R: 0xFF, G: 0xC8, B: 0x7A, A: 0xFF}
)

func newStatusStrip(in stripInputs, corner fyne.CanvasObject) *statusStrip {
	s := &statusStrip{in: in}
	mk := func() *canvas.Text {
		t := canvas.NewText("", colStripText)
		t.TextSize = 20
		return t
	}
	s.net, s.queue, s.scan, s.qr = mk(), mk(), mk(), mk()
	bg := canvas.NewRectangle(colStrip)
	s.row = container.NewHBox(s.net, sep(), s.queue, sep(), s.scan, sep(), s.qr, layout.NewSpacer(), corner)
	s.addPrinter(in.printer, mk)
	s.obj = container.NewStack(bg, container.NewPadded(s.row))
	return s
}

func sep() fyne.CanvasObject {
	t := canvas.NewText("  |  ", color.NRGBA{R: 0x90, G: 0x9A, B: 0xA8, A: 0xFF})
	t.TextSize = 20
	return t
}

func setStatus(t *canvas.Text, s string, ok bool) {
	t.Text = s
	t.Color = colStripBad
	if ok {
		t.Color = colStripOK
	}
	t.Refresh()
}

// refresh re-reads the uplink, the outbox and the devices. Call on the UI goroutine.
func (s *statusStrip) refresh() {
	in := s.in
	online := in.up != nil && in.up.Online()
	if online {
		setStatus(s.net, T("status.online"), true)
	} else {
		setStatus(s.net, T("status.offline"), false)
	}
	ctx, cancel := in.opCtx()
	counts, err := in.outbox.OutboxCounts(ctx)
	cancel()
	if err != nil {
		setStatus(s.queue, T("status.queue_unknown"), false)
	} else {
		n := counts[store.Queued] + counts[store.Sending]
		setStatus(s.queue, T("status.queue", Args("N", n)), n == 0)
	}
	switch {
	case in.scanner == nil:
		setStatus(s.scan, T("status.scanner_missing"), false)
	case !ready(in.scanner, in.heard.scan):
		setStatus(s.scan, T("status.scanner_gone"), false)
	default:
		setStatus(s.scan, T("status.scanner_ready"), true)
	}
	switch {
	case in.qr == nil:
		setStatus(s.qr, T("status.qr_missing"), false)
	case !ready(in.qr, in.heard.qr):
		setStatus(s.qr, T("status.qr_gone"), false)
	default:
		setStatus(s.qr, T("status.qr_ready"), true)
	}
	s.refreshPrinter()
	s.row.Refresh() // the texts' widths changed: lay the line out again
}
