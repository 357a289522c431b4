package kiosk

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// ReceiptPrinter prints receipts on the kiosk's thermal printer (cmd/kiosk adapts
// scanner/printer to it).
type ReceiptPrinter interface {
	// PrintReceipt prints the receipt of a saved dossier and returns once the
	// paper is cut. Errors wrap one of the ErrPrinter* sentinels when the cause is
	// known.
	PrintReceipt(ctx context.Context, dossierID string) error
	// PrinterState is the last state seen (no I/O: the UI goroutine calls it).
	PrinterState() PrinterState
}

// PrinterState is the printer's condition as the status strip shows it.
type PrinterState int

// Printer states.
const (
	PrinterReady PrinterState = iota
	PrinterNearEnd
	PrinterPaperOut
	PrinterCoverOpen
	PrinterFault // offline, cutter error, nonsense on the status line
	PrinterGone  // unplugged or not answering
)

// Printer problems the UI explains. Adapters wrap the driver's errors with these.
var (
	ErrPrinterPaperOut  = errors.New("printer out of paper")
	ErrPrinterCoverOpen = errors.New("printer cover open")
	ErrPrinterFault     = errors.New("printer fault")
	ErrPrinterGone      = errors.New("printer disconnected")
)

// printTimeout bounds one receipt. It is a backstop only: the driver fails a
// silent or stuck printer within seconds by itself, and a receipt takes about 9 s
// at 115200 baud but nearly two minutes on a printer left at 9600.
const printTimeout = 5 * time.Minute

func printerStateKey(s PrinterState) string {
	switch s {
	case PrinterNearEnd:
		return "status.printer_near_end"
	case PrinterPaperOut:
		return "status.printer_paper_out"
	case PrinterCoverOpen:
		return "status.printer_cover_open"
	case PrinterFault:
		return "status.printer_fault"
	case PrinterGone:
		return "status.printer_gone"
	}
	return "status.printer_ready"
}

// printFailedKey is the resident's message for a failed print: what is wrong and
// "take a photo of the receipt code".
func printFailedKey(err error) string {
	switch {
	case errors.Is(err, ErrPrinterPaperOut):
		return "print.failed_paper"
	case errors.Is(err, ErrPrinterCoverOpen):
		return "print.failed_cover"
	case errors.Is(err, ErrPrinterGone):
		return "print.failed_gone"
	}
	return "print.failed"
}

// paperReceipt prints a just-saved dossier's receipt for the receipt screen, which
// holds it (nil: no printer, or a receipt shown again rather than just saved).
type paperReceipt struct {
	id    string
	start func(id string, done func(error)) // UI.printAsync

	// UI goroutine only: the print runs once even when the screen is built again
	// (a language switch), and the label shown last hears how it went.
	started, finished bool
	err               error
	label             *widget.Label
}

// openNewReceipt shows the receipt of a dossier just filed and prints its slip.
func (u *UI) openNewReceipt(d *store.Dossier) { u.openReceiptPaper(d, u.paperReceiptFor(d.ID)) }

// paperReceiptFor is the paper receipt of a dossier just saved, nil without a printer.
func (u *UI) paperReceiptFor(id string) *paperReceipt {
	if u.d.Printer == nil {
		return nil
	}
	return &paperReceipt{id: id, start: u.printAsync}
}

// hasPrinter reports whether the kiosk has a receipt printer (the back office's
// queue offers "print" then).
func (u *UI) hasPrinter() bool { return u.d.Printer != nil }

// line is the receipt screen's line about the slip; the first build starts the
// print. A nil paperReceipt gives an empty hidden label.
func (p *paperReceipt) line() fyne.CanvasObject {
	l := bold("")
	if p == nil {
		l.Hide()
		return l
	}
	p.label = l
	p.show()
	if !p.started {
		// Always try, even when the strip says the printer cannot print: its state
		// may be seconds old (a roll just loaded), and the driver asks the printer
		// first and sends nothing to one that cannot print.
		p.started = true
		p.start(p.id, func(err error) {
			p.finished, p.err = true, err
			p.show()
		})
	}
	return l
}

func (p *paperReceipt) show() {
	l := p.label
	switch {
	case !p.finished:
		l.SetText(T("print.printing"))
		return
	case p.err != nil:
		l.Importance = widget.DangerImportance
		l.SetText(T(printFailedKey(p.err)))
	default:
		l.Importance = widget.SuccessImportance
		l.SetText(T("print.done"))
	}
}

// printAsync prints a dossier's receipt in the background; done runs on the UI
// goroutine with the result, then the strip shows the printer's new state.
func (u *UI) printAsync(id string, done func(error)) {
	go func() {
		ctx, cancel := context.WithTimeout(u.ctx, printTimeout)
		err := u.d.Printer.PrintReceipt(ctx, id)
		cancel()
		if err != nil {
			u.logf("print receipt %s: %v", id, err)
		}
		fyne.Do(func() {
			done(err)
			u.frame.strip.refresh()
			u.notifyAsync("print")
		})
	}()
}

// onPrint prints a dossier's receipt again for staff, from the queue.
func (q *queueView) onPrint(id, code string) {
	res := q.d.res
	if !res.hasPrinter() {
		q.say(T("staff.print_none"))
		return
	}
	q.say(T("staff.print_busy", Args("Code", code)))
	res.printAsync(id, func(err error) {
		if err != nil {
			q.say(T("staff.print_failed", Args("Code", code, "Reason", T(printerStateKey(printerStateOf(err))))))
		} else {
			q.say(T("staff.print_done", Args("Code", code)))
		}
	})
}

func printerStateOf(err error) PrinterState {
	switch {
	case errors.Is(err, ErrPrinterPaperOut):
		return PrinterPaperOut
	case errors.Is(err, ErrPrinterCoverOpen):
		return PrinterCoverOpen
	case errors.Is(err, ErrPrinterGone):
		return PrinterGone
	}
	return PrinterFault
}

// stripPrinter is the printer's place on the status strip.
type stripPrinter struct {
	pr   ReceiptPrinter
	text *canvas.Text
}

// addPrinter puts the printer's state on the status strip after the QR reader's,
// when the kiosk has a printer (pr not nil).
func (s *statusStrip) addPrinter(pr ReceiptPrinter, mk func() *canvas.Text) {
	if pr == nil {
		return
	}
	s.print = &stripPrinter{pr: pr, text: mk()}
	objs := s.row.Objects
	i := len(objs) - 2 // before the spacer and the staff corner
	s.row.Objects = append(objs[:i:i], append([]fyne.CanvasObject{sep(), s.print.text}, objs[i:]...)...)
}

// refreshPrinter shows the printer's state on the status strip.
func (s *statusStrip) refreshPrinter() {
	if s.print == nil {
		return
	}
	st := s.print.pr.PrinterState()
	setStatus(s.print.text, T(printerStateKey(st)), st == PrinterReady)
}
