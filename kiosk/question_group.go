package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// member is one answer of a group's screen: its question (pos in the flow's
// Questions), its labelled input, and the frame that highlights it while it is the
// one being answered.
type member struct {
	pos   int
	q     flow.Question
	in    *input
	frame *canvas.Rectangle
	obj   fyne.CanvasObject
}

// buildGroup lays out the screen of a catalog group's questions (screen: their
// positions): "Câu 3–5/12", the group's title, each labelled answer under it, the
// keyboard beside them, "Quay lại" / "Tiếp tục" at the bottom.
func (s *questionScreen) buildGroup(screen []int) fyne.CanvasObject {
	qs := s.flow.Questions()
	list := container.NewVBox()
	hasEntry := false
	for _, pos := range screen {
		m := s.newMember(pos, qs[pos])
		s.members = append(s.members, m)
		list.Add(m.obj)
		hasEntry = hasEntry || m.in.entry != nil
	}
	first, last, of := s.flow.ScreenProgress()
	step := text(T("question.step_range", Args("First", first, "Last", last, "Of", of)))
	step.SizeName = theme.SizeNameCaptionText
	title := ""
	if g := s.flow.ScreenGroup(); g != nil {
		title = catalog.InLang(s.kit.lang(), g.Title, g.TitleEN)
	}
	top := container.NewVBox(step, heading(title))
	s.status = message("", widget.MediumImportance)
	s.status.Hide()
	s.scroll = container.NewVScroll(container.NewVBox(list, s.status))

	prev := s.kit.button(T("common.back"), theme.NavigateBackIcon(), s.onPrev)
	next := s.kit.primary(T("common.next"), theme.NavigateNextIcon(), s.onNext)
	next.IconPlacement = widget.ButtonIconTrailingText
	buttons := container.NewGridWithColumns(2, prev, next)
	content := container.NewBorder(top, buttons, nil, nil, s.scroll)
	active := s.memberAt(s.flow.Cursor())
	if active == nil {
		active = s.members[0]
	}
	if !hasEntry {
		s.activate(active)
		return content
	}
	out := s.kb.withKeyboard(content, nil)
	s.activate(active)
	return out
}

// newMember makes one answer of a group's screen: a touch on its box makes it the
// one being answered; a tap on a choice answers it and moves on as "Tiếp tục" does.
func (s *questionScreen) newMember(pos int, q flow.Question) *member {
	m := &member{pos: pos, q: q}
	ready := false
	m.in = s.kit.newInput(q.Field, func() {
		if !ready {
			return
		}
		s.flow.Answer(m.q, m.in.stored())
		if m.in.pick != nil {
			s.selectMember(m)
			s.onNext()
		}
	})
	m.in.setValue(s.flow.Value(q))
	ready = true
	if e := m.in.entry; e != nil {
		focused := e.onFocus
		e.onFocus = func(e *kioskEntry) {
			focused(e)
			s.selectMember(m)
		}
	}
	m.frame = canvas.NewRectangle(color.Transparent)
	m.frame.CornerRadius = 8
	m.frame.StrokeWidth = 4
	m.obj = container.NewStack(m.frame, container.NewPadded(m.in.obj))
	return m
}

// memberAt is the answer of question pos on this screen, nil when it has none.
func (s *questionScreen) memberAt(pos int) *member {
	for _, m := range s.members {
		if m.pos == pos {
			return m
		}
	}
	return nil
}

// activate makes m the answer being given: highlighted, in view, and typed into by
// the keyboard when it is typed.
func (s *questionScreen) activate(m *member) {
	s.selectMember(m)
	if m.in.entry != nil {
		s.kb.focus(m.in.entry)
	}
}

// selectMember highlights m as the answer being given (a touch on its box, or
// activate) and brings it into view.
func (s *questionScreen) selectMember(m *member) {
	s.flow.Focus(m.pos)
	s.q, s.in = m.q, m.in
	for _, o := range s.members {
		if o == m {
			o.frame.FillColor, o.frame.StrokeColor = colHeader, colPrimary
		} else {
			o.frame.FillColor, o.frame.StrokeColor = color.Transparent, color.Transparent
		}
		o.frame.Refresh()
	}
	if s.scroll != nil {
		y := m.obj.Position().Y
		if y+m.obj.Size().Height <= s.scroll.Offset.Y+s.scroll.Size().Height && y >= s.scroll.Offset.Y {
			return // already in view
		}
		s.scroll.ScrollToOffset(fyne.NewPos(0, y))
	}
}
