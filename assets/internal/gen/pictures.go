package main

import (
	"image"
	"image/color"
)

// Palette: the colours of the Vietnamese flag on dark navy and cream, for high contrast.
var (
	navy   = color.RGBA{0x12, 0x35, 0x5b, 0xff}
	red    = color.RGBA{0xda, 0x25, 0x1d, 0xff}
	yellow = color.RGBA{0xff, 0xcd, 0x00, 0xff}
	cream  = color.RGBA{0xff, 0xf6, 0xd6, 0xff}
	white  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	green  = color.RGBA{0x1e, 0x8e, 0x3e, 0xff}
	grey   = color.RGBA{0x8a, 0x99, 0xad, 0xff}
	sky    = color.RGBA{0xcf, 0xe8, 0xff, 0xff}
	clear  = color.RGBA{}
)

// Slide picture size (16:10).
const slideW, slideH = 640, 400

// picture is one generated PNG: its file name under the assets folder and its painter.
type picture struct {
	name string
	draw func() image.Image
}

// pictures lists every generated file.
var pictures = []picture{
	{"icon.png", drawIcon},
	{"slides/01-dvctt.png", drawOnline},
	{"slides/02-steps.png", drawSteps},
	{"slides/03-bring.png", drawBring},
	{"slides/04-receipt.png", drawReceipt},
	{"slides/05-help.png", drawHelp},
	{"slides/06-privacy.png", drawPrivacy},
}

// drawIcon: a white document with a red check mark in a yellow badge, on a red ground.
func drawIcon() image.Image {
	c := newCanvas(512, 512, clear)
	c.roundRect(16, 16, 496, 496, 96, red)
	document(c, 120, 84, 330, 400, 14)
	c.circle(352, 356, 104, navy)
	c.circle(352, 356, 92, yellow)
	c.polyline(30, red, 300, 358, 340, 398, 410, 316)
	return c.image()
}

// document draws a sheet of paper with a folded corner and text lines.
func document(c *canvas, x0, y0, x1, y1, stroke float64) {
	fold := (x1 - x0) * 0.28
	c.polygon(navy, x0-stroke, y0-stroke, x1-fold+stroke*0.4, y0-stroke, x1+stroke, y0+fold-stroke*0.4,
		x1+stroke, y1+stroke, x0-stroke, y1+stroke)
	c.polygon(white, x0, y0, x1-fold, y0, x1, y0+fold, x1, y1, x0, y1)
	c.polygon(sky, x1-fold, y0, x1-fold, y0+fold, x1, y0+fold)
	c.polyline(stroke*0.6, navy, x1-fold, y0, x1-fold, y0+fold, x1, y0+fold)
	lw := (y1 - y0) / 14
	for i, y := 0, y0+fold+lw*1.5; y < y1-lw*1.5; i, y = i+1, y+lw*2 {
		end := x1 - (x1-x0)*0.15
		if i%3 == 2 {
			end = x0 + (x1-x0)*0.55
		}
		c.line(x0+(x1-x0)*0.15, y, end, y, lw*0.9, grey)
	}
}

// qr draws a QR-like block (three finder squares and a fixed pseudo-random pattern).
func qr(c *canvas, x, y, size float64) {
	const n = 21
	m := size / n
	c.rect(x-m, y-m, x+size+m, y+size+m, white)
	seed := uint32(2017)
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			seed = seed*1664525 + 1013904223
			finder := (i < 8 && j < 8) || (i >= n-8 && j < 8) || (i < 8 && j >= n-8)
			if !finder && seed>>28 < 7 {
				c.rect(x+float64(i)*m, y+float64(j)*m, x+float64(i+1)*m, y+float64(j+1)*m, navy)
			}
		}
	}
	for _, f := range [][2]float64{{0, 0}, {n - 7, 0}, {0, n - 7}} {
		fx, fy := x+f[0]*m, y+f[1]*m
		c.rect(fx, fy, fx+7*m, fy+7*m, navy)
		c.rect(fx+m, fy+m, fx+6*m, fy+6*m, white)
		c.rect(fx+2*m, fy+2*m, fx+5*m, fy+5*m, navy)
	}
}

