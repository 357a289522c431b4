package main

import (
	"image"
	"image/color"
	"math"
)

// ss is the supersampling factor: shapes are rasterised at ss×ss samples per pixel and
// averaged, which gives smooth edges without an anti-aliasing rasteriser.
const ss = 3

// canvas draws filled shapes in pixel coordinates of a w×h picture.
type canvas struct {
	w, h int
	big  *image.RGBA // (w*ss)×(h*ss) samples
}

func newCanvas(w, h int, bg color.RGBA) *canvas {
	c := &canvas{w: w, h: h, big: image.NewRGBA(image.Rect(0, 0, w*ss, h*ss))}
	c.fill(0, 0, float64(w), float64(h), bg, func(x, y float64) bool { return true })
	return c
}

// fill paints col on every sample inside the box (x0,y0)-(x1,y1) for which in is true.
func (c *canvas) fill(x0, y0, x1, y1 float64, col color.RGBA, in func(x, y float64) bool) {
	sx0 := clamp(int(math.Floor(x0*ss)), 0, c.w*ss)
	sy0 := clamp(int(math.Floor(y0*ss)), 0, c.h*ss)
	sx1 := clamp(int(math.Ceil(x1*ss)), 0, c.w*ss)
	sy1 := clamp(int(math.Ceil(y1*ss)), 0, c.h*ss)
	for sy := sy0; sy < sy1; sy++ {
		y := (float64(sy) + 0.5) / ss
		for sx := sx0; sx < sx1; sx++ {
			x := (float64(sx) + 0.5) / ss
			if in(x, y) {
				c.big.SetRGBA(sx, sy, col)
			}
		}
	}
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func (c *canvas) rect(x0, y0, x1, y1 float64, col color.RGBA) {
	c.fill(x0, y0, x1, y1, col, func(x, y float64) bool { return true })
}

func (c *canvas) roundRect(x0, y0, x1, y1, r float64, col color.RGBA) {
	c.fill(x0, y0, x1, y1, col, func(x, y float64) bool {
		cx := math.Max(x0+r, math.Min(x, x1-r))
		cy := math.Max(y0+r, math.Min(y, y1-r))
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	})
}

func (c *canvas) circle(cx, cy, r float64, col color.RGBA) {
	c.fill(cx-r, cy-r, cx+r, cy+r, col, func(x, y float64) bool {
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	})
}

// ring paints a circle outline of radius r (centre of the stroke) and stroke width w.
func (c *canvas) ring(cx, cy, r, w float64, col color.RGBA) {
	ro, ri := r+w/2, r-w/2
	c.fill(cx-ro, cy-ro, cx+ro, cy+ro, col, func(x, y float64) bool {
		d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
		return d <= ro*ro && d >= ri*ri
	})
}

// line paints a stroke of width w with round caps from (x0,y0) to (x1,y1).
func (c *canvas) line(x0, y0, x1, y1, w float64, col color.RGBA) {
	r := w / 2
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	c.fill(math.Min(x0, x1)-r, math.Min(y0, y1)-r, math.Max(x0, x1)+r, math.Max(y0, y1)+r, col,
		func(x, y float64) bool {
			t := 0.0
			if l2 > 0 {
				t = math.Max(0, math.Min(1, ((x-x0)*dx+(y-y0)*dy)/l2))
			}
			px, py := x0+t*dx-x, y0+t*dy-y
			return px*px+py*py <= r*r
		})
}

// polyline strokes consecutive points.
func (c *canvas) polyline(w float64, col color.RGBA, pts ...float64) {
	for i := 0; i+3 < len(pts); i += 2 {
		c.line(pts[i], pts[i+1], pts[i+2], pts[i+3], w, col)
	}
}

// polygon fills the polygon given as x,y pairs (even-odd rule).
func (c *canvas) polygon(col color.RGBA, pts ...float64) {
	n := len(pts) / 2
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i < n; i++ {
		minX, maxX = math.Min(minX, pts[2*i]), math.Max(maxX, pts[2*i])
		minY, maxY = math.Min(minY, pts[2*i+1]), math.Max(maxY, pts[2*i+1])
	}
	c.fill(minX, minY, maxX, maxY, col, func(x, y float64) bool {
		in := false
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			xi, yi, xj, yj := pts[2*i], pts[2*i+1], pts[2*j], pts[2*j+1]
			if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
				in = !in
			}
		}
		return in
	})
}

// image averages the samples down to the final picture.
func (c *canvas) image() *image.NRGBA {
	out := image.NewNRGBA(image.Rect(0, 0, c.w, c.h))
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			var r, g, b, a int
			for j := 0; j < ss; j++ {
				for i := 0; i < ss; i++ {
					p := c.big.RGBAAt(x*ss+i, y*ss+j)
					r, g, b, a = r+int(p.R), g+int(p.G), b+int(p.B), a+int(p.A)
				}
			}
			n := ss * ss
			if a == 0 {
				continue
			}
			// Samples are premultiplied; un-premultiply for NRGBA.
			out.SetNRGBA(x, y, color.NRGBA{
				R: uint8(r * 255 / a), G: uint8(g * 255 / a), B: uint8(b * 255 / a), A: uint8(a / n),
			})
		}
	}
	return out
}

// ellipseRing paints the outline of an axis-aligned ellipse with radii rx, ry
// (centre of the stroke) and stroke width w.
func (c *canvas) ellipseRing(cx, cy, rx, ry, w float64, col color.RGBA) {
	h := w / 2
	c.fill(cx-rx-h, cy-ry-h, cx+rx+h, cy+ry+h, col, func(x, y float64) bool {
		ox, oy := (x-cx)/(rx+h), (y-cy)/(ry+h)
		ix, iy := (x-cx)/(rx-h), (y-cy)/(ry-h)
		return ox*ox+oy*oy <= 1 && ix*ix+iy*iy >= 1
	})
}
