package sim

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
)

// PageImage is one generated page file.
type PageImage struct {
	Width, Height int
	Format        byte // ksp.FormatJPEG or ksp.FormatPNG
	Data          []byte
}

// A4Size is the pixel size of an A4 sheet (210 × 297 mm) at dpi.
func A4Size(dpi int) (w, h int) {
	return int(math.Round(210 / 25.4 * float64(dpi))), int(math.Round(297 / 25.4 * float64(dpi)))
}

type pageKey struct {
	dpi     int
	mode    byte
	variant int
}

var (
	pageMu    sync.Mutex
	pageCache = map[pageKey]*pageEntry{}
)

type pageEntry struct {
	once sync.Once
	img  PageImage
	err  error
}

// variants is how many different documents the generator draws; page n of a job
// shows variant (n-1) % variants.
const variants = 4

// DocumentPage returns the page file for page n (1-based) of a job at dpi and mode:
// an A4 document with a header, paragraphs of text-like strokes, a table and a seal,
// encoded as JPEG (gray, colour) or 1-bit PNG (black and white). Results are cached
// per (dpi, mode, variant), so tests that repeat parameters stay fast.
func DocumentPage(dpi int, mode byte, n int) (PageImage, error) {
	k := pageKey{dpi, mode, (n - 1 + variants) % variants}
	pageMu.Lock()
	e := pageCache[k]
	if e == nil {
		e = &pageEntry{}
		pageCache[k] = e
	}
	pageMu.Unlock()
	e.once.Do(func() { e.img, e.err = drawPage(k) })
	return e.img, e.err
}

func drawPage(k pageKey) (PageImage, error) {
	w, h := A4Size(k.dpi)
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	paper := color.RGBA{250, 249, 244, 255}
	ink := color.RGBA{25, 25, 35, 255}
	fill(rgba, rgba.Bounds(), paper)
	rng := rand.New(rand.NewPCG(uint64(k.variant)+1, uint64(k.dpi)))
	mm := func(v float64) int { return int(v / 25.4 * float64(k.dpi)) }

	// National motto and title: centred, bold strokes.
	y := mm(15)
	for i, wmm := range []float64{110, 70, 130} {
		lh := mm(4)
		if i == 2 {
			lh = mm(6)
			y += mm(8)
		}
		x0 := (w - mm(wmm)) / 2
		words(rgba, rng, x0, y, mm(wmm), lh, ink)
		y += lh + mm(4)
	}
	y += mm(8)
	// Paragraphs of text lines.
	left, right := mm(25), w-mm(20)
	lineH := mm(2.6)
	for p := 0; p < 5+k.variant && y < h-mm(90); p++ {
		lines := 3 + rng.IntN(5)
		for l := 0; l < lines; l++ {
			x0 := left
			if l == 0 {
				x0 += mm(10)
			}
			end := right
			if l == lines-1 {
				end = x0 + (right-x0)*(30+rng.IntN(60))/100
			}
			words(rgba, rng, x0, y, end-x0, lineH, ink)
			y += lineH * 2
		}
		y += lineH
	}
	// A table with ruled cells.
	ty := y + mm(4)
	rows, cols := 4, 4
	cw, rh := (right-left)/cols, mm(8)
	for r := 0; r <= rows; r++ {
		fill(rgba, image.Rect(left, ty+r*rh, right, ty+r*rh+max(1, mm(0.3))), ink)
	}
	for c := 0; c <= cols; c++ {
		x := left + c*cw
		fill(rgba, image.Rect(x, ty, x+max(1, mm(0.3)), ty+rows*rh), ink)
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			words(rgba, rng, left+c*cw+mm(2), ty+r*rh+mm(3), cw*(40+rng.IntN(50))/100, lineH, ink)
		}
	}
	// Signature block and a red seal.
	sy := ty + rows*rh + mm(12)
	words(rgba, rng, w-mm(80), sy, mm(50), lineH, ink)
	seal(rgba, w-mm(55), sy+mm(25), mm(17), color.RGBA{200, 30, 35, 255})

	var buf bytes.Buffer
	img := PageImage{Width: w, Height: h}
	var err error
	switch k.mode {
	case ksp.ModeColor:
		img.Format = ksp.FormatJPEG
		err = jpeg.Encode(&buf, rgba, &jpeg.Options{Quality: 80})
	case ksp.ModeGray:
		g := image.NewGray(rgba.Bounds())
		for i := 0; i < len(g.Pix); i++ {
			p := rgba.Pix[i*4 : i*4+3]
			g.Pix[i] = uint8((299*int(p[0]) + 587*int(p[1]) + 114*int(p[2])) / 1000)
		}
		img.Format = ksp.FormatJPEG
		err = jpeg.Encode(&buf, g, &jpeg.Options{Quality: 80})
	case ksp.ModeBW:
		pal := image.NewPaletted(rgba.Bounds(), color.Palette{color.Black, color.White})
		for i := 0; i < len(pal.Pix); i++ {
			p := rgba.Pix[i*4 : i*4+3]
			if (299*int(p[0])+587*int(p[1])+114*int(p[2]))/1000 > 128 {
				pal.Pix[i] = 1
			}
		}
		img.Format = ksp.FormatPNG
		err = png.Encode(&buf, pal)
	default:
		return PageImage{}, fmt.Errorf("sim: mode %d", k.mode)
	}
	if err != nil {
		return PageImage{}, fmt.Errorf("sim: encode page: %w", err)
	}
	img.Data = buf.Bytes()
	return img, nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, c.A
		}
	}
}

// words draws a line of word-like strokes: letter blobs of varying height with gaps.
func words(img *image.RGBA, rng *rand.Rand, x0, y, width, lh int, ink color.RGBA) {
	x := x0
	letter := max(2, lh*55/100)
	for x < x0+width {
		wl := 2 + rng.IntN(7)
		for i := 0; i < wl && x < x0+width; i++ {
			top := y + lh/4
			if rng.IntN(4) == 0 {
				top = y // ascender
			}
			bottom := y + lh
			if rng.IntN(6) == 0 {
				bottom = y + lh + lh/4 // descender
			}
			stroke := max(1, letter/4)
			fill(img, image.Rect(x, top, x+stroke, bottom), ink)
			fill(img, image.Rect(x, y+lh-stroke, x+letter-1, y+lh), ink)
			if rng.IntN(2) == 0 {
				fill(img, image.Rect(x, y+lh/4, x+letter-1, y+lh/4+stroke), ink)
			}
			x += letter + max(1, letter/5)
		}
		x += letter
	}
}

func seal(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	thick := max(2, r/8)
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			d := math.Hypot(float64(x-cx), float64(y-cy))
			inner := float64(r) * 0.55
			if (d <= float64(r) && d >= float64(r-thick)) || (d <= inner && d >= inner-float64(thick)/2) {
				if image.Pt(x, y).In(img.Bounds()) {
					img.SetRGBA(x, y, c)
				}
			}
		}
	}
}
