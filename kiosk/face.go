package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// face draws a round face for a rating: mood 1 (very unhappy) to 5 (very happy), the
// mouth curving from a deep frown to a broad smile. Pictures, not emoticons: first-time
// users read faces, not ":-)".
func face(mood int, c color.Color) fyne.CanvasObject {
	head := canvas.NewCircle(color.NRGBA{R: 0xFF, G: 0xF8, B: 0xE1, A: 0xFF})
	head.StrokeColor = c
	head.StrokeWidth = 5
	eyeL, eyeR := canvas.NewCircle(c), canvas.NewCircle(c)
	objs := []fyne.CanvasObject{head, eyeL, eyeR}
	var mouth fyne.CanvasObject
	switch {
	case mood == 3:
		r := canvas.NewRectangle(c)
		mouth = r
	default:
		// An arc of a ring: 180° is the bottom of its circle (a smile), 0° the top
		// (a frown); the further from neutral, the wider the arc.
		span := float32(50)
		if mood == 1 || mood == 5 {
			span = 80
		}
		mid := float32(180)
		if mood < 3 {
			mid = 0
		}
		a := canvas.NewArc(mid-span, mid+span, 0.8, c)
		mouth = a
	}
	objs = append(objs, mouth)
	return container.New(faceLayout{mood: mood}, objs...)
}

// faceLayout places head, eyes and mouth in the largest centred square.
type faceLayout struct{ mood int }

func (faceLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(110, 110) }

func (l faceLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	s := fyne.Min(size.Width, size.Height)
	x0, y0 := (size.Width-s)/2, (size.Height-s)/2
	place := func(o fyne.CanvasObject, x, y, w, h float32) {
		o.Move(fyne.NewPos(x0+x*s, y0+y*s))
		o.Resize(fyne.NewSize(w*s, h*s))
	}
	place(objs[0], 0, 0, 1, 1)
	place(objs[1], 0.28, 0.30, 0.12, 0.12)
	place(objs[2], 0.60, 0.30, 0.12, 0.12)
	switch {
	case l.mood == 3:
		place(objs[3], 0.30, 0.66, 0.40, 0.06)
	case l.mood > 3:
		place(objs[3], 0.25, 0.30, 0.50, 0.50) // smile: the lower part of this circle
	default:
		place(objs[3], 0.25, 0.62, 0.50, 0.50) // frown: the upper part of this circle
	}
}
