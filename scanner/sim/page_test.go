package sim

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
)

func TestDocumentPage(t *testing.T) {
	for _, tc := range []struct {
		dpi    int
		mode   byte
		w, h   int
		format byte
		model  string
	}{
		{200, ksp.ModeGray, 1654, 2339, ksp.FormatJPEG, "gray"},
		{100, ksp.ModeColor, 827, 1169, ksp.FormatJPEG, "color"},
		{150, ksp.ModeBW, 1240, 1754, ksp.FormatPNG, "bw"},
	} {
		p, err := DocumentPage(tc.dpi, tc.mode, 1)
		if err != nil {
			t.Fatal(err)
		}
		if p.Width != tc.w || p.Height != tc.h || p.Format != tc.format {
			t.Fatalf("%d dpi %s: %dx%d format %d, want %dx%d format %d", tc.dpi, tc.model, p.Width, p.Height, p.Format, tc.w, tc.h, tc.format)
		}
		var img image.Image
		if tc.format == ksp.FormatJPEG {
			img, err = jpeg.Decode(bytes.NewReader(p.Data))
		} else {
			img, err = png.Decode(bytes.NewReader(p.Data))
		}
		if err != nil {
			t.Fatalf("%s page does not decode: %v", tc.model, err)
		}
		if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Fatalf("decoded %v", b)
		}
		if _, isGray := img.(*image.Gray); tc.mode == ksp.ModeGray && !isGray {
			t.Fatalf("gray page decodes as %T", img)
		}
		// Looks like a document: mostly light paper with a real share of ink.
		dark, n := 0, 0
		for y := 0; y < tc.h; y += 3 {
			for x := 0; x < tc.w; x += 3 {
				r, g, b, _ := img.At(x, y).RGBA()
				if (r+g+b)/3 < 0x8000 {
					dark++
				}
				n++
			}
		}
		if frac := float64(dark) / float64(n); frac < 0.01 || frac > 0.3 {
			t.Fatalf("%s page: %.3f of pixels dark, not document-like", tc.model, frac)
		}
		again, _ := DocumentPage(tc.dpi, tc.mode, 1+variants)
		if &again.Data[0] != &p.Data[0] {
			t.Fatal("page not served from the cache")
		}
		other, _ := DocumentPage(tc.dpi, tc.mode, 2)
		if bytes.Equal(other.Data, p.Data) {
			t.Fatal("pages 1 and 2 identical")
		}
	}
}
