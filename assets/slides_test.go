package assets_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/cantho-kiosk/kiosk/assets"
)

func TestLoadSlidesRefusesBrokenDecks(t *testing.T) {
	png := &fstest.MapFile{Data: []byte("\x89PNG")}
	good := `{"id":"a","title":{"vi":"Tiêu đề","en":"Title"},"body":{"vi":"Nội dung","en":"Body"},"image":"a.png"}`
	cases := map[string]fstest.MapFS{
		"no file":         {},
		"bad json":        {"s/slides.json": {Data: []byte(`{"slides": [`)}},
		"empty deck":      {"s/slides.json": {Data: []byte(`{"slides": []}`)}},
		"no id":           {"s/slides.json": {Data: []byte(`{"slides":[{"title":{"vi":"a"},"body":{"vi":"b"}}]}`)}},
		"duplicate id":    {"s/slides.json": {Data: []byte(`{"slides":[` + good + `,` + good + `]}`)}, "s/a.png": png},
		"no vietnamese":   {"s/slides.json": {Data: []byte(`{"slides":[{"id":"a","title":{"en":"Title"},"body":{"en":"Body"}}]}`)}},
		"missing picture": {"s/slides.json": {Data: []byte(`{"slides":[` + good + `]}`)}},
		"empty vi title":  {"s/slides.json": {Data: []byte(`{"slides":[{"id":"a","title":{"vi":""},"body":{"vi":"b"}}]}`)}},
	}
	for name, fsys := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := assets.LoadSlides(fsys, "s")
			if !errors.Is(err, assets.ErrBadSlides) {
				t.Fatalf("err = %v, want ErrBadSlides", err)
			}
		})
	}
	t.Run("good", func(t *testing.T) {
		fsys := fstest.MapFS{"s/slides.json": {Data: []byte(`{"slides":[` + good + `]}`)}, "s/a.png": png}
		sl, err := assets.LoadSlides(fsys, "s")
		if err != nil {
			t.Fatal(err)
		}
		if len(sl) != 1 || string(sl[0].Image) != "\x89PNG" || sl[0].TitleIn("en") != "Title" {
			t.Fatalf("got %+v", sl)
		}
	})
}
