package kiosk

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/vnd"
)

// feeStore is what the fee view needs beyond Store (*store.Store has it). With a store
// that lacks it the receipt computes the fee itself and offers the counter only.
type feeStore interface {
	Payees(ctx context.Context) ([]catalog.Payee, error)
	DossierFee(ctx context.Context, id string) (store.Fee, error)
}

// feeDue is the level 4 fee a receipt asks for.
type feeDue struct {
	amount  int64
	fees    []catalog.Fee
	payee   catalog.Payee
	payload string // the VietQR payload; "" when none can be made (no fee account)
	paid    store.Fee
}

// feeReceiptTimeout is how long a receipt showing the fee's VietQR code stays without
// a touch: the resident is busy with their phone (opening the banking app, signing in,
// scanning, confirming), not with the screen. It shows no personal data.
const feeReceiptTimeout = 5 * time.Minute

// feeQRSize is the VietQR's least side on screen; it grows with the screen (about
// 12 cm on a 15.6" 1366×768 panel, which a phone reads at arm's length).
const feeQRSize = 280

// feeDueOf works out the fee of dossier d: none (ok false) unless its procedure is
// level 4 and fees apply to its answers. Nothing here needs the network.
func (u *UI) feeDueOf(d *store.Dossier) (feeDue, bool) {
	ctx, cancel := u.opCtx()
	defer cancel()
	p := u.flow.Procedure()
	if p == nil || p.Code != d.ProcedureCode {
		var err error
		if p, err = u.d.Store.Procedure(ctx, d.ProcedureCode); err != nil {
			u.logf("fee: procedure %s: %v", d.ProcedureCode, err)
			return feeDue{}, false
		}
	}
	var f feeDue
	f.amount, f.fees = fee.Due(p, d.Fields, d.CreatedAt.Local())
	fs, ok := u.d.Store.(feeStore)
	if !ok {
		return f, f.amount > 0
	}
	switch paid, err := fs.DossierFee(ctx, d.ID); {
	case errors.Is(err, store.ErrNotFound):
		return feeDue{}, false // the store recorded no fee with the dossier
	case err != nil:
		u.logf("fee of %s: %v", d.ID, err)
	default:
		f.amount, f.paid = paid.DueVND, paid
	}
	ys, err := fs.Payees(ctx)
	if err != nil {
		u.logf("fee accounts: %v", err)
	}
	if y, ok := (&catalog.Catalog{Payees: ys}).PayeeFor(p); ok {
		if s, err := fee.Payload(y, f.amount, d.ReceiptCode); err == nil {
			f.payee, f.payload = y, s
		} else {
			u.logf("fee QR for %s: %v", d.ReceiptCode, err)
		}
	}
	return f, f.amount > 0
}

// feeView is the receipt of a dossier with a fee to pay: the receipt code, the amount
// in digits and words, who receives it, and the VietQR code the resident's banking app
// scans; "pay at the counter" is always there. nil when the receipt shows no fee view
// (no fee, already paid, or the resident chose the counter).
func (s *receiptScreen) feeView() fyne.CanvasObject {
	s.showingFee = false
	s.timers.KeepReceiptFor(0)
	if s.atCounter {
		return nil
	}
	f, ok := s.feeDue(s.d)
	if !ok || f.paid.Settled() {
		return nil
	}
	s.showingFee = f.payload != ""
	if s.showingFee {
		s.timers.KeepReceiptFor(feeReceiptTimeout)
	}
	d := s.d
	ok2 := message(T("receipt.saved"), widget.SuccessImportance)
	codeLabel := bold(T("receipt.code_label"))
	codeLabel.Wrapping = fyne.TextWrapOff
	code := huge(d.ReceiptCode, colPrimary)
	code.TextSize = 36
	code.Alignment = fyne.TextAlignLeading
	amount := huge(vnd.Digits(f.amount), colForeground)
	amount.TextSize = 56
	amount.Alignment = fyne.TextAlignLeading
	amountRow := container.NewPadded(amount) // in line with the labels' text
	// What the resident needs before paying comes first: the amount and the recipient.
	left := container.NewVBox(
		ok2,
		subheading(T("fee.title")),
		bold(T("fee.amount_label")),
		amountRow,
		text(T("fee.words", Args("Words", capitalize(vnd.Words(f.amount))))),
	)
	var right fyne.CanvasObject
	if f.payload != "" {
		left.Add(kv(T("fee.payee"), f.payee.AccountName))
		left.Add(kv(T("fee.purpose"), fee.Purpose(d.ReceiptCode)))
		left.Add(text(T("fee.how")))
		right = s.feeQR(f.payload)
	} else {
		left.Add(message(T("fee.no_qr"), widget.WarningImportance))
	}
	left.Add(container.NewHBox(codeLabel, code))
	left.Add(s.paper.line()) // printer.go: the slip prints here too
	left.Add(text(s.procName(d)))
	for _, x := range f.fees {
		left.Add(text("• " + catalog.InLang(s.kit.lang(), x.Label, x.LabelEN) + ": " + vnd.Digits(x.AmountVND)))
	}
	if f.payload != "" {
		left.Add(kv(T("fee.bank"), f.payee.BankName))
		left.Add(kv(T("fee.account"), f.payee.Account))
		left.Add(text(T("fee.offline_ok")))
	}
	left.Add(s.official)
	counter := s.kit.button(T("fee.counter"), theme.HomeIcon(), func() {
		s.atCounter = true
		s.nav.replace(s)
	})
	done := s.kit.primary(T("receipt.done"), theme.LogoutIcon(), s.nav.endSession)
	// The same last-seconds countdown with "Giữ lại" as the plain receipt's, over the
	// buttons (receipt_countdown.go); here it ends the fee receipt's longer time.
	s.countdown = s.kit.newReceiptCountdown(s.timers.ReceiptLeft, s.timers.Touch)
	bottom := container.NewVBox(s.countdown.obj, container.NewGridWithColumns(2, counter, done))
	var body fyne.CanvasObject = s.kit.scrollPanel(left).obj
	if right != nil {
		// Half the screen for the code: as large as the screen allows, for a phone held
		// at arm's length.
		body = container.NewGridWithColumns(2, body, right)
	}
	whole := container.NewBorder(nil, bottom, nil, nil, body)
	s.countdown.around = whole
	s.countdown.tick()
	return whole
}

