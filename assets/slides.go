package assets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
)

// DefaultLang is the language the kiosk starts in and the one every slide must have.
const DefaultLang = "vi"

// Errors of the slide deck.
var (
	// ErrBadSlides means the embedded deck is malformed (a broken build, not a runtime state).
	ErrBadSlides = errors.New("assets: bad slide deck")
)

// Slide is one guidance slide of the attract screen.
type Slide struct {
	ID string `json:"id"`
	// Title and Body map a language code ("vi", "en") to text. Body may hold
	// several paragraphs separated by "\n".
	Title map[string]string `json:"title"`
	Body  map[string]string `json:"body"`
	// ImageName is the PNG file under slides/ ("" when the slide has no picture).
	ImageName string `json:"image,omitempty"`
	// Image is the PNG content of ImageName, nil when there is none.
	Image []byte `json:"-"`
	// Seconds is how long the attract screen shows the slide; 0 means its default.
	Seconds int `json:"seconds,omitempty"`
}

// TitleIn returns the title in lang, falling back to Vietnamese.
func (s Slide) TitleIn(lang string) string { return pick(s.Title, lang) }

// BodyIn returns the body in lang, falling back to Vietnamese.
func (s Slide) BodyIn(lang string) string { return pick(s.Body, lang) }

func pick(m map[string]string, lang string) string {
	if t, ok := m[lang]; ok && t != "" {
		return t
	}
	return m[DefaultLang]
}

type deck struct {
	Slides []Slide `json:"slides"`
}

// Slides returns the guidance slides in display order, with their pictures loaded.
// It fails (wrapping ErrBadSlides) when the deck is malformed: a slide without id,
// without Vietnamese title or body, with a duplicate id or a missing picture.
func Slides() ([]Slide, error) {
	return loadSlides(slidesFS, "slides")
}

// loadSlides reads dir/slides.json and the pictures it names from fsys.
func loadSlides(fsys fs.FS, dir string) ([]Slide, error) {
	raw, err := fs.ReadFile(fsys, path.Join(dir, "slides.json"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSlides, err)
	}
	var d deck
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("%w: slides.json: %v", ErrBadSlides, err)
	}
	if len(d.Slides) == 0 {
		return nil, fmt.Errorf("%w: no slides", ErrBadSlides)
	}
	seen := map[string]bool{}
	for i := range d.Slides {
		s := &d.Slides[i]
		switch {
		case s.ID == "":
			return nil, fmt.Errorf("%w: slide %d has no id", ErrBadSlides, i)
		case seen[s.ID]:
			return nil, fmt.Errorf("%w: duplicate slide id %q", ErrBadSlides, s.ID)
		case s.Title[DefaultLang] == "" || s.Body[DefaultLang] == "":
			return nil, fmt.Errorf("%w: slide %q lacks Vietnamese title or body", ErrBadSlides, s.ID)
		}
		seen[s.ID] = true
		if s.ImageName != "" {
			img, err := fs.ReadFile(fsys, path.Join(dir, s.ImageName))
			if err != nil {
				return nil, fmt.Errorf("%w: slide %q: %v", ErrBadSlides, s.ID, err)
			}
			s.Image = img
		}
	}
	return d.Slides, nil
}
