package printer

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// Receipt is what a printed receipt says. Only Code and LookupQR are required;
// empty fields are left out. The fee fields are plain strings so that the payment
// code (sync/vietqr) stays the kiosk's business.
type Receipt struct {
	Commune      string    // e.g. "UBND phường Tân An" (the header)
	Agency       string    // the agency that handles the procedure
	Procedure    string    // the procedure's name
	Code         string    // the local receipt code, printed large
	LookupQR     string    // the lookup QR's text (scanner.FormatReceiptQR(Code))
	Time         time.Time // when the dossier was submitted
	Next         string    // what happens next
	OfficialCode string    // the one-stop system's code, once the gateway gave it
	Fee          string    // the amount due, e.g. "50.000 đ"; empty: nothing to pay
	FeeQR        string    // the VietQR payload for Fee; empty: pay at the counter
	Labels       Labels    // zero fields: Vietnamese
}

// Labels are the fixed words of a receipt. The zero value prints Vietnamese.
type Labels struct {
	Title           string // "BIÊN NHẬN HỒ SƠ"
	Procedure       string // "Thủ tục"
	Code            string // "Mã biên nhận"
	QRHint          string
	SubmittedAt     string // "Nộp lúc %s ngày %s" (time, date)
	Official        string // "Mã hồ sơ chính thức: %s"
	OfficialPending string
	Next            string // "Bước tiếp theo"
	Fee             string // "Lệ phí chưa nộp: %s"
	FeeQRHint       string
	FeeCounter      string
	Keep            string
}

// VietnameseLabels are the words a receipt is printed with by default.
var VietnameseLabels = Labels{
	Title:           "BIÊN NHẬN HỒ SƠ",
	Procedure:       "Thủ tục",
	Code:            "Mã biên nhận",
	QRHint:          "Quét mã này ở kiosk (mục Tra cứu) để xem hồ sơ đã đến đâu.",
	SubmittedAt:     "Nộp lúc %s ngày %s",
	Official:        "Mã hồ sơ chính thức: %s",
	OfficialPending: "Mã hồ sơ chính thức sẽ có khi hồ sơ đến cơ quan giải quyết; tra cứu bằng mã biên nhận.",
	Next:            "Bước tiếp theo",
	Fee:             "Lệ phí chưa nộp: %s",
	FeeQRHint:       "Quét mã VietQR bằng ứng dụng ngân hàng để nộp, hoặc nộp tại quầy.",
	FeeCounter:      "Nộp lệ phí tại quầy khi nhận kết quả.",
	Keep:            "Xin giữ phiếu này để tra cứu và nhận kết quả.",
}

func (l Labels) withDefaults() Labels {
	d := VietnameseLabels
	for _, p := range []struct {
		dst *string
		def string
	}{
		{&l.Title, d.Title}, {&l.Procedure, d.Procedure}, {&l.Code, d.Code}, {&l.QRHint, d.QRHint},
		{&l.SubmittedAt, d.SubmittedAt}, {&l.Official, d.Official}, {&l.OfficialPending, d.OfficialPending},
		{&l.Next, d.Next}, {&l.Fee, d.Fee}, {&l.FeeQRHint, d.FeeQRHint}, {&l.FeeCounter, d.FeeCounter}, {&l.Keep, d.Keep},
	} {
		if *p.dst == "" {
			*p.dst = p.def
		}
	}
	return l
}

// Type sizes in dots (203 dpi: 30 dots ≈ 3.8 mm, about 11 pt): large enough to
// read without glasses.
const (
	pxSmall = 26
	pxBody  = 30
	pxHead  = 34
	pxTitle = 40
	pxCode  = 76
)

// QRModule is the size of one QR module in dots (1.25 mm at 203 dpi: phones and
// the kiosk's reader both read it from a slip held in the hand).
const QRModule = 8

