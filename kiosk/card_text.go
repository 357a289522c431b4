package kiosk

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/math/fixed"
)

// cardText is a search result card's texts, a bold title wrapped over as many lines
// as it needs over a caption-size detail line, drawn from glyphs kept between
// keystrokes (glyphs.go). Typing changes the six visible cards' texts at almost every
// key; as labels, each new title was rasterized from the font's outlines on the UI
// thread before the key's frame could be painted (keystroke → frame p95 32–37 ms at
// 1920×1080 with new titles, 28–29 ms with the same ones). It is laid out as the two
// labels it replaces were: tightInset around each text, wrapped lines as tall as a
// label's, no line spacing between the lines of one title. Each line is its own
// raster as wide as its ink: the software GL shades every pixel of a raster,
// transparent or not (one raster the card's width cost ~2 ms more a frame).
type cardText struct {
	widget.BaseWidget
	title, detail string

	wrap  cardWrap    // the title's lines at the last width measured
	lines []*textLine // the lines laid out: the title's, then the detail
}

// cardWrap is a title broken into lines at a width in pixels and a scale.
type cardWrap struct {
	title string
	w     int
	scale float32
	lines []string
}

func newCardText() *cardText {
	c := &cardText{}
	c.ExtendBaseWidget(c)
	return c
}

// set shows new texts.
func (c *cardText) set(title, detail string) {
	if c.title == title && c.detail == detail {
		return
	}
	c.title, c.detail = title, detail
	c.Refresh()
}

// texts returns the title and the detail shown (tests look cards up by title).
func (c *cardText) texts() (title, detail string) { return c.title, c.detail }

func (c *cardText) CreateRenderer() fyne.WidgetRenderer {
	return &cardTextRenderer{c: c}
}

// scale is the canvas's pixels per unit, 1 before the card is on a canvas.
func (c *cardText) scale() float32 {
	if a := fyne.CurrentApp(); a != nil {
		if cv := a.Driver().CanvasForObject(c); cv != nil {
			return cv.Scale()
		}
	}
	return 1
}

// lineHeights are a title line's and the detail line's heights, as a label's.
func lineHeights() (title, detail float32) {
	return fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{Bold: true}).Height,
		fyne.MeasureText("Ag", theme.CaptionTextSize(), fyne.TextStyle{}).Height
}

// titleLines breaks the title for a card w units wide (w ≤ 0: not laid out yet, one
// line).
func (c *cardText) titleLines(w float32) []string {
	if c.title == "" {
		return nil
	}
	if w <= 2*tightInset {
		return []string{c.title}
	}
	s := c.scale()
	wpx := px((w - 2*tightInset) * s)
	if c.wrap.title == c.title && c.wrap.w == wpx && c.wrap.scale == s {
		return c.wrap.lines
	}
	g := textGlyphs(true, theme.TextSize()*s)
	if g == nil {
		return []string{c.title}
	}
	c.wrap = cardWrap{title: c.title, w: wpx, scale: s, lines: g.wrapWords(c.title, fixed.I(wpx))}
	return c.wrap.lines
}

// minSize is the height the texts need at width w.
func (c *cardText) minSize(w float32) fyne.Size {
	th, dh := lineHeights()
	h := float32(0)
	if n := len(c.titleLines(w)); n > 0 {
		h += float32(n)*th + 2*tightInset
	}
	if c.detail != "" {
		h += dh + 2*tightInset
	}
	return fyne.NewSize(2*tightInset, h)
}

// layout puts the lines in place for a card of the given size.
func (c *cardText) layout(size fyne.Size) {
	th, dh := lineHeights()
	s := c.scale()
	maxW := max(0, size.Width-2*tightInset)
	n := 0
	place := func(text string, bold bool, y, h float32) {
		if n == len(c.lines) {
			c.lines = append(c.lines, newTextLine())
		}
		l := c.lines[n]
		n++
		l.set(text, bold)
		w := l.inkWidth(s)
		if size.Width > 0 {
			w = min(w, maxW)
		}
		l.raster.Move(fyne.NewPos(tightInset, y))
		l.raster.Resize(fyne.NewSize(w, h))
	}
	y := float32(tightInset)
	title := c.titleLines(size.Width)
	for _, t := range title {
		place(t, true, y, th)
		y += th
	}
	if len(title) > 0 {
		y += 2 * tightInset
	}
	if c.detail != "" {
		place(c.detail, false, y, dh)
	}
	for _, l := range c.lines[n:] {
		l.set("", false)
	}
	c.lines = c.lines[:n]
}

// textLine is one line of text drawn from kept glyphs into a raster as wide as its ink.
type textLine struct {
	text   string
	bold   bool
	raster *canvas.Raster
	drawn  lineDrawn
}

// lineDrawn is the last image a line drew and what it shows.
type lineDrawn struct {
	text string
	w, h int
	fg   color.Color
	img  *image.RGBA
}

func newTextLine() *textLine {
	l := &textLine{}
	l.raster = canvas.NewRaster(l.image)
	l.raster.ScaleMode = canvas.ImageScalePixels // drawn at the screen's pixel size
	return l
}

// set changes the text; the raster draws again only for a new one.
func (l *textLine) set(text string, bold bool) {
	if l.text == text && l.bold == bold {
		return
	}
	l.text, l.bold = text, bold
	l.raster.Refresh()
}

// face is the line's glyphs at s pixels a unit.
func (l *textLine) face(s float32) *glyphFace {
	if l.bold {
		return textGlyphs(true, theme.TextSize()*s)
	}
	return textGlyphs(false, theme.CaptionTextSize()*s)
}

// inkWidth is how wide the text is drawn, in units (a pixel more for antialiasing).
func (l *textLine) inkWidth(s float32) float32 {
	g := l.face(s)
	if g == nil || l.text == "" {
		return 0
	}
	return float32(g.width(l.text).Ceil()+1) / s
}

// image draws the line at w×h pixels (the painter's call, UI thread).
func (l *textLine) image(w, h int) image.Image {
	fg := theme.Color(theme.ColorNameForeground)
	d := l.drawn
	if d.img != nil && d.text == l.text && d.w == w && d.h == h && d.fg == fg {
		return d.img
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if rw := l.raster.Size().Width; rw > 0 && w > 0 && h > 0 {
		s := float32(w) / rw
		if g := l.face(s); g != nil {
			g.draw(img, 0, baseline(g, 0, float32(h)), l.text, fg)
		}
	}
	l.drawn = lineDrawn{text: l.text, w: w, h: h, fg: fg, img: img}
	return img
}

// baseline is where the text of a line box h pixels tall at top y sits.
func baseline(g *glyphFace, y, h float32) int {
	a, d := g.metrics()
	return px(y + (h-float32(a+d))/2 + float32(a))
}

type cardTextRenderer struct{ c *cardText }

func (r *cardTextRenderer) Layout(size fyne.Size) { r.c.layout(size) }
func (r *cardTextRenderer) MinSize() fyne.Size    { return r.c.minSize(r.c.Size().Width) }
func (r *cardTextRenderer) Refresh()              { r.c.layout(r.c.Size()) }
func (r *cardTextRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(r.c.lines))
	for i, l := range r.c.lines {
		objs[i] = l.raster
	}
	return objs
}
func (r *cardTextRenderer) Destroy() {}
