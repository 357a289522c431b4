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
	help  fyne.CanvasObject // shown while it is the one answered; nil without help
	obj   fyne.CanvasObject
}

// buildGroup lays out the screen of a catalog group's questions (screen: their
// positions): "Câu 3–5/12", the group's title, each labelled answer under it, the
// keyboard beside them, "Quay lại" / "Tiếp tục" at the bottom.
func (s *questionScreen) buildGroup(screen []int) fyne.CanvasObject {
	qs := s.flow.Questions()
	list := container.New(tightColumn{})
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
	top := container.New(tightColumn{}, tight(step), tight(subheading(title)))
	s.status = message("", widget.MediumImportance)
	s.status.Hide()
	s.scroll = container.NewVScroll(container.New(tightColumn{}, list, s.status))

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
		if q.Field.Type == catalog.Date { // read whole beside the letters keyboard
			e.PlaceHolder = T("form.date_placeholder_short")
		}
		focused := e.onFocus
		e.onFocus = func(e *kioskEntry) {
			focused(e)
			s.selectMember(m)
		}
	}
	var ctrl fyne.CanvasObject = m.in.entry
	if m.in.pick != nil {
		ctrl = m.in.pick.obj
	}
	body := container.New(tightColumn{}, tight(bold(s.kit.label(q.Field))))
	if h := s.kit.fieldHelp(q.Field); h != "" {
		l := text(h)
		l.SizeName = theme.SizeNameCaptionText
		m.help = tight(l)
		m.help.Hide()
		body.Add(m.help)
	}
	body.Add(ctrl)
	body.Add(m.in.err)
	m.frame = canvas.NewRectangle(color.Transparent)
	m.frame.CornerRadius = 8
	m.frame.StrokeWidth = 4
	m.obj = container.NewStack(m.frame, container.New(framePadding{}, body))
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
		if o.help != nil && o == m { // the help of the answer being given only: all fit
			o.help.Show()
		} else if o.help != nil {
			o.help.Hide()
		}
	}
	if s.scroll != nil {
		s.scroll.Content.Refresh()
		y := m.obj.Position().Y
		if y+m.obj.Size().Height <= s.scroll.Offset.Y+s.scroll.Size().Height && y >= s.scroll.Offset.Y {
			return // already in view
		}
		s.scroll.ScrollToOffset(fyne.NewPos(0, y))
	}
}

// framePadding keeps a group's answer 4 px inside its highlight frame (the theme's
// padding would cost the screen a fifth of an answer).
type framePadding struct{}

const framePad = 4

func (framePadding) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s.AddWidthHeight(2*framePad, 2*framePad)
}

func (framePadding) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(framePad, framePad))
		o.Resize(size.SubtractWidthHeight(2*framePad, 2*framePad))
	}
}
