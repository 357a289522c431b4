package kiosk

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/assets"
)

// attractScreen is shown while nobody uses the kiosk: rotating guidance slides about
// online public services and a big "touch to start".
type attractScreen struct {
	u       *UI
	slides  []assets.Slide
	idx     int
	heading *widget.Label
	body    *widget.Label
	img     *canvas.Image
	dots    *widget.Label
}

func (s *attractScreen) name() string  { return "attract" }
func (s *attractScreen) title() string { return "" }

func (s *attractScreen) build() fyne.CanvasObject {
	u := s.u
	if s.slides == nil {
		sl, err := assets.Slides()
		if err != nil {
			u.logf("slides: %v", err)
		}
		s.slides = sl
	}
	s.heading = subheading("")
	s.body = text("")
	s.img = canvas.NewImageFromResource(nil)
	s.img.FillMode = canvas.ImageFillContain
	s.img.SetMinSize(fyne.NewSize(280, 190))
	s.dots = widget.NewLabel("")
	s.dots.Alignment = fyne.TextAlignCenter
	s.showSlide()

	start := u.primary(T("attract.start"), theme.NavigateNextIcon(), s.onStart)
	start.minH = 110
	start.IconPlacement = widget.ButtonIconTrailingText
	lang := u.languageButton()
	lang.minH = 80

	appTitle := heading(T("app.title"))
	appTitle.Alignment = fyne.TextAlignCenter
	sub := text(T("attract.subtitle"))
	sub.Alignment = fyne.TextAlignCenter

	slide := container.NewBorder(s.heading, s.dots, container.NewPadded(s.img), nil, container.NewVScroll(s.body))
	slideBox := box(colHeader, slide)
	top := container.NewBorder(nil, nil, layout.NewSpacer(), container.NewCenter(lang), container.NewVBox(appTitle, sub))
	return container.NewBorder(top, start, nil, nil, slideBox)
}

func (s *attractScreen) showSlide() {
	if len(s.slides) == 0 {
		s.heading.SetText(T("attract.no_slides_title"))
		s.body.SetText(T("attract.no_slides_body"))
		return
	}
	sl := s.slides[s.idx%len(s.slides)]
	s.heading.SetText(sl.TitleIn(s.u.lang))
	s.body.SetText(sl.BodyIn(s.u.lang))
	if sl.Image != nil {
		s.img.Resource = fyne.NewStaticResource(sl.ImageName, sl.Image)
		s.img.Show()
	} else {
		s.img.Resource = nil
		s.img.Hide()
	}
	s.img.Refresh()
	dots := make([]string, len(s.slides))
	for i := range dots {
		dots[i] = "○"
		if i == s.idx%len(s.slides) {
			dots[i] = "●"
		}
	}
	s.dots.SetText(strings.Join(dots, " "))
}

func (s *attractScreen) nextSlide() {
	if len(s.slides) == 0 || s.heading == nil {
		return
	}
	s.idx = (s.idx + 1) % len(s.slides)
	s.showSlide()
}

func (s *attractScreen) onStart() {
	s.u.startSession()
	s.u.goHome()
}
