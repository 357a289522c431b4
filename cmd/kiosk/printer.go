package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/printer"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/vnd"
)

// receiptSource is what printing a dossier's receipt reads from the database.
type receiptSource interface {
	Dossier(ctx context.Context, id string) (*store.Dossier, error)
	Procedure(ctx context.Context, code string) (*catalog.Procedure, error)
	Payees(ctx context.Context) ([]catalog.Payee, error)
	DossierFee(ctx context.Context, id string) (store.Fee, error)
}

// receiptFor builds the printed receipt of a dossier: its procedure's agency comes
// from the catalog (a procedure gone from it prints without), and a level 4 fee still
// unpaid prints with the same VietQR payload the screen shows (sync/fee).
func receiptFor(ctx context.Context, st receiptSource, d *store.Dossier, commune string) printer.Receipt {
	r := printer.Receipt{
		Commune:      commune,
		Procedure:    d.ProcedureName,
		Code:         d.ReceiptCode,
		LookupQR:     scanner.FormatReceiptQR(d.ReceiptCode),
		Time:         d.CreatedAt.Local(),
		Next:         nextSteps(),
		OfficialCode: d.OfficialCode,
	}
	if r.Procedure == "" {
		r.Procedure = d.ProcedureCode
	}
	if p, err := st.Procedure(ctx, d.ProcedureCode); err == nil {
		r.Agency = p.Agency
		r.Fee, r.FeeQR = feeToPay(ctx, st, p, d)
	}
	return r
}

// feeToPay is the fee a dossier still owes, in digits, and its VietQR payload ("" when
// no fee account is known): nothing when the store recorded no fee with the dossier
// (not level 4, or no fee applies) or it is paid.
func feeToPay(ctx context.Context, st receiptSource, p *catalog.Procedure, d *store.Dossier) (amount, payload string) {
	f, err := st.DossierFee(ctx, d.ID)
	if err != nil || f.Settled() || f.DueVND <= 0 {
		return "", ""
	}
	amount = vnd.Digits(f.DueVND)
	ys, err := st.Payees(ctx)
	if err != nil {
		return amount, ""
	}
	if y, ok := (&catalog.Catalog{Payees: ys}).PayeeFor(p); ok {
		if s, err := fee.Payload(y, f.DueVND, d.ReceiptCode); err == nil {
			payload = s
		}
	}
	return amount, payload
}

var (
	nextOnce sync.Once
	nextText string
)

// nextSteps is the receipt screen's "what happens next" in Vietnamese (the words
// the resident just read on the screen).
func nextSteps() string {
	nextOnce.Do(func() {
		var m map[string]string
		if err := json.Unmarshal(assets.Translation("vi"), &m); err == nil {
			nextText = m["receipt.next_body"]
		}
	})
	return nextText
}

// printerAdapter gives the UI a receipt printer: it prints a dossier's receipt by
// ID, keeps the last state for the status strip (a watcher polls it), and turns
// the driver's codes into the UI's sentinels.
type printerAdapter struct {
	p       *printer.Printer
	st      receiptSource
	commune string
	state   atomic.Int32 // kiosk.PrinterState
	changed func()
}

func (a *printerAdapter) PrinterState() kiosk.PrinterState {
	return kiosk.PrinterState(a.state.Load())
}

func (a *printerAdapter) PrintReceipt(ctx context.Context, id string) error {
	d, err := a.st.Dossier(ctx, id)
	if err != nil {
		return fmt.Errorf("receipt of %s: %w", id, err)
	}
	err = a.p.PrintReceipt(ctx, receiptFor(ctx, a.st, d, a.commune), nil)
	s, _, serr := a.p.Last()
	a.set(printerState(s, serr))
	return kioskPrintErr(err)
}

func (a *printerAdapter) set(s kiosk.PrinterState) {
	if kiosk.PrinterState(a.state.Swap(int32(s))) != s && a.changed != nil {
		a.changed()
	}
}

// watch polls the printer's status every `every` until ctx ends.
func (a *printerAdapter) watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s, err := a.p.Poll(ctx)
		a.set(printerState(s, err))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// printerState is the strip's state for a status and the error of asking it.
func printerState(s printer.Status, err error) kiosk.PrinterState {
	if err != nil {
		switch printer.CodeOf(err) {
		case printer.CodeGone, printer.CodeTimeout:
			return kiosk.PrinterGone
		case printer.CodePaperOut:
			return kiosk.PrinterPaperOut
		case printer.CodeCoverOpen:
			return kiosk.PrinterCoverOpen
		}
		return kiosk.PrinterFault
	}
	switch s.Code() {
	case printer.CodeUnknown:
		return kiosk.PrinterReady
	case printer.CodeNearEnd:
		return kiosk.PrinterNearEnd
	case printer.CodePaperOut:
		return kiosk.PrinterPaperOut
	case printer.CodeCoverOpen:
		return kiosk.PrinterCoverOpen
	}
	return kiosk.PrinterFault
}

// kioskPrintErr wraps a driver error with the UI's sentinel for the state it
// leaves the printer in.
func kioskPrintErr(err error) error {
	if err == nil {
		return nil
	}
	sentinel := kiosk.ErrPrinterFault
	switch printerState(printer.Status{}, err) {
	case kiosk.PrinterPaperOut:
		sentinel = kiosk.ErrPrinterPaperOut
	case kiosk.PrinterCoverOpen:
		sentinel = kiosk.ErrPrinterCoverOpen
	case kiosk.PrinterGone:
		sentinel = kiosk.ErrPrinterGone
	}
	return fmt.Errorf("%w: %v", sentinel, err)
}

// printerPollEvery is how often the status strip's printer state is refreshed.
var printerPollEvery = 3 * time.Second

// openPrinter makes the configured receipt printer's adapter and starts polling
// its status (nil when none is configured or the setting is malformed). The
// printer need not be plugged in: the strip says so until it is.
func openPrinter(ctx context.Context, cfg config, st receiptSource, changed func(), logf func(string, ...any)) *printerAdapter {
	if cfg.Printer == "" {
		return nil
	}
	p, err := printer.New(cfg.Printer, printer.Options{Logf: logf})
	if err != nil {
		logf("kiosk: printer: %v", err)
		return nil
	}
	a := &printerAdapter{p: p, st: st, commune: cfg.Commune, changed: changed}
	a.state.Store(int32(kiosk.PrinterGone))
	go a.watch(ctx, printerPollEvery)
	return a
}
