package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// homeScreen offers the resident's five tasks as big tiles.
type homeScreen struct{ u *UI }

func (s *homeScreen) id() screenID  { return scrHome }
func (s *homeScreen) title() string { return T("home.title") }

func (s *homeScreen) build() fyne.CanvasObject {
	u := s.u
	file := u.kit.tile(T("home.file"), theme.DocumentCreateIcon(), func() { u.openProcedures(true, false, "") })
	file.Importance = widget.HighImportance
	find := u.kit.tile(T("home.find"), theme.SearchIcon(), func() { u.openProcedures(false, true, "") })
	look := u.kit.tile(T("home.lookup"), theme.DocumentIcon(), func() { u.open(scrLookup) })
	guide := u.kit.tile(T("home.guide"), theme.HelpIcon(), func() { u.open(scrGuide) })
	rate := u.kit.tile(T("home.rate"), theme.ConfirmIcon(), func() { u.open(scrRating) })
	done := u.kit.tile(T("home.finish"), theme.LogoutIcon(), u.endSession)
	grid := container.NewGridWithColumns(3, file, find, look, guide, rate, done)
	intro := fyne.CanvasObject(text(T("home.intro")))
	if u.flow.FromCCCD() {
		intro = message(T("home.cccd_read"), widget.SuccessImportance)
	}
	return vfill(intro, grid)
}

// guideScreen shows the guidance slides one by one, with big previous/next buttons.
type guideScreen struct {
	u *UI
	a attractScreen
}

func (s *guideScreen) id() screenID  { return scrGuide }
func (s *guideScreen) title() string { return T("home.guide") }

func (s *guideScreen) build() fyne.CanvasObject {
	s.a.u = s.u
	inner := s.a.build() // loads the slides and builds the slide widgets
	_ = inner
	prev := s.u.kit.button(T("common.page_prev"), theme.NavigateBackIcon(), func() {
		if n := len(s.a.slides); n > 0 {
			s.a.idx = (s.a.idx + n - 1) % n
			s.a.showSlide()
		}
	})
	next := s.u.kit.button(T("common.page_next"), theme.NavigateNextIcon(), s.a.nextSlide)
	slide := container.NewBorder(s.a.heading, s.a.dots, container.NewPadded(s.a.img), nil, container.NewVScroll(s.a.body))
	return container.NewBorder(nil, container.NewGridWithColumns(2, prev, next), nil, nil, box(colHeader, slide))
}
