package printer

import (
	_ "embed"
	"fmt"
	"image"
	"image/draw"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// The kiosk's own face: Noto Sans, the font Fyne's theme draws the screens with
// (copied from fyne.io/fyne/v2/theme/font; kiosk's tests check the copy is the same).
var (
	//go:embed font/NotoSans-Regular.ttf
	NotoSansRegular []byte
	//go:embed font/NotoSans-Bold.ttf
	NotoSansBold []byte
)

var (
	fontsOnce          sync.Once
	regularFont, boldF *opentype.Font
	fontsErr           error
)

func fonts() (*opentype.Font, *opentype.Font, error) {
	fontsOnce.Do(func() {
		if regularFont, fontsErr = opentype.Parse(NotoSansRegular); fontsErr != nil {
			return
		}
		boldF, fontsErr = opentype.Parse(NotoSansBold)
	})
	return regularFont, boldF, fontsErr
}

// faces keeps one face per (weight, size): faces are costly to build and not safe
// for concurrent use, so every use holds renderMu (Render takes it).
type faceKey struct {
	bold bool
	px   float64
}

var (
	renderMu sync.Mutex
	faces    = map[faceKey]font.Face{}
)

func face(bold bool, px float64) (font.Face, error) {
	reg, bld, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("printer font: %w", err)
	}
	k := faceKey{bold, px}
	if f, ok := faces[k]; ok {
		return f, nil
	}
	f := reg
	if bold {
		f = bld
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("printer font: %w", err)
	}
	faces[k] = fc
	return fc, nil
}

// wrap breaks s into lines no wider than width in face f (a word longer than a
// line is broken between letters). Text is NFC: the font has a glyph for every
// precomposed Vietnamese letter, and no shaping engine places combining marks.
func wrap(f font.Face, s string, width int) []string {
	s = norm.NFC.String(s)
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		cur := ""
		for _, w := range words {
			try := w
			if cur != "" {
				try = cur + " " + w
			}
			if font.MeasureString(f, try).Ceil() <= width {
				cur = try
				continue
			}
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			for font.MeasureString(f, w).Ceil() > width {
				r := []rune(w)
				n := len(r) - 1
				for n > 1 && font.MeasureString(f, string(r[:n])).Ceil() > width {
					n--
				}
				lines = append(lines, string(r[:n]))
				w = string(r[n:])
			}
			cur = w
		}
		lines = append(lines, cur)
	}
	return lines
}

// canvas is a white strip 576 dots wide that grows as text and pictures are added.
type canvas struct {
	img    *image.Gray
	y      int // next free row
	margin int
}

func newCanvas(height int) *canvas {
	img := image.NewGray(image.Rect(0, 0, Width, height))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	return &canvas{img: img, margin: 16}
}

func (c *canvas) grow(rows int) {
	if c.y+rows <= c.img.Bounds().Dy() {
		return
	}
	h := max(c.img.Bounds().Dy()*2, c.y+rows)
	n := image.NewGray(image.Rect(0, 0, Width, h))
	for i := range n.Pix {
		n.Pix[i] = 0xFF
	}
	copy(n.Pix, c.img.Pix)
	c.img = n
}

type align int

const (
	left align = iota
	center
)

// text draws s wrapped to the printable width, one line under the other.
func (c *canvas) text(s string, bold bool, px float64, al align) error {
	f, err := face(bold, px)
	if err != nil {
		return err
	}
	m := f.Metrics()
	lineH := (m.Ascent + m.Descent).Ceil() + int(px/6)
	width := Width - 2*c.margin
	for _, line := range wrap(f, s, width) {
		c.grow(lineH)
		x := c.margin
		if al == center {
			x = (Width - font.MeasureString(f, line).Ceil()) / 2
		}
		d := font.Drawer{Dst: c.img, Src: image.Black, Face: f,
			Dot: fixed.Point26_6{X: fixed.I(x), Y: fixed.I(c.y) + m.Ascent}}
		d.DrawString(line)
		c.y += lineH
	}
	return nil
}

// space leaves rows blank.
func (c *canvas) space(rows int) {
	c.grow(rows)
	c.y += rows
}

// rule draws a horizontal line across the printable width.
func (c *canvas) rule(thick int) {
	c.space(8)
	c.grow(thick)
	for y := c.y; y < c.y+thick; y++ {
		for x := c.margin; x < Width-c.margin; x++ {
			c.img.Pix[y*c.img.Stride+x] = 0
		}
	}
	c.y += thick
	c.space(10)
}

// picture draws img centred.
func (c *canvas) picture(img image.Image) {
	r := img.Bounds()
	c.grow(r.Dy())
	x := (Width - r.Dx()) / 2
	draw.Draw(c.img, image.Rect(x, c.y, x+r.Dx(), c.y+r.Dy()), img, r.Min, draw.Src)
	c.y += r.Dy()
}

// done crops the strip to what was drawn, with a bottom margin.
func (c *canvas) done(bottom int) *image.Gray {
	c.space(bottom)
	return c.img.SubImage(image.Rect(0, 0, Width, c.y)).(*image.Gray)
}
