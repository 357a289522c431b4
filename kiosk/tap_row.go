package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// tapRow makes a whole row one target: a tap anywhere on it (its text as well as its
// control) runs tapped. Controls inside it still take their own taps.
type tapRow struct {
	widget.BaseWidget
	content fyne.CanvasObject
	tapped  func()
}

func newTapRow(content fyne.CanvasObject, tapped func()) *tapRow {
	r := &tapRow{content: content, tapped: tapped}
	r.ExtendBaseWidget(r)
	return r
}

func (r *tapRow) Tapped(*fyne.PointEvent) {
	if r.tapped != nil {
		r.tapped()
	}
}

func (r *tapRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }
