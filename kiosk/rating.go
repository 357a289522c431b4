package kiosk

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

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
	row := container.NewGridWithColumns(5)
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
		row.Add(container.NewStack(b, container.NewBorder(nil, container.NewVBox(num, lbl), nil, nil, container.NewPadded(pic))))
	}
	return container.NewBorder(text(T("rating.question")), nil, nil, nil, row)
}

func (s *ratingScreen) onRate(score int) {
	s.rated = score
	s.record(store.EvRating, "", score)
	s.nav.replace(s)
}
