package kiosk

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// countingFace counts the glyphs rasterized from the font's outlines.
type countingFace struct {
	font.Face
	glyphs int
}

func (f *countingFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	f.glyphs++
	return f.Face.Glyph(dot, r)
}

// A glyph is rasterized once per sub-pixel phase and then copied: drawing a text again,
// or another text with the same letters, rasterizes nothing; the copy is the same
// ink the font draws; a decomposed Vietnamese letter is drawn as its precomposed one.
func TestGlyphFaceKeepsGlyphs(t *testing.T) {
	test.NewTempApp(t)
	base := keyFontFace(true, 38)
	if base == nil {
		t.Fatal("no theme font")
	}
	cf := &countingFace{Face: base}
	g := &glyphFace{face: cf, glyphs: map[glyphKey]glyph{}}
	draw := func(s string) *image.RGBA {
		img := image.NewRGBA(image.Rect(0, 0, 600, 60))
		g.draw(img, fixed.I(2), 45, s, color.Black)
		return img
	}
	first := draw("Đăng ký khai sinh")
	n := cf.glyphs
	if n == 0 || inkPixels(first) < 200 {
		t.Fatalf("first draw: %d glyphs rasterized, %d pixels inked", n, inkPixels(first))
	}
	again := draw("Đăng ký khai sinh")
	if cf.glyphs != n {
		t.Errorf("drawing the same text again rasterized %d glyphs", cf.glyphs-n)
	}
	if !sameImage(first, again) {
		t.Error("the text drawn from kept glyphs differs from its first drawing")
	}
	// The font's own drawing, glyph by glyph at the same pen positions.
	want := image.NewRGBA(first.Rect)
	d := font.Drawer{Dst: want, Src: image.NewUniform(color.Black), Face: base}
	x, prev := fixed.I(2), rune(-1)
	for _, r := range "Đăng ký khai sinh" {
		if prev >= 0 {
			x += base.Kern(prev, r)
		}
		prev = r
		at := (x + 8) &^ 15 // the nearest quarter pixel
		d.Dot = fixed.Point26_6{X: at, Y: fixed.I(45)}
		d.DrawString(string(r))
		adv, _ := base.GlyphAdvance(r)
		x = at + adv
	}
	if !sameImage(first, want) {
		t.Error("kept glyphs do not draw what the font draws")
	}
	nfd := draw("\u0110a\u0306ng ky\u0301 khai sinh") // Đăng ký with combining marks
	if !sameImage(first, nfd) {
		t.Error("a decomposed text is drawn unlike its precomposed form")
	}
}

// Words wrap at the width; a word wider than a line is broken between letters; no
// letter is lost.
func TestGlyphFaceWrapsWords(t *testing.T) {
	test.NewTempApp(t)
	g := textGlyphs(true, 27)
	title := "Liên thông thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế"
	w := g.width("Liên thông thủ tục đăng")
	lines := g.wrapWords(title, w)
	if len(lines) < 3 {
		t.Fatalf("wrapped into %d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if g.width(l) > w {
			t.Errorf("line %q is %v wide, more than %v", l, g.width(l), w)
		}
	}
	if got := strings.Join(lines, " "); got != title {
		t.Errorf("lines join to %q", got)
	}
	if lines[0] != "Liên thông thủ tục đăng" {
		t.Errorf("first line %q, want the words that fit", lines[0])
	}
	long := g.wrapWords("Giấy_chứng_nhận_quyền_sử_dụng_đất", g.width("Giấy_chứng"))
	if len(long) < 3 || strings.Join(long, "") != "Giấy_chứng_nhận_quyền_sử_dụng_đất" {
		t.Errorf("a long word broke into %q", long)
	}
}

