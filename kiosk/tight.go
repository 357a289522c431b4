package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Tight layouts: text with little padding, for screens that must hold more at
// 1366×768 (a group's questions with the keyboard beside them, the review's consent).

// tightInset is the padding left around a tight text, instead of the theme's 14 px.
const tightInset = 3

// tightLayout lays out one text with tightInset around it: the text keeps the theme's
// inner padding, and the layout asks for that much less space and lets the padding
// (transparent) spill over its neighbours. A container.ThemeOverride with smaller
// padding would look the same, but Fyne 2.7 caches the parsed fonts per override scope
// and never frees them: every screen built with one kept about 50 MB alive.
type tightLayout struct{}

func (tightLayout) trim() float32 { return max(0, theme.InnerPadding()-tightInset) }

func (l tightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	d := 2 * l.trim()
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = s.Max(fyne.NewSize(max(0, m.Width-d), max(0, m.Height-d)))
	}
	return s
}

func (l tightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	d := l.trim()
	for _, o := range objs {
		o.Move(fyne.NewPos(-d, -d))
		o.Resize(size.AddWidthHeight(2*d, 2*d))
	}
}

// tight lays a text out with tightInset around it instead of the theme's padding.
func tight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(tightLayout{}, o)
}

// tightColumn stacks its visible objects with a 4 px gap (a VBox's gap is the
// theme's 8 px).
type tightColumn struct{}

const tightGap = 4

func (tightColumn) MinSize(objs []fyne.CanvasObject) fyne.Size { return stackMin(objs, tightGap) }

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

// revealLayout fills its space with one scroll and, once the scroll has laid out its
// content, scrolls so that target (an object of that content) shows whole.
type revealLayout struct {
	scroll *container.Scroll
	target func() fyne.CanvasObject
}

func (l revealLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	t := l.target()
	if t == nil {
		return
	}
	top, bottom := t.Position().Y, t.Position().Y+t.Size().Height
	off := l.scroll.Offset.Y
	switch {
	case top < off:
		l.scroll.ScrollToOffset(fyne.NewPos(0, top))
	case bottom > off+size.Height:
		l.scroll.ScrollToOffset(fyne.NewPos(0, bottom-size.Height))
	}
}

func (l revealLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// tightStack stacks wrapped texts without a gap, each measured at the column's width
// first (a wrapped label knows its line count only at its width), as wrapColumn does.
type tightStack struct{}

func (tightStack) MinSize(objs []fyne.CanvasObject) fyne.Size { return stackMin(objs, 0) }

func (tightStack) Layout(objs []fyne.CanvasObject, size fyne.Size) { stackWrapped(objs, size, 0) }
