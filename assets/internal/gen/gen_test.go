package main

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedPicturesAreUpToDate redraws every picture and compares its pixels with
// the PNG committed under assets/, so a change to a painter without re-running the
// generator (or a hand-edited PNG) is caught.
func TestCommittedPicturesAreUpToDate(t *testing.T) {
	for _, p := range pictures {
		t.Run(p.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", p.name))
			if err != nil {
				t.Fatal(err)
			}
			committed, err := png.Decode(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			want := toNRGBA(p.draw())
			got := toNRGBA(committed)
			if got.Bounds() != want.Bounds() {
				t.Fatalf("committed %v, generator draws %v", got.Bounds(), want.Bounds())
			}
			if !bytes.Equal(got.Pix, want.Pix) {
				t.Fatalf("%s differs from what the generator draws: run go run ./assets/internal/gen -out assets", p.name)
			}
		})
	}
}

func TestPicturesAreSmall(t *testing.T) {
	for _, p := range pictures {
		b, err := encode(p.draw())
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 60<<10 {
			t.Errorf("%s encodes to %d bytes, want under 60 KB", p.name, len(b))
		}
	}
}

func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
	return n
}
