package kiosk

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// keyFace paints every key of a grid at rest (tile, border, label) into one image
// under the keys, so that the GL painter draws the keyboard with one texture instead
// of two objects per key. On software GL (llvmpipe, what a kiosk PC without a GPU
// driver runs) each object drawn costs tens of microseconds whatever its size: the
// letter keyboard's ~120 objects were about a third of every frame of a screen with
// the keyboard at 1366×768, the frame that shows a keystroke included. A key
// under the finger, or shift while engaged, draws itself over the face as before.
//
// The image is made when the painter asks for it (canvas.Raster), at the screen's
// pixel size, and again only after the grid's size or a key's label changed. The
// last two images are kept by what they show: automatic capitals switch the letters
// between two sets of labels at every word of a name, and painting a face costs
// about 8 ms (1366×768). A face is an *image.RGBA, which the GL painter uploads as
// it is (any other kind it copies first).
type keyFace struct {
	grid   *keyGrid
	raster *canvas.Raster
	made   []madeFace // most recent last
}

// madeFace is a painted face and what it shows.
type madeFace struct {
	what string
	img  image.Image
}

// keptFaces is how many painted faces a grid keeps.
const keptFaces = 2

func newKeyFace(g *keyGrid) *keyFace {
	f := &keyFace{grid: g}
	f.raster = canvas.NewRaster(f.image)
	f.raster.ScaleMode = canvas.ImageScalePixels
	return f
}

// changed asks for the face to be painted again (a label changed).
func (f *keyFace) changed() { f.raster.Refresh() }

// image returns the face at w×h pixels (UI thread, from the painter): a kept one if
// it shows the same, else a new one.
func (f *keyFace) image(w, h int) image.Image {
	what := f.shows(w, h)
	for i, m := range f.made {
		if m.what == what {
			f.made = append(append(f.made[:i:i], f.made[i+1:]...), m)
			return m.img
		}
	}
	img := f.paint(w, h)
	if len(f.made) == keptFaces {
		f.made = f.made[1:]
	}
	f.made = append(f.made, madeFace{what, img})
	return img
}

// shows describes what the face paints at w×h: the keys' places, labels and colours.
func (f *keyFace) shows(w, h int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%dx%d", w, h)
	for _, row := range f.grid.rows {
		for _, k := range row {
			l := k.restingLook()
			fmt.Fprintf(&b, "|%v%v%q%v%v%v%v", k.Position(), k.Size(), k.label, k.Visible(), l.bg, l.stroke, l.fg)
		}
	}
	return b.String()
}

// paint draws the keys' resting look at w×h pixels.
func (f *keyFace) paint(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	size := f.raster.Size()
	if size.Width <= 0 || size.Height <= 0 {
		return img
	}
	sx, sy := float32(w)/size.Width, float32(h)/size.Height
	for _, row := range f.grid.rows {
		for _, b := range row {
			if !b.Visible() {
				continue
			}
			p, s := b.Position(), b.Size()
			r := image.Rect(px(p.X*sx), px(p.Y*sy), px((p.X+s.Width)*sx), px((p.Y+s.Height)*sy))
			look := b.restingLook()
			draw.Draw(img, r, image.NewUniform(look.bg), image.Point{}, draw.Src)
			strokeRect(img, r, px(keyStrokeWidth*sx), look.stroke)
			drawCentred(img, r, b.label, look.fg, keyFontFace(b.bold, b.textSize*sy))
		}
	}
	return img
}

// px rounds a pixel coordinate.
func px(v float32) int { return int(math.Round(float64(v))) }

// strokeRect draws a border of width t inside r.
func strokeRect(img draw.Image, r image.Rectangle, t int, c color.Color) {
	if t < 1 {
		t = 1
	}
	u := image.NewUniform(c)
	for _, e := range []image.Rectangle{
		{r.Min, image.Pt(r.Max.X, r.Min.Y+t)}, {image.Pt(r.Min.X, r.Max.Y-t), r.Max},
		{r.Min, image.Pt(r.Min.X+t, r.Max.Y)}, {image.Pt(r.Max.X-t, r.Min.Y), r.Max},
	} {
		draw.Draw(img, e.Intersect(r), u, image.Point{}, draw.Src)
	}
}

// drawCentred draws s centred in r with face.
func drawCentred(img draw.Image, r image.Rectangle, s string, c color.Color, face font.Face) {
	if s == "" || face == nil {
		return
	}
	m := face.Metrics()
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face}
	width := d.MeasureString(s)
	x := fixed.I(r.Min.X) + (fixed.I(r.Dx())-width)/2
	y := fixed.I(r.Min.Y) + (fixed.I(r.Dy())-(m.Ascent+m.Descent))/2 + m.Ascent
	d.Dot = fixed.Point26_6{X: x, Y: y}
	d.DrawString(s)
}

// keyFaces caches the theme font's faces by weight and pixel size: a keyboard uses
// four or five sizes.
var keyFaces = struct {
	sync.Mutex
	fonts map[bool]*opentype.Font
	faces map[keyFaceID]font.Face
}{fonts: map[bool]*opentype.Font{}, faces: map[keyFaceID]font.Face{}}

type keyFaceID struct {
	bold bool
	size float32
}

// keyFontFace returns the theme's text font (bold or regular) at size pixels, nil
// if the theme's font cannot be read (the keys then show no label on the face).
func keyFontFace(bold bool, size float32) font.Face {
	keyFaces.Lock()
	defer keyFaces.Unlock()
	id := keyFaceID{bold, size}
	if f, ok := keyFaces.faces[id]; ok {
		return f
	}
	f, ok := keyFaces.fonts[bold]
	if !ok {
		res := theme.DefaultTheme().Font(fyne.TextStyle{Bold: bold})
		if fa := fyne.CurrentApp(); fa != nil && fa.Settings().Theme() != nil {
			res = fa.Settings().Theme().Font(fyne.TextStyle{Bold: bold})
		}
		var err error
		if f, err = opentype.Parse(res.Content()); err != nil {
			fyne.LogError("keyboard: theme font", err)
			f = nil
		}
		keyFaces.fonts[bold] = f
	}
	if f == nil {
		return nil
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		fyne.LogError("keyboard: font face", err)
		return nil
	}
	keyFaces.faces[id] = face
	return face
}
