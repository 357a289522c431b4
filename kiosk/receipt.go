package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// receiptScreen confirms a saved dossier: the receipt code in large type, its QR code,
// the official code once the gateway has assigned it, and what happens next.
type receiptScreen struct {
	u        *UI
	id       string
	d        *store.Dossier
	official *widget.Label

	atCounter  bool // fee.go: the resident chose to pay the fee at the counter
	showingFee bool // fee.go: the fee's VietQR code is on screen
}

func (s *receiptScreen) name() string  { return "receipt" }
func (s *receiptScreen) title() string { return T("receipt.title") }

func (s *receiptScreen) build() fyne.CanvasObject {
	u := s.u
	u.receiptShown = u.d.Now()
	d := s.d
	code := huge(d.ReceiptCode, colPrimary)
	code.TextSize = 80
	var qr fyne.CanvasObject = widget.NewLabel("")
	if q, err := qrcode.New(formatReceiptQR(d.ReceiptCode), qrcode.Medium); err == nil {
		img := canvas.NewImageFromImage(q.Image(300))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSize(300, 300))
		qr = img
	} else {
		u.logf("receipt qr: %v", err)
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
		text(u.fullProcNameOf(d)),
		bold(T("receipt.code_label")),
		code,
		s.official,
		bold(T("receipt.next_title")),
		text(T("receipt.next_body")),
		text(T("receipt.keep_code")),
	)
	s.addCounterNote(left) // fee.go
	rate := u.button(T("receipt.rate"), theme.ConfirmIcon(), func() { u.show(&ratingScreen{u: u}) })
	done := u.primary(T("receipt.done"), theme.LogoutIcon(), u.endSession)
	qrBox := container.NewVBox(container.NewCenter(qr), text(T("receipt.qr_hint")))
	right := container.New(fixedWidth{w: 340}, qrBox)
	return container.NewBorder(nil, container.NewGridWithColumns(2, rate, done), nil, right, u.scrollPanel(left).obj)
}

func (u *UI) fullProcNameOf(d *store.Dossier) string {
	if u.lang == "en" && u.sess.procedure != nil && u.sess.procedure.Code == d.ProcedureCode && u.sess.procedure.NameEN != "" {
		return u.sess.procedure.NameEN
	}
	if d.ProcedureName != "" {
		return d.ProcedureName
	}
	return d.ProcedureCode
}

func (s *receiptScreen) showOfficial() {
	if s.d.OfficialCode != "" {
		s.official.SetText(T("receipt.official", Args("Code", s.d.OfficialCode)))
	} else if s.u.d.Uplink != nil && s.u.d.Uplink.Online() {
		s.official.SetText(T("receipt.official_pending"))
	} else {
		s.official.SetText(T("receipt.official_offline"))
	}
}

// refreshRemote re-reads the dossier after the uplink reported progress.
func (s *receiptScreen) refreshRemote() {
	ctx, cancel := s.u.opCtx()
	d, err := s.u.d.Store.Dossier(ctx, s.id)
	cancel()
	if err != nil {
		s.u.logf("receipt refresh: %v", err)
		return
	}
	s.d = d
	s.showOfficial()
}
