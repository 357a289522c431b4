package kiosk

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"sync"
)

// a4Scans caches the memory bench's pages: encoding one takes longer than a session.
var a4Scans sync.Map // int → ScannedPage

// a4ScanPage returns a page as the kiosk's scanners deliver one: A4 at 200 dpi
// (1654 × 2339), gray JPEG at quality 85, paper grain and lines of text, under a
// megabyte (about 850 KB). n picks one of three pages.
func a4ScanPage(n int) ScannedPage {
	n %= 3
	if p, ok := a4Scans.Load(n); ok {
		return p.(ScannedPage)
	}
	const w, h = 1654, 2339
	img := image.NewGray(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(uint64(n), 7))
	for i := range img.Pix {
		img.Pix[i] = uint8(238 + r.IntN(14)) // paper grain
	}
	fill := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			row := img.Pix[y*img.Stride:]
			for x := x0; x < x1; x++ {
				if r.IntN(5) > 0 { // ink, unevenly
					row[x] = uint8(20 + r.IntN(60))
				}
			}
		}
	}
	fill(480, 140, 1170, 200) // the form's title
	for y := 330; y < 2150; y += 70 {
		for x := 160; x < 1500-(y*7+n*130)%380; x += 60 + r.IntN(50) {
			fill(x, y, x+30+r.IntN(40), y+26) // a word
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	p := ScannedPage{Format: "jpeg", Width: w, Height: h, Data: b.Bytes()}
	a4Scans.Store(n, p)
	return p
}
