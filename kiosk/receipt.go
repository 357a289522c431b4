package kiosk

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// receiptScreen confirms a saved dossier: the receipt code in large type, its QR code,
// the official code once the gateway has assigned it, and what happens next.
type receiptScreen struct {
	kit      kit
	nav      navigator
	timers   *flow.Timers // the receipt's time-out
	up       Uplink       // nil without a gateway
	dossiers interface {
		Dossier(ctx context.Context, id string) (*store.Dossier, error)
	}
	opCtx    func() (context.Context, context.CancelFunc)
	logf     func(format string, args ...any)
	procName func(d *store.Dossier) string         // in the resident's language
	feeDue   func(d *store.Dossier) (feeDue, bool) // fee.go: a level 4 fee to pay

	dossierID string
	d         *store.Dossier
	official  *widget.Label
	countdown *receiptCountdown

	atCounter  bool          // fee.go: the resident chose to pay the fee at the counter
	showingFee bool          // fee.go: the fee's VietQR code is on screen
	paper      *paperReceipt // a fresh submit with a printer: print the slip (printer.go)
}

func (s *receiptScreen) id() screenID  { return scrReceipt }
func (s *receiptScreen) title() string { return T("receipt.title") }

func (s *receiptScreen) build() fyne.CanvasObject {
	s.timers.ShowingReceipt(true)
	d := s.d
	code := huge(d.ReceiptCode, colPrimary)
	code.TextSize = 80
	var qr fyne.CanvasObject = widget.NewLabel("")
	if q, err := qrcode.New(scanner.FormatReceiptQR(d.ReceiptCode), qrcode.Medium); err == nil {
		img := canvas.NewImageFromImage(q.Image(300))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSize(300, 300))
		qr = img
	} else {
		s.logf("receipt qr: %v", err)
	}
	s.official = bold("")
	s.showOfficial()
	if v := s.feeView(); v != nil { // fee.go: a level 4 fee to pay by VietQR
		return v
	}
	ok := message(T("receipt.saved"), widget.SuccessImportance)
	ok.SizeName = theme.SizeNameSubHeadingText
	left := container.NewVBox(
		ok,
		text(s.procName(d)),
		bold(T("receipt.code_label")),
		code,
		s.paper.line(),
		s.official,
		bold(T("receipt.next_title")),
		text(T("receipt.next_body")),
		text(T("receipt.keep_code")),
	)
	s.addCounterNote(left) // fee.go
	rate := s.kit.button(T("receipt.rate"), theme.ConfirmIcon(), func() { s.nav.open(scrRating) })
	done := s.kit.primary(T("receipt.done"), theme.LogoutIcon(), s.nav.endSession)
	qrBox := container.NewVBox(container.NewCenter(qr), text(T("receipt.qr_hint")))
	right := container.New(fixedWidth{w: 340}, qrBox)
	s.countdown = s.kit.newReceiptCountdown(s.timers.ReceiptLeft, s.timers.Touch)
	bottom := container.NewVBox(s.countdown.obj, container.NewGridWithColumns(2, rate, done))
	whole := container.NewBorder(nil, bottom, nil, right, s.kit.scrollPanel(left).obj)
	s.countdown.around = whole
	s.countdown.tick()
	return whole
}

// tick updates the countdown of the receipt's last seconds (the plain and the fee view).
func (s *receiptScreen) tick() {
	if s.countdown != nil {
		s.countdown.tick()
	}
}

// fullProcNameOf is a saved dossier's procedure name in the resident's language (the
// English name is known only for the procedure of the session).
func (u *UI) fullProcNameOf(d *store.Dossier) string {
	if p := u.flow.Procedure(); u.Language() == "en" && p != nil && p.Code == d.ProcedureCode && p.NameEN != "" {
		return p.NameEN
	}
	if d.ProcedureName != "" {
		return d.ProcedureName
	}
	return d.ProcedureCode
}

func (s *receiptScreen) showOfficial() {
	if s.d.OfficialCode != "" {
		s.official.SetText(T("receipt.official", Args("Code", s.d.OfficialCode)))
	} else if s.up != nil && s.up.Online() {
		s.official.SetText(T("receipt.official_pending"))
	} else {
		s.official.SetText(T("receipt.official_offline"))
	}
}

// refreshRemote re-reads the dossier after the uplink reported progress.
func (s *receiptScreen) refreshRemote() {
	ctx, cancel := s.opCtx()
	d, err := s.dossiers.Dossier(ctx, s.dossierID)
	cancel()
	if err != nil {
		s.logf("receipt refresh: %v", err)
		return
	}
	s.d = d
	s.showOfficial()
}
