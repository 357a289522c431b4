package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// clearOfScrollBar lays its content out leaving the scroll bar's width free at the
// right: inside a scroll, Fyne draws the bar over the content's right edge, where a
// button would run under it (the fee counter's "Nộp phí bằng mã QR" at 1920×1080,
// the scan list's English chips).
type clearOfScrollBar struct{}

func (clearOfScrollBar) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(theme.Size(theme.SizeNameScrollBar), 0)
}

func (clearOfScrollBar) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := max(0, size.Width-theme.Size(theme.SizeNameScrollBar))
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}
