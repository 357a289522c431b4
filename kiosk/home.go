package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// homeScreen offers the resident's five tasks as big tiles.
type homeScreen struct {
	kit      kit
	nav      navigator
	fromCCCD bool // the identity came from a card: say so
}

func (s *homeScreen) id() screenID  { return scrHome }
func (s *homeScreen) title() string { return T("home.title") }

func (s *homeScreen) build() fyne.CanvasObject {
	k, nav := s.kit, s.nav
	file := k.tile(T("home.file"), theme.DocumentCreateIcon(), func() { nav.openProcedures(true, false, "") })
	file.Importance = widget.HighImportance
	find := k.tile(T("home.find"), theme.SearchIcon(), func() { nav.openProcedures(false, true, "") })
	look := k.tile(T("home.lookup"), theme.DocumentIcon(), func() { nav.open(scrLookup) })
	guide := k.tile(T("home.guide"), theme.HelpIcon(), func() { nav.open(scrGuide) })
	rate := k.tile(T("home.rate"), theme.ConfirmIcon(), func() { nav.open(scrRating) })
	done := k.tile(T("home.finish"), theme.LogoutIcon(), nav.endSession)
	grid := container.NewGridWithColumns(3, file, find, look, guide, rate, done)
	intro := fyne.CanvasObject(text(T("home.intro")))
	if s.fromCCCD {
		intro = message(T("home.cccd_read"), widget.SuccessImportance)
	}
	return vfill(intro, grid)
}

// guideScreen shows the guidance slides one by one, with big previous/next buttons.
type guideScreen struct {
	kit    kit
	slides slideView
}

func (s *guideScreen) id() screenID  { return scrGuide }
func (s *guideScreen) title() string { return T("home.guide") }

func (s *guideScreen) build() fyne.CanvasObject {
	slide := s.slides.build()
	prev := s.kit.button(T("common.page_prev"), theme.NavigateBackIcon(), s.slides.prev)
	next := s.kit.button(T("common.page_next"), theme.NavigateNextIcon(), s.slides.next)
	return container.NewBorder(nil, container.NewGridWithColumns(2, prev, next), nil, nil, box(colHeader, slide))
}
