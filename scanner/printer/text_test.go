package printer

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

const vietnameseLetters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"

// Every Vietnamese letter, lower and upper case, has its own glyph in both faces
// (no empty box, no missing mark).
func TestFontsCoverVietnamese(t *testing.T) {
	reg, bold, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	text := vietnameseLetters + strings.ToUpper(vietnameseLetters) + "—–…đ₫0123456789:/()"
	for _, f := range []*sfnt.Font{reg, bold} {
		for _, r := range text {
			if unicode.IsSpace(r) {
				continue
			}
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				t.Errorf("no glyph for %q (%U)", r, r)
			}
		}
	}
}

// Text in NFD (combining marks, as some QR readers deliver names) draws the same
// as NFC: the renderer composes it first.
func TestWrapComposesMarks(t *testing.T) {
	renderMu.Lock()
	defer renderMu.Unlock()
	f, err := face(false, pxBody)
	if err != nil {
		t.Fatal(err)
	}
	nfd := "Nguye\u0302\u0303n Thi\u0323 Ngo\u0323c Hu\u031b\u01a1\u0300ng"
	got := wrap(f, nfd, 1000)
	if len(got) != 1 || got[0] != "Nguyễn Thị Ngọc Hường" {
		t.Fatalf("wrap(NFD) = %q", got)
	}
	lines := wrap(f, "Cán bộ một cửa kiểm tra hồ sơ trong một ngày làm việc", 200)
	if len(lines) < 3 {
		t.Fatalf("not wrapped to 200 dots: %q", lines)
	}
}
