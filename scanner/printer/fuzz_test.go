package printer

import (
	"testing"
	"time"
)

// Any text in a receipt's fields (a name read from a card, a procedure from the
// catalog) renders to a 576-dot bitmap without panicking: invalid UTF-8, control
// characters, words wider than the paper, combining marks.
func FuzzRender(f *testing.F) {
	f.Add("Đăng ký khai sinh", "UBND phường Tân An", "Cán bộ kiểm tra hồ sơ.", "8.000 đ")
	f.Add("\xff\xfe\x00", "", "\n\n\t", "")
	f.Add("Nguye\u0302\u0303n", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "a\u0300\u0301\u0302", "x")
	f.Fuzz(func(t *testing.T, proc, commune, next, fee string) {
		for _, s := range []*string{&proc, &commune, &next, &fee} {
			if len(*s) > 400 {
				*s = (*s)[:400]
			}
		}
		r := Receipt{Commune: commune, Procedure: proc, Next: next, Fee: fee, FeeQR: fee,
			Code: "ABCD-1234", LookupQR: "DVCK1:ABCD-1234", Time: time.Unix(0, 0)}
		bm, err := Render(r)
		if err != nil {
			if fee != "" {
				return // a QR payload too long for a QR code is refused, not drawn
			}
			t.Fatal(err)
		}
		if bm.Width != Width || bm.Height < 100 || len(bm.Bits) != bm.Stride*bm.Height {
			t.Fatalf("bitmap %dx%d stride %d, %d bytes", bm.Width, bm.Height, bm.Stride, len(bm.Bits))
		}
	})
}
