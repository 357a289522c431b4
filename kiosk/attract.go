package kiosk

import (
	"bytes"
	"image"
	"strings"
	"time"

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

func (s *attractScreen) id() screenID  { return scrAttract }
func (s *attractScreen) title() string { return "" }

func (s *attractScreen) build() fyne.CanvasObject {
	u := s.u
	if s.slides == nil {
		s.slides = u.slides.load(u.logf)
	}
	s.heading = subheading("")
	s.body = text("")
	s.img = canvas.NewImageFromImage(nil)
	s.img.FillMode = canvas.ImageFillContain
	s.img.SetMinSize(fyne.NewSize(280, 190))
	s.dots = widget.NewLabel("")
	s.dots.Alignment = fyne.TextAlignCenter
	s.showSlide()

	start := u.kit.primary(T("attract.start"), theme.NavigateNextIcon(), s.onStart)
	start.minH = 110
	start.IconPlacement = widget.ButtonIconTrailingText
	lang := u.languageButton()
	lang.minH = 80

	// Short lines: unwrapped labels measure once (wrapping re-measures at each layout).
	appTitle := heading(T("app.title"))
	appTitle.Alignment = fyne.TextAlignCenter
	appTitle.Wrapping = fyne.TextWrapOff
	sub := text(T("attract.subtitle"))
	sub.Alignment = fyne.TextAlignCenter
	sub.Wrapping = fyne.TextWrapOff

	slide := container.NewBorder(s.heading, s.dots, container.NewPadded(s.img), nil, container.NewVScroll(s.body))
	slideBox := box(colHeader, slide)
	top := container.NewStack(container.NewVBox(appTitle, sub), container.NewHBox(layout.NewSpacer(), container.NewVBox(lang)))
	return container.NewBorder(top, start, nil, nil, slideBox)
}

func (s *attractScreen) showSlide() {
	if len(s.slides) == 0 {
		s.heading.SetText(T("attract.no_slides_title"))
		s.body.SetText(T("attract.no_slides_body"))
		return
	}
	sl := s.slides[s.idx%len(s.slides)]
	s.heading.SetText(sl.TitleIn(s.u.Language()))
	s.body.SetText(sl.BodyIn(s.u.Language()))
	if img := s.u.slides.image(sl, s.u.logf); img != nil {
		s.img.Image = img
		s.img.Show()
	} else {
		s.img.Image = nil
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
	s.u.startSession("")
	s.u.goHome()
}

// slideShow holds the guidance slides, read once per UI (pictures are decoded once
// each, when first shown), so the attract screen, rebuilt after every session,
// allocates little; at is when the last slide turned.
type slideShow struct {
	slides []assets.Slide
	images map[string]image.Image
	at     time.Time
}

// load reads the slides the first time.
func (sh *slideShow) load(logf func(string, ...any)) []assets.Slide {
	if sh.slides != nil {
		return sh.slides
	}
	sl, err := assets.Slides()
	if err != nil {
		logf("slides: %v", err)
		return nil
	}
	sh.images = map[string]image.Image{}
	sh.slides = sl
	return sl
}

// image decodes a slide's picture the first time it is shown (not all at start: the
// attract screen's first frame waits for none but the first).
func (sh *slideShow) image(sl assets.Slide, logf func(string, ...any)) image.Image {
	if img, ok := sh.images[sl.ID]; ok {
		return img
	}
	var img image.Image
	if sl.Image != nil {
		if i, _, err := image.Decode(bytes.NewReader(sl.Image)); err == nil {
			img = i
		} else {
			logf("slide %s: %v", sl.ID, err)
		}
	}
	sh.images[sl.ID] = img
	return img
}