// Render draws the receipt as a 576-dot-wide black-and-white bitmap.
func Render(r Receipt) (*Bitmap, error) {
	if strings.TrimSpace(r.Code) == "" || strings.TrimSpace(r.LookupQR) == "" {
		return nil, errors.New("printer: a receipt needs its code and lookup QR text")
	}
	l := r.Labels.withDefaults()
	renderMu.Lock()
	defer renderMu.Unlock()
	c := newCanvas(1600)
	c.space(8)
	steps := []func() error{}
	add := func(f func() error) { steps = append(steps, f) }
	if r.Commune != "" {
		add(func() error { return c.text(strings.ToUpper(r.Commune), true, pxHead, center) })
	}
	if r.Agency != "" && !strings.EqualFold(r.Agency, r.Commune) {
		add(func() error { return c.text(r.Agency, false, pxSmall, center) })
	}
	add(func() error { c.space(6); return c.text(l.Title, true, pxTitle, center) })
	add(func() error { c.rule(3); return nil })
	if r.Procedure != "" {
		add(func() error { return c.text(l.Procedure+":", false, pxSmall, left) })
		add(func() error { return c.text(r.Procedure, true, pxBody, left) })
		add(func() error { c.space(8); return nil })
	}
	add(func() error { return c.text(l.Code, false, pxBody, center) })
	add(func() error { return c.text(r.Code, true, pxCode, center) })
	add(func() error {
		q, err := qrPicture(r.LookupQR, qrcode.Medium)
		if err != nil {
			return err
		}
		c.space(10)
		c.picture(q)
		c.space(10)
		return nil
	})
	add(func() error { return c.text(l.QRHint, false, pxSmall, center) })
	if !r.Time.IsZero() {
		add(func() error {
			c.space(8)
			return c.text(fmt.Sprintf(l.SubmittedAt, r.Time.Format("15:04"), r.Time.Format("02/01/2006")), false, pxBody, left)
		})
	}
	add(func() error {
		if r.OfficialCode != "" {
			return c.text(fmt.Sprintf(l.Official, r.OfficialCode), true, pxBody, left)
		}
		return c.text(l.OfficialPending, false, pxSmall, left)
	})
	if r.Next != "" {
		add(func() error { c.space(8); return c.text(l.Next+":", true, pxBody, left) })
		add(func() error { return c.text(r.Next, false, pxBody, left) })
	}
	if r.Fee != "" {
		add(func() error { c.rule(2); return c.text(fmt.Sprintf(l.Fee, r.Fee), true, pxHead, center) })
		if r.FeeQR != "" {
			add(func() error {
				q, err := qrPicture(r.FeeQR, qrcode.Medium)
				if err != nil {
					return err
				}
				c.space(8)
				c.picture(q)
				c.space(8)
				return c.text(l.FeeQRHint, false, pxSmall, center)
			})
		} else {
			add(func() error { return c.text(l.FeeCounter, false, pxBody, center) })
		}
	}
	add(func() error { c.rule(2); return c.text(l.Keep, false, pxSmall, center) })
	for _, s := range steps {
		if err := s(); err != nil {
			return nil, err
		}
	}
	return FromImage(c.done(24)), nil
}

// qrPicture draws text as a QR code with QRModule-dot modules and a quiet zone of
// four modules, as large as fits the paper.
func qrPicture(text string, level qrcode.RecoveryLevel) (image.Image, error) {
	q, err := qrcode.New(text, level)
	if err != nil {
		return nil, fmt.Errorf("printer: QR code: %w", err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm)
	mod := QRModule
	for mod > 2 && (n+8)*mod > Width {
		mod--
	}
	side := (n + 8) * mod
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y, row := range bm {
		for x, black := range row {
			if !black {
				continue
			}
			for dy := 0; dy < mod; dy++ {
				for dx := 0; dx < mod; dx++ {
					img.SetGray((x+4)*mod+dx, (y+4)*mod+dy, color.Gray{})
				}
			}
		}
	}
	return img, nil
}
