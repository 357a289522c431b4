package kiosk

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// ratingScreen asks how satisfied the resident is, 1 to 5, with big coloured faces.
type ratingScreen struct {
	kit    kit
	nav    navigator
	record func(kind store.EventKind, procedure string, value int)
	rated  int
}

func (s *ratingScreen) id() screenID  { return scrRating }
func (s *ratingScreen) title() string { return T("rating.title") }

var ratingColours = []color.NRGBA{
	{R: 0xB0, G: 0x1E, B: 0x1E, A: 0xFF},
	{R: 0xC8, G: 0x5A, B: 0x00, A: 0xFF},
	{R: 0x6B, G: 0x6B, B: 0x6B, A: 0xFF},
	{R: 0x2E, G: 0x7D, B: 0x32, A: 0xFF},
	{R: 0x0B, G: 0x5E, B: 0x20, A: 0xFF},
}

func (s *ratingScreen) build() fyne.CanvasObject {
	k, nav := s.kit, s.nav
	if s.rated > 0 {
		thanks := heading(T("rating.thanks"))
		thanks.Alignment = fyne.TextAlignCenter
		done := k.primary(T("receipt.done"), theme.LogoutIcon(), nav.endSession)
		done.minH = 120
		home := k.button(T("common.home"), theme.HomeIcon(), nav.goHome)
		return vfill(thanks, container.NewGridWithColumns(2, home, done))
	}
	shared := &ratingBand{}
	row := container.New(shared)
	for i := 1; i <= 5; i++ {
		score := i
		b := k.button("", nil, func() { s.onRate(score) })
		b.minH = 230 // also its least width (bigButton): five fit 1280 px
		pic := face(i, ratingColours[i-1])
		num := canvas.NewText(strconv.Itoa(i), ratingColours[i-1])
		num.TextSize = 48
		num.Alignment = fyne.TextAlignCenter
		lbl := bold(T("rating." + strconv.Itoa(i)))
		lbl.Alignment = fyne.TextAlignCenter
		shared.labels = append(shared.labels, lbl)
		row.Add(container.NewStack(b, container.New(ratingCell{shared}, container.NewPadded(pic), num, lbl)))
	}
	return container.NewBorder(text(T("rating.question")), nil, nil, nil, row)
}

func (s *ratingScreen) onRate(score int) {
	s.rated = score
	s.record(store.EvRating, "", score)
	s.nav.replace(s)
}

// ratingBand lays the five scores out as equal columns (a grid) after measuring the
// tallest label at the columns' width: every cell keeps a label band that tall, so
// "Rất không hài lòng" wrapping onto two lines does not lift its "1" above the others.
type ratingBand struct {
	labels []*widget.Label
	labelH float32
}

func (r *ratingBand) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return layout.NewGridLayout(len(objs)).MinSize(objs)
}

func (r *ratingBand) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	colW := (size.Width - pad*float32(len(objs)-1)) / float32(len(objs))
	r.labelH = 0
	for _, l := range r.labels {
		l.Resize(fyne.NewSize(colW, l.MinSize().Height)) // a wrapped label's height follows its width
		r.labelH = max(r.labelH, l.MinSize().Height)
	}
	layout.NewGridLayout(len(objs)).Layout(objs, size)
}

// ratingCell is one score: the face over its number over its label, the label in the
// row's common band at the bottom (objects: face, number, label).
type ratingCell struct{ band *ratingBand }

func (c ratingCell) MinSize(objs []fyne.CanvasObject) fyne.Size {
	face, num, lbl := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(max(face.Width, num.Width, lbl.Width), face.Height+num.Height+max(lbl.Height, c.band.labelH))
}

func (c ratingCell) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	face, num, lbl := objs[0], objs[1], objs[2]
	lblH := max(lbl.MinSize().Height, c.band.labelH)
	numH := num.MinSize().Height
	lbl.Move(fyne.NewPos(0, size.Height-lblH))
	lbl.Resize(fyne.NewSize(size.Width, lblH))
	num.Move(fyne.NewPos(0, size.Height-lblH-numH))
	num.Resize(fyne.NewSize(size.Width, numH))
	face.Move(fyne.NewPos(0, 0))
	face.Resize(fyne.NewSize(size.Width, max(0, size.Height-lblH-numH)))
}
