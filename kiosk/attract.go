package kiosk

import (
	"bytes"
	"image"
	"image/draw"
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
	kit      kit
	slides   slideView
	language func() *bigButton // the language switch
	start    func()            // begins a resident's session
}

func (s *attractScreen) id() screenID  { return scrAttract }
func (s *attractScreen) title() string { return "" }

func (s *attractScreen) build() fyne.CanvasObject {
	slide := s.slides.build()

	start := s.kit.primary(T("attract.start"), theme.NavigateNextIcon(), s.start)
	start.minH = 110
	start.IconPlacement = widget.ButtonIconTrailingText
	lang := s.language()
	lang.minH = 80

	// Short lines: unwrapped labels measure once (wrapping re-measures at each layout).
	appTitle := heading(T("app.title"))
	appTitle.Alignment = fyne.TextAlignCenter
	appTitle.Wrapping = fyne.TextWrapOff
	sub := text(T("attract.subtitle"))
	sub.Alignment = fyne.TextAlignCenter
	sub.Wrapping = fyne.TextWrapOff

	slideBox := box(colHeader, slide)
	top := container.NewStack(container.NewVBox(appTitle, sub), container.NewHBox(layout.NewSpacer(), container.NewVBox(lang)))
	return container.NewBorder(top, start, nil, nil, slideBox)
}

// nextSlide turns the slide (the UI's ticker calls it).
func (s *attractScreen) nextSlide() { s.slides.next() }

// slideView shows one guidance slide at a time (title, picture, text, a dot per slide),
// for the attract screen and the guide.
type slideView struct {
	show    *slideShow
	lang    func() string
	logf    func(string, ...any)
	slides  []assets.Slide
	idx     int
	heading *widget.Label
	body    *widget.Label
	img     *canvas.Image
	dots    *widget.Label
}

// build makes the slide's widgets and shows the current slide.
func (v *slideView) build() fyne.CanvasObject {
	if v.slides == nil {
		v.slides = v.show.load(v.logf)
	}
	v.heading = subheading("")
	v.body = text("")
	v.img = canvas.NewImageFromImage(nil)
	v.img.FillMode = canvas.ImageFillContain
	// Scaled by the GL painter's linear filter (the pictures are 640×400, shown at
	// about that size): with the default smooth scaling Fyne rescales the picture on
	// the CPU at every turn of the slides (CatmullRom, with megabytes of scratch
	// buffers), about 1 MB/s of garbage while the kiosk waits between sessions.
	v.img.ScaleMode = canvas.ImageScaleFastest
	v.img.SetMinSize(fyne.NewSize(280, 190))
	v.dots = widget.NewLabel("")
	v.dots.Alignment = fyne.TextAlignCenter
	v.showSlide()
	// The dots share the heading's line: the body gets their row's height (at 27 px
	// the first slide's last line was under the scroll's edge at 768 lines).
	return container.NewBorder(container.NewBorder(nil, nil, nil, v.dots, v.heading), nil, container.NewPadded(v.img), nil, newGuardScroll(v.body))
}

func (v *slideView) showSlide() {
	if len(v.slides) == 0 {
		v.heading.SetText(T("attract.no_slides_title"))
		v.body.SetText(T("attract.no_slides_body"))
		return
	}
	sl := v.slides[v.idx%len(v.slides)]
	v.heading.SetText(sl.TitleIn(v.lang()))
	v.body.SetText(sl.BodyIn(v.lang()))
	if img := v.show.image(sl, v.logf); img != nil {
		v.img.Image = img
		v.img.Show()
	} else {
		v.img.Image = nil
		v.img.Hide()
	}
	v.img.Refresh()
	dots := make([]string, len(v.slides))
	for i := range dots {
		dots[i] = "○"
		if i == v.idx%len(v.slides) {
			dots[i] = "●"
		}
	}
	v.dots.SetText(strings.Join(dots, " "))
}

// next and prev turn the slides round.
func (v *slideView) next() { v.step(1) }
func (v *slideView) prev() { v.step(-1) }

func (v *slideView) step(d int) {
	n := len(v.slides)
	if n == 0 || v.heading == nil {
		return
	}
	v.idx = (v.idx + n + d) % n
	v.showSlide()
}

// slideShow holds the guidance slides, read once per UI (pictures are decoded once
// each, when first shown), so the attract screen, rebuilt after every session,
// allocates little; at is when the last slide turned.
type slideShow struct {
	slides []assets.Slide
	images map[string]image.Image
	at     time.Time
}

// asRGBA returns img as an *image.RGBA, which the GL painter uploads as it is (any
// other kind it copies into a new one at every turn of the slides).
func asRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	r := image.NewRGBA(img.Bounds())
	draw.Draw(r, r.Bounds(), img, r.Bounds().Min, draw.Src)
	return r
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
			img = asRGBA(i)
		} else {
			logf("slide %s: %v", sl.ID, err)
		}
	}
	sh.images[sl.ID] = img
	return img
}