// feeQR is the VietQR code, large, with what it is for.
func (s *receiptScreen) feeQR(payload string) fyne.CanvasObject {
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		s.logf("fee qr: %v", err)
		return message(T("fee.no_qr"), widget.WarningImportance)
	}
	// No drawn quiet zone: the padding and the white screen around give it, and the
	// modules get the room.
	q.DisableBorder = true
	img := canvas.NewImageFromImage(q.Image(1024))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSize(feeQRSize, feeQRSize))
	caption := bold(T("fee.qr_caption"))
	caption.Alignment = fyne.TextAlignCenter
	return container.NewBorder(nil, caption, nil, nil, container.New(layout.NewCustomPaddedLayout(16, 8, 28, 28), img))
}

// counterNote is the fee line of the plain receipt: paid, or to pay at the counter,
// with a way back to the QR code. nil when the dossier owes no fee.
func (s *receiptScreen) counterNote() fyne.CanvasObject {
	f, ok := s.feeDue(s.d)
	if !ok {
		return nil
	}
	if f.paid.Settled() {
		return message(T("fee.paid_line", Args("Amount", vnd.Digits(f.paid.PaidVND))), widget.SuccessImportance)
	}
	note := message(T("fee.counter_note", Args("Amount", vnd.Digits(f.amount))), widget.WarningImportance)
	if f.payload == "" {
		return note
	}
	back := s.kit.button(T("fee.pay_qr"), theme.NavigateBackIcon(), func() {
		s.atCounter = false
		s.nav.replace(s)
	})
	return container.NewVBox(note, back)
}

// addCounterNote puts the fee line of the plain receipt under the receipt code, where
// it shows without scrolling.
func (s *receiptScreen) addCounterNote(left *fyne.Container) {
	n := s.counterNote()
	if n == nil {
		return
	}
	for i, o := range left.Objects {
		if o == s.official {
			left.Objects = slices.Insert(left.Objects, i, n)
			return
		}
	}
	left.Add(n)
}

// feeLine is the lookup's fee line: paid or not, with the amounts.
func (u *UI) feeLine(d *store.Dossier) string {
	fs, ok := u.d.Store.(feeStore)
	if !ok || d == nil {
		return ""
	}
	ctx, cancel := u.opCtx()
	defer cancel()
	f, err := fs.DossierFee(ctx, d.ID)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			u.logf("fee of %s: %v", d.ID, err)
		}
		return ""
	}
	due := vnd.Digits(f.DueVND)
	switch f.Payment {
	case fee.Paid:
		return T("fee.state_paid", Args("Amount", vnd.Digits(f.PaidVND)))
	case fee.Overpaid:
		return T("fee.state_overpaid", Args("Paid", vnd.Digits(f.PaidVND), "Due", due))
	case fee.Underpaid:
		return T("fee.state_underpaid", Args("Paid", vnd.Digits(f.PaidVND), "Due", due))
	}
	return T("fee.state_unpaid", Args("Amount", due))
}

// capitalize upper-cases the first letter ("một trăm" → "Một trăm").
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + strings.Clone(s[n:])
}

// addFeeRows adds the fees collected by VietQR in the period to the officials'
// summary: the total and, over several days, the days with fees.
func (s *statsView) addFeeRows(c *fyne.Container) {
	fs := s.fig.Fees
	if fs.TotalVND == 0 {
		return
	}
	row := func(label string, v int64) { c.Add(statRow(label, vnd.Digits(v))) }
	row(T("official.fees_total"), fs.TotalVND)
	if s.fig.SingleDay() {
		return
	}
	for _, d := range fs.Days {
		if d.VND > 0 {
			row(T("official.fees_day", Args("Day", dayText(d.Day))), d.VND)
		}
	}
}