// person draws a simple figure: head and rounded shoulders in the given shirt colour.
func person(c *canvas, cx, top, scale float64, shirt color.RGBA) {
	c.circle(cx, top+34*scale, 34*scale, navy)
	c.circle(cx, top+34*scale, 28*scale, color.RGBA{0xf2, 0xc2, 0x94, 0xff})
	c.roundRect(cx-62*scale, top+78*scale, cx+62*scale, top+200*scale, 50*scale, navy)
	c.roundRect(cx-56*scale, top+84*scale, cx+56*scale, top+200*scale, 44*scale, shirt)
}

// arrow draws a thick right-pointing arrow.
func arrow(c *canvas, x0, y, x1, w float64, col color.RGBA) {
	c.line(x0, y, x1-w, y, w, col)
	c.polygon(col, x1-w*1.6, y-w*1.4, x1+w*0.4, y, x1-w*1.6, y+w*1.4)
}

// cccd draws a citizen identity card with photo, text lines, chip and QR code.
func cccd(c *canvas, x0, y0, x1, y1 float64) {
	w := x1 - x0
	c.roundRect(x0-6, y0-6, x1+6, y1+6, w*0.08+6, navy)
	c.roundRect(x0, y0, x1, y1, w*0.08, sky)
	c.rect(x0, y0+w*0.06, x1, y0+w*0.16, red)
	ph := (y1 - y0) * 0.45
	c.roundRect(x0+w*0.07, y0+w*0.22, x0+w*0.07+ph*0.8, y0+w*0.22+ph, 6, white)
	c.circle(x0+w*0.07+ph*0.4, y0+w*0.22+ph*0.35, ph*0.2, grey)
	c.roundRect(x0+w*0.07+ph*0.12, y0+w*0.22+ph*0.6, x0+w*0.07+ph*0.68, y0+w*0.22+ph, ph*0.2, grey)
	lx := x0 + w*0.07 + ph*0.8 + w*0.06
	for i := 0; i < 3; i++ {
		y := y0 + w*0.26 + float64(i)*(y1-y0)*0.13
		c.line(lx, y, x1-w*0.34, y, (y1-y0)*0.05, navy)
	}
	qs := (y1 - y0) * 0.36
	qr(c, x1-w*0.06-qs, y1-w*0.06-qs, qs)
}

// drawOnline: a computer screen with a dossier going up to the online service, and the
// result coming back home.
func drawOnline() image.Image {
	c := newCanvas(slideW, slideH, cream)
	// monitor
	c.roundRect(60, 70, 360, 280, 18, navy)
	c.rect(80, 90, 340, 260, sky)
	c.rect(190, 280, 230, 320, navy)
	c.roundRect(140, 318, 280, 338, 8, navy)
	document(c, 170, 110, 250, 240, 6)
	// upload arrow
	c.line(300, 230, 300, 140, 22, red)
	c.polygon(red, 270, 150, 300, 108, 330, 150)
	// globe
	c.circle(480, 130, 72, navy)
	c.circle(480, 130, 62, sky)
	c.ellipseRing(480, 130, 28, 62, 7, navy)
	c.line(418, 130, 542, 130, 7, navy)
	c.line(428, 98, 532, 98, 6, navy)
	c.line(428, 162, 532, 162, 6, navy)
	c.line(480, 68, 480, 192, 7, navy)
	// result home: house with a check mark
	c.polygon(red, 400, 300, 480, 236, 560, 300)
	c.rect(416, 296, 544, 372, navy)
	c.rect(426, 306, 534, 362, white)
	c.polyline(14, green, 450, 334, 472, 354, 510, 314)
	arrow(c, 380, 190, 415, 12, yellow)
	return c.image()
}

// drawSteps: the four steps at the kiosk — choose, identify, scan, get the receipt.
func drawSteps() image.Image {
	c := newCanvas(slideW, slideH, cream)
	centres := []float64{80, 240, 400, 560}
	// 1: touch the screen
	c.roundRect(30, 110, 130, 260, 14, navy)
	c.rect(40, 122, 120, 240, sky)
	for i := 0; i < 3; i++ {
		c.roundRect(50, 134+float64(i)*34, 110, 158+float64(i)*34, 6, yellow)
	}
	c.circle(98, 212, 20, red)
	// 2: identity card
	cccd(c, 180, 140, 300, 220)
	// 3: scanner with a green light bar
	c.roundRect(340, 150, 460, 240, 14, navy)
	c.rect(352, 176, 448, 186, green)
	document(c, 370, 80, 430, 150, 4)
	c.roundRect(346, 140, 454, 156, 6, grey)
	// 4: receipt with QR code
	c.polygon(navy, 512, 96, 608, 96, 608, 270, 512, 270)
	c.rect(518, 102, 602, 264, white)
	qr(c, 530, 120, 60)
	c.line(530, 208, 590, 208, 8, grey)
	c.line(530, 232, 575, 232, 8, grey)
	for _, x := range []float64{138, 310, 470} {
		arrow(c, x, 190, x+28, 10, red)
	}
	// step numbers as dots: 1, 2, 3, 4 dots under each picture
	for s, cx := range centres {
		n := s + 1
		for d := 0; d < n; d++ {
			x := cx - float64(n-1)*14 + float64(d)*28
			c.circle(x, 320, 10, navy)
		}
	}
	return c.image()
}

