package kiosk

import "fyne.io/fyne/v2"

// keyGrid lays keys out in rows: every row is as tall as the others, a key is as
// wide as its units, and rows narrower than the widest are centred. maxUnit caps
// the width of one unit (the numeric pad should not stretch across a wide screen).
type keyGrid struct {
	rows    [][]*keyButton
	units   float32 // units of the widest row
	maxUnit float32 // 0: no cap
	face    *keyFace
}

func newKeyGrid(rows [][]*keyButton, maxUnit float32) *keyGrid {
	g := &keyGrid{rows: rows, maxUnit: maxUnit}
	g.face = newKeyFace(g)
	for _, row := range rows {
		for _, k := range row {
			k.face = g.face
		}
		if u := rowUnits(row); u > g.units {
			g.units = u
		}
	}
	return g
}

func rowUnits(row []*keyButton) float32 {
	var u float32
	for _, k := range row {
		u += k.units
	}
	return u
}

// objects are the grid's face and then its keys in row order, for its container.
func (g *keyGrid) objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{g.face.raster}
	for _, row := range g.rows {
		for _, k := range row {
			objs = append(objs, k)
		}
	}
	return objs
}

func (g *keyGrid) MinSize([]fyne.CanvasObject) fyne.Size {
	var unitW, rowH float32
	for _, row := range g.rows {
		for _, k := range row {
			m := k.MinSize()
			if w := (m.Width + keyGap) / k.units; w > unitW {
				unitW = w
			}
			if m.Height > rowH {
				rowH = m.Height
			}
		}
	}
	n := float32(len(g.rows))
	return fyne.NewSize(g.units*unitW-keyGap, n*rowH+(n-1)*keyGap)
}

func (g *keyGrid) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	n := float32(len(g.rows))
	if n == 0 {
		return
	}
	g.face.raster.Move(fyne.Position{})
	g.face.raster.Resize(size) // paints the face again if the size changed
	rowH := (size.Height - (n-1)*keyGap) / n
	unitW := (size.Width + keyGap) / g.units
	if g.maxUnit > 0 && unitW > g.maxUnit {
		unitW = g.maxUnit
	}
	for i, row := range g.rows {
		x := (size.Width - (rowUnits(row)*unitW - keyGap)) / 2
		if x < 0 {
			x = 0 // rounding
		}
		y := float32(i) * (rowH + keyGap)
		for _, k := range row {
			w := k.units*unitW - keyGap
			k.Move(fyne.NewPos(x, y))
			k.Resize(fyne.NewSize(w, rowH))
			x += k.units * unitW
		}
	}
}
