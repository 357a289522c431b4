package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Tight layouts: text with little padding, for screens that must hold more at
// 1366×768 (a group's questions with the keyboard beside them, the review's consent).

// tightTheme is the kiosk's theme with little padding around text: the labels of a
// group's screen, so that all its answers and the keyboard fit on a 768-line display.
type tightTheme struct{ fyne.Theme }

func (t tightTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding, theme.SizeNamePadding:
		return 3
	}
	return t.Theme.Size(n)
}

// tight lays a text out with tightTheme's padding.
func tight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, tightTheme{newTheme()})
}

// tightColumn stacks its visible objects with a 4 px gap (a VBox's gap is the
// theme's 8 px).
type tightColumn struct{}

const tightGap = 4

func (tightColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	if n > 1 {
		s.Height += float32(n-1) * tightGap
	}
	return s
}

func (tightColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + tightGap
	}
}
