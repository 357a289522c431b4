package assets_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/assets"
)

func TestIcon(t *testing.T) {
	b := assets.Icon()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("icon is not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(512, 512) {
		t.Errorf("icon is %v, want 512x512", got)
	}
	// Transparent outside the rounded square, opaque in the middle.
	if _, _, _, a := img.At(1, 1).RGBA(); a != 0 {
		t.Errorf("icon corner alpha = %d, want transparent", a)
	}
	if _, _, _, a := img.At(256, 256).RGBA(); a != 0xffff {
		t.Errorf("icon centre alpha = %d, want opaque", a)
	}
	b[0] = 0
	if assets.Icon()[0] == 0 {
		t.Error("Icon returns shared memory")
	}
}

func TestSlidesLoadInBothLanguages(t *testing.T) {
	slides, err := assets.Slides()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(slides); n < 5 || n > 7 {
		t.Fatalf("%d slides, want 5 to 7", n)
	}
	for _, s := range slides {
		for _, lang := range []string{"vi", "en"} {
			if s.Title[lang] == "" || s.Body[lang] == "" {
				t.Errorf("slide %s: no %s title or body", s.ID, lang)
			}
			if s.TitleIn(lang) != s.Title[lang] || s.BodyIn(lang) != s.Body[lang] {
				t.Errorf("slide %s: TitleIn/BodyIn(%s) does not return the %s text", s.ID, lang, lang)
			}
		}
		if s.Title["vi"] == s.Title["en"] {
			t.Errorf("slide %s: Vietnamese and English titles are identical", s.ID)
		}
		if s.ImageName == "" || len(s.Image) == 0 {
			t.Errorf("slide %s: no picture", s.ID)
			continue
		}
		img, err := png.Decode(bytes.NewReader(s.Image))
		if err != nil {
			t.Errorf("slide %s: picture is not a PNG: %v", s.ID, err)
			continue
		}
		if sz := img.Bounds().Size(); sz.X < 320 || sz.Y < 200 {
			t.Errorf("slide %s: picture %v is too small for a kiosk screen", s.ID, sz)
		}
		if len(s.Image) > 60<<10 {
			t.Errorf("slide %s: picture is %d bytes, want under 60 KB", s.ID, len(s.Image))
		}
	}
	// Unknown languages fall back to Vietnamese.
	if got := slides[0].TitleIn("fr"); got != slides[0].Title["vi"] {
		t.Errorf("TitleIn(fr) = %q, want the Vietnamese title", got)
	}
}

// TestSlidesCoverTheGuidance checks the deck says what the city plan asks residents be
// told: the two levels with both names, what to bring, tracking, help and privacy.
func TestSlidesCoverTheGuidance(t *testing.T) {
	slides, err := assets.Slides()
	if err != nil {
		t.Fatal(err)
	}
	var vi strings.Builder
	for _, s := range slides {
		vi.WriteString(strings.ToLower(s.Title["vi"] + "\n" + s.Body["vi"] + "\n"))
	}
	for _, want := range []string{"mức độ 3", "mức độ 4", "một phần", "toàn trình", "căn cước", "máy quét",
		"mã biên nhận", "tra cứu", "bưu điện", "xóa"} {
		if !strings.Contains(vi.String(), want) {
			t.Errorf("no slide mentions %q", want)
		}
	}
}

func TestTranslations(t *testing.T) {
	langs := assets.Languages()
	for _, want := range []string{"vi", "en"} {
		if !slices.Contains(langs, want) {
			t.Errorf("Languages() = %v, missing %s", langs, want)
		}
		var m map[string]string
		if err := json.Unmarshal(assets.Translation(want), &m); err != nil {
			t.Errorf("%s.json: %v", want, err)
		}
		if m["app.title"] == "" {
			t.Errorf("%s.json has no app.title", want)
		}
		b, err := fs.ReadFile(assets.Translations(), want+".json")
		if err != nil || !bytes.Equal(b, assets.Translation(want)) {
			t.Errorf("Translations() and Translation(%s) disagree (err %v)", want, err)
		}
	}
	if assets.Translation("xx") != nil {
		t.Error("Translation of an unknown language should be nil")
	}
}
