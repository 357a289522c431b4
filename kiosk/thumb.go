package kiosk

import (
	"bytes"
	"image"
	"image/color"
	_ "image/jpeg" // scanned pages may be JPEG
	_ "image/png"
)

// thumbMax is the longest side of a page thumbnail in pixels.
const thumbMax = 240

// makeThumb decodes a page and shrinks it (box-averaged) so that the scan screen holds
// a small image, not the full page, per thumbnail. It returns nil for undecodable data.
func makeThumb(data []byte) image.Image {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return nil
	}
	scale := 1
	for w/scale > thumbMax || h/scale > thumbMax {
		scale++
	}
	tw, th := w/scale, h/scale
	dst := image.NewGray(image.Rect(0, 0, tw, th))
	for y := 0; y < th; y++ {
		for x := 0; x < tw; x++ {
			var sum, n int
			for yy := 0; yy < scale; yy++ {
				for xx := 0; xx < scale; xx++ {
					g := color.GrayModel.Convert(src.At(b.Min.X+x*scale+xx, b.Min.Y+y*scale+yy)).(color.Gray)
					sum += int(g.Y)
					n++
				}
			}
			dst.SetGray(x, y, color.Gray{Y: uint8(sum / n)})
		}
	}
	return dst
}
