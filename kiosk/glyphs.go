package kiosk

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// glyphFace draws text in the theme's font at one pixel size from glyph masks it keeps:
// a glyph's outline is rasterized once, then copied. Fyne rasterizes every glyph of a
// text from its outline each time the text is new, about 2 ms for the six result cards
// a keystroke brings at 1920×1080, on the UI thread, between the key and its frame.
// Its masks are kept under a lock; the face itself is the keyboard's (keyFontFace),
// which paints on the UI thread too.
type glyphFace struct {
	face   font.Face
	mu     sync.Mutex
	glyphs map[glyphKey]glyph
}

// glyphPhases is how many horizontal sub-pixel positions a glyph is kept at (a pen
// position is rounded to the nearest quarter pixel).
const glyphPhases = 4

// maxGlyphs bounds a face's masks (a Vietnamese catalog uses about 150 letters).
const maxGlyphs = 2048

type glyphKey struct {
	r     rune
	phase uint8
}

// glyph is a rasterized glyph: mask's top-left is off from the pen's whole pixel.
type glyph struct {
	mask *image.Alpha // nil: nothing to draw (a space)
	off  image.Point
	adv  fixed.Int26_6
}

var glyphFaces = struct {
	sync.Mutex
	m map[keyFaceID]*glyphFace
}{m: map[keyFaceID]*glyphFace{}}

// textGlyphs returns the theme's text font (bold or regular) at size pixels (to 1/16
// pixel: a size derived from a raster's pixels differs in its last bits from line to
// line, and each would be a face of its own), with its kept glyphs, nil if the font
// cannot be read.
func textGlyphs(bold bool, size float32) *glyphFace {
	size = float32(math.Round(float64(size)*16) / 16)
	id := keyFaceID{bold, size}
	glyphFaces.Lock()
	defer glyphFaces.Unlock()
	if g, ok := glyphFaces.m[id]; ok {
		return g
	}
	f := keyFontFace(bold, size)
	if f == nil {
		return nil
	}
	g := &glyphFace{face: f, glyphs: map[glyphKey]glyph{}}
	glyphFaces.m[id] = g
	return g
}

// metrics are the face's ascent and descent, in pixels.
func (g *glyphFace) metrics() (ascent, descent int) {
	g.mu.Lock()
	m := g.face.Metrics()
	g.mu.Unlock()
	return m.Ascent.Ceil(), m.Descent.Ceil()
}

// glyph returns r's mask for a pen at sub-pixel position phase (g.mu held).
func (g *glyphFace) glyph(r rune, phase uint8) glyph {
	k := glyphKey{r, phase}
	if gl, ok := g.glyphs[k]; ok {
		return gl
	}
	dot := fixed.Point26_6{X: fixed.Int26_6(int(phase) * 64 / glyphPhases)}
	dr, mask, mp, adv, _ := g.face.Glyph(dot, r)
	gl := glyph{adv: adv, off: dr.Min}
	if !dr.Empty() && mask != nil {
		// The face reuses its mask buffer: keep a copy.
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(a, a.Rect, mask, mp, draw.Src)
		gl.mask = a
	}
	if len(g.glyphs) >= maxGlyphs {
		clear(g.glyphs)
	}
	g.glyphs[k] = gl
	return gl
}

// run walks s as it is drawn from x (NFC first: a precomposed Vietnamese letter is one
// glyph of the font), calling f with each glyph and its pen position.
func (g *glyphFace) run(s string, x fixed.Int26_6, f func(gl glyph, at fixed.Int26_6)) fixed.Int26_6 {
	g.mu.Lock()
	defer g.mu.Unlock()
	prev := rune(-1)
	for _, r := range norm.NFC.String(s) {
		if prev >= 0 {
			x += g.face.Kern(prev, r)
		}
		at := (x + 64/(2*glyphPhases)) &^ (64/glyphPhases - 1) // nearest quarter pixel
		gl := g.glyph(r, uint8(at&63)/(64/glyphPhases))
		if f != nil {
			f(gl, at)
		}
		x = at + gl.adv
		prev = r
	}
	return x
}

// width is how wide s is drawn, in 1/64 pixels.
func (g *glyphFace) width(s string) fixed.Int26_6 { return g.run(s, 0, nil) }

// draw draws s in c with its pen starting at x on the baseline y.
func (g *glyphFace) draw(dst draw.Image, x fixed.Int26_6, y int, s string, c color.Color) {
	src := image.NewUniform(c)
	g.run(s, x, func(gl glyph, at fixed.Int26_6) {
		if gl.mask == nil {
			return
		}
		p := image.Pt(at.Floor(), y).Add(gl.off)
		draw.DrawMask(dst, gl.mask.Rect.Add(p), src, image.Point{}, gl.mask, image.Point{}, draw.Over)
	})
}

// wrapWords breaks s into lines no wider than w pixels (in 1/64), between words; a
// word wider than a line is broken between letters.
func (g *glyphFace) wrapWords(s string, w fixed.Int26_6) []string {
	var lines []string
	line := ""
	for _, word := range splitWords(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if g.width(try) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for g.width(line) > w && len([]rune(line)) > 1 {
			rs := []rune(line)
			n := len(rs) - 1
			for n > 1 && g.width(string(rs[:n])) > w {
				n--
			}
			lines = append(lines, string(rs[:n]))
			line = string(rs[n:])
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// splitWords splits s at runs of spaces.
func splitWords(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == ' ' || r == '\n' || r == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
