package kiosk

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// underScrollBar lists the buttons of o that run under a vertical scroll bar: inside a
// scroll whose content is taller than its view (the bar shows), in view, and reaching
// into the bar's width at the scroll's right edge.
func underScrollBar(o fyne.CanvasObject) []string {
	var probs []string
	bar := theme.Size(theme.SizeNameScrollBar)
	var visit func(o fyne.CanvasObject, x, y float32, barX, viewY0, viewY1 float32)
	visit = func(o fyne.CanvasObject, x, y float32, barX, viewY0, viewY1 float32) {
		if o == nil || !o.Visible() {
			return
		}
		p, s := o.Position(), o.Size()
		x, y = x+p.X, y+p.Y
		var sc *container.Scroll
		switch c := o.(type) {
		case *container.Scroll:
			sc = c
		case *guardScroll:
			sc = &c.Scroll
		}
		if sc != nil && sc.Direction != container.ScrollHorizontalOnly && sc.Content != nil &&
			sc.Content.MinSize().Height > s.Height+0.5 {
			barX, viewY0, viewY1 = x+s.Width-bar, max(viewY0, y), min(viewY1, y+s.Height)
		}
		if b := buttonOf(o); b != nil && (b.Text != "" || b.Icon != nil) {
			if x+s.Width > barX+0.5 && y < viewY1 && y+s.Height > viewY0 {
				probs = append(probs, fmt.Sprintf("button %q (right edge %.0f) runs under a scroll bar from x %.0f", b.Text, x+s.Width, barX))
			}
			return
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				visit(ch, x, y, barX, viewY0, viewY1)
			}
		case fyne.Widget:
			if r := test.WidgetRenderer(c); r != nil {
				for _, ch := range r.Objects() {
					visit(ch, x, y, barX, viewY0, viewY1)
				}
			}
		}
	}
	visit(o, 0, 0, 1e9, -1e9, 1e9)
	return probs
}