// drawBring: what to bring — the CCCD card and the paper documents.
func drawBring() image.Image {
	c := newCanvas(slideW, slideH, cream)
	document(c, 400, 70, 540, 260, 8)
	document(c, 430, 110, 570, 300, 8)
	document(c, 460, 150, 600, 340, 8)
	cccd(c, 50, 110, 370, 310)
	c.circle(380, 70, 34, green)
	c.polyline(12, white, 364, 70, 376, 84, 398, 58)
	return c.image()
}

// drawReceipt: the receipt with its QR code, and a magnifier to follow the dossier.
func drawReceipt() image.Image {
	c := newCanvas(slideW, slideH, cream)
	zig := []float64{120, 40, 360, 40, 360, 330}
	for i := 0; i < 8; i++ {
		x := 360 - float64(i)*30
		zig = append(zig, x-15, 350, x-30, 330)
	}
	c.polygon(navy, zig...)
	inner := []float64{130, 50, 350, 50, 350, 322}
	for i := 0; i < 7; i++ {
		x := 350 - float64(i)*30
		inner = append(inner, x-15, 338, x-30, 322)
	}
	inner = append(inner, 130, 322)
	c.polygon(white, inner...)
	qr(c, 175, 80, 130)
	c.line(160, 250, 320, 250, 14, navy)
	c.line(160, 285, 280, 285, 10, grey)
	// magnifier
	c.line(500, 250, 580, 340, 30, navy)
	c.circle(460, 200, 80, navy)
	c.circle(460, 200, 64, sky)
	c.polyline(16, green, 425, 200, 450, 226, 498, 172)
	return c.image()
}

// drawHelp: a post office staff member (envelope badge) helps a resident at the kiosk.
func drawHelp() image.Image {
	c := newCanvas(slideW, slideH, cream)
	// kiosk screen on its stand
	c.rect(505, 250, 535, 372, navy)
	c.roundRect(460, 360, 580, 380, 8, navy)
	c.roundRect(430, 100, 610, 260, 16, navy)
	c.rect(444, 114, 596, 246, sky)
	document(c, 480, 130, 540, 225, 4)
	c.circle(560, 205, 16, red)
	person(c, 140, 110, 1.2, yellow)
	person(c, 330, 150, 1.0, green)
	// envelope badge of the post office on the staff's shirt
	c.rect(100, 240, 180, 292, navy)
	c.rect(106, 246, 174, 286, white)
	c.polyline(6, red, 106, 248, 140, 272, 174, 248)
	return c.image()
}

// drawPrivacy: a shield with a padlock; the clock stands for the automatic wipe.
func drawPrivacy() image.Image {
	c := newCanvas(slideW, slideH, cream)
	c.polygon(navy, 110, 70, 230, 40, 350, 70, 350, 190, 230, 350, 110, 190)
	c.polygon(green, 126, 82, 230, 56, 334, 82, 334, 186, 230, 326, 126, 186)
	c.ring(230, 160, 36, 16, white)
	c.roundRect(178, 160, 282, 250, 14, white)
	c.circle(230, 196, 12, navy)
	c.rect(225, 196, 235, 228, navy)
	// clock: after a short time the session is wiped
	c.circle(470, 130, 80, navy)
	c.circle(470, 130, 68, white)
	c.line(470, 130, 470, 82, 12, navy)
	c.line(470, 130, 506, 150, 12, navy)
	c.circle(470, 130, 9, red)
	// trash bin
	c.line(410, 250, 530, 250, 14, navy)
	c.roundRect(452, 232, 488, 250, 6, navy)
	c.polygon(navy, 420, 258, 520, 258, 508, 370, 432, 370)
	for _, x := range []float64{448, 470, 492} {
		c.line(x, 280, x, 348, 8, white)
	}
	return c.image()
}