// A card's texts: a title wrapped into as many lines as the card's width needs, each
// line drawn in the text colour into a raster no wider than its ink, the detail under
// it; a narrower card is taller; the same texts set again draw nothing new.
func TestCardTextWrapsAndDrawsItsLines(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(Theme()) // the kiosk's 27 px text
	c := newCardText()
	w := test.NewTempWindow(t, container.NewWithoutLayout(c))
	w.Resize(fyne.NewSize(1000, 600))
	c.set("Liên thông thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "Hộ tịch · Mức độ 4")
	th, dh := lineHeights()
	layout := func(width float32) {
		c.Resize(fyne.NewSize(width, c.minSize(width).Height))
	}
	layout(900)
	wide := c.MinSize().Height
	if want := 2*th + dh + 4*tightInset; wide != want {
		t.Errorf("at 900 wide: height %v, want two title lines and the detail (%v)", wide, want)
	}
	layout(350)
	narrow := c.MinSize().Height
	if narrow < wide+2*th {
		t.Errorf("at 350 wide: height %v, want at least two lines more than %v", narrow, wide)
	}
	fg := theme.Color(theme.ColorNameForeground)
	lines := c.lines
	if n := len(lines); n < 5 {
		t.Fatalf("%d lines laid out, want the title's ≥ 4 and the detail", n)
	}
	var y float32
	for i, l := range lines {
		s := l.raster.Size()
		if s.Width > 350-2*tightInset || s.Width < 50 {
			t.Errorf("line %d %q: raster %v wide, want its ink within the card", i, l.text, s.Width)
		}
		if p := l.raster.Position(); p.Y < y {
			t.Errorf("line %d at y %v, above the line before it (%v)", i, p.Y, y)
		}
		y = l.raster.Position().Y + s.Height
		img := l.image(int(s.Width), int(s.Height)).(*image.RGBA)
		if n := colourPixels(img, fg); n < 20 {
			t.Errorf("line %d %q: %d pixels in the text colour", i, l.text, n)
		}
	}
	if y > narrow {
		t.Errorf("lines end at %v, below the card's height %v", y, narrow)
	}
	if last := lines[len(lines)-1]; last.text != "Hộ tịch · Mức độ 4" || last.bold {
		t.Errorf("last line %q bold=%v, want the detail", last.text, last.bold)
	}
	img := lines[0].image(100, 30)
	c.set(c.title, c.detail)
	if lines[0].image(100, 30) != img {
		t.Error("the same texts set again drew the line again")
	}
	c.set("Đăng ký khai sinh", "Hộ tịch · Mức độ 4")
	layout(350)
	if len(c.lines) != 2 || c.lines[0].text != "Đăng ký khai sinh" {
		t.Errorf("after a short title: lines %d, first %q", len(c.lines), c.lines[0].text)
	}
	if h := c.MinSize().Height; h != th+dh+4*tightInset {
		t.Errorf("one-line title: height %v, want %v", h, th+dh+4*tightInset)
	}
}

func inkPixels(img *image.RGBA) int {
	n := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] > 0 {
			n++
		}
	}
	return n
}

// colourPixels counts the opaque pixels of colour c.
func colourPixels(img *image.RGBA, c color.Color) int {
	n := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if sameColour(img.At(x, y), c) {
				n++
			}
		}
	}
	return n
}

func sameImage(a, b *image.RGBA) bool {
	return a.Rect == b.Rect && string(a.Pix) == string(b.Pix)
}

// Sizes that differ in their last bits (a raster's pixels over its size, line by
// line) are one face with one set of kept glyphs.
func TestGlyphFacesBySizeToASixteenthPixel(t *testing.T) {
	test.NewTempApp(t)
	a := textGlyphs(true, 37.8)
	if b := textGlyphs(true, math.Nextafter32(37.8, 40)); b != a {
		t.Error("37.8 and the next float32 up are two faces")
	}
	if c := textGlyphs(true, 38); c == a {
		t.Error("38 px is the 37.8 px face")
	}
	if r := textGlyphs(false, 37.8); r == a {
		t.Error("the regular face is the bold one")
	}
}
