package printer

import (
	"image"
	"image/color"
)

// Width is the printable width of an 80 mm printer at 203 dpi, in dots.
const Width = 576

// Bitmap is a 1-bit picture as GS v 0 sends it: rows of Stride bytes, the most
// significant bit leftmost, 1 = black.
type Bitmap struct {
	Width, Height, Stride int
	Bits                  []byte
}

// NewBitmap is a white w×h bitmap.
func NewBitmap(w, h int) *Bitmap {
	stride := (w + 7) / 8
	return &Bitmap{Width: w, Height: h, Stride: stride, Bits: make([]byte, stride*h)}
}

// Black reports whether the dot at (x, y) is black.
func (b *Bitmap) Black(x, y int) bool {
	return b.Bits[y*b.Stride+x/8]&(0x80>>(x%8)) != 0
}

// Set blackens the dot at (x, y).
func (b *Bitmap) Set(x, y int) { b.Bits[y*b.Stride+x/8] |= 0x80 >> (x % 8) }

// FromImage thresholds img at half grey (darker is black) into a bitmap of the
// same size.
func FromImage(img image.Image) *Bitmap {
	r := img.Bounds()
	b := NewBitmap(r.Dx(), r.Dy())
	g, isGray := img.(*image.Gray)
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			var lum uint8
			if isGray {
				lum = g.GrayAt(r.Min.X+x, r.Min.Y+y).Y
			} else {
				lum = color.GrayModel.Convert(img.At(r.Min.X+x, r.Min.Y+y)).(color.Gray).Y
			}
			if lum < 128 {
				b.Set(x, y)
			}
		}
	}
	return b
}

// Image is the bitmap as a black-and-white picture (for PNG files and tests).
func (b *Bitmap) Image() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, b.Width, b.Height))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := 0; y < b.Height; y++ {
		for x := 0; x < b.Width; x++ {
			if b.Black(x, y) {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
	return img
}

func (b *Bitmap) blankRow(y int) bool {
	for _, v := range b.Bits[y*b.Stride : (y+1)*b.Stride] {
		if v != 0 {
			return false
		}
	}
	return true
}

// unrealTime keeps raster data from looking like a real-time command. Many
// printers act on DLE EOT, DLE ENQ and DLE DC4 the moment they arrive, even inside
// a picture's data: a stray status byte would then answer the driver's next
// question. Where a data byte 0x10 (one black dot) is followed by 0x04, 0x05 or
// 0x14, that dot is left white: one dot in a receipt, invisible, and no QR module
// (8×8 dots) changes.
func unrealTime(data []byte) {
	for i := 0; i+1 < len(data); i++ {
		if data[i] == dle && (data[i+1] == eot || data[i+1] == 0x05 || data[i+1] == 0x14) {
			data[i] = 0
		}
	}
}

// Chunks encodes the bitmap as ESC/POS commands in pieces the driver sends one at
// a time, asking for the printer's status between them: GS v 0 bands of at most
// bandRows rows, and ESC J feeds for runs of blank rows (white space costs 3 bytes
// instead of 72 a row).
func (b *Bitmap) Chunks(bandRows int) [][]byte {
	if bandRows <= 0 {
		bandRows = 128
	}
	var out [][]byte
	for y := 0; y < b.Height; {
		if b.blankRow(y) {
			n := 0
			for y+n < b.Height && b.blankRow(y+n) {
				n++
			}
			y += n
			var feed []byte
			for ; n > 0; n -= min(n, 255) {
				feed = append(feed, CmdFeedDots(min(n, 255))...)
			}
			out = append(out, feed)
			continue
		}
		n := 0
		for y+n < b.Height && n < bandRows && !b.blankRow(y+n) {
			n++
		}
		// Short blank runs inside a band are sent as rows: a feed costs a round of
		// status polling, a few white rows do not.
		for y+n < b.Height && n < bandRows {
			run := 0
			for y+n+run < b.Height && b.blankRow(y+n+run) {
				run++
			}
			if run >= 24 || n+run > bandRows {
				break
			}
			n += run
			for y+n < b.Height && n < bandRows && !b.blankRow(y+n) {
				n++
			}
			if run == 0 {
				break
			}
		}
		cmd := CmdRaster(b.Stride, n)
		cmd = append(cmd, b.Bits[y*b.Stride:(y+n)*b.Stride]...)
		unrealTime(cmd[8:])
		out = append(out, cmd)
		y += n
	}
	return out
}
