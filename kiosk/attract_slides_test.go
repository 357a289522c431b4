package kiosk

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/cantho-kiosk/kiosk/assets"
)

// The slides' pictures reach the painter as *image.RGBA and are scaled by its GL
// filter: with any other kind, or Fyne's CPU scaling, every turn of the slides made
// megabytes of garbage while the kiosk waited between sessions.
func TestSlidePicturesNeedNoCopyNorCPUScaling(t *testing.T) {
	test.NewTempApp(t)
	var sh slideShow
	slides := sh.load(t.Logf)
	if len(slides) == 0 {
		t.Fatal("no slides")
	}
	var buf bytes.Buffer
	translucent := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	translucent.Set(1, 1, color.NRGBA{R: 200, A: 128})
	if err := png.Encode(&buf, translucent); err != nil {
		t.Fatal(err)
	}
	pictured := 0
	for _, sl := range append(slides, assets.Slide{ID: "translucent", Image: buf.Bytes()}) {
		if sl.Image == nil {
			continue
		}
		pictured++
		img, ok := sh.image(sl, t.Logf).(*image.RGBA)
		if !ok {
			t.Fatalf("slide %s: picture is a %T", sl.ID, sh.image(sl, t.Logf))
		}
		if sl.ID == "translucent" && img.RGBAAt(1, 1) != (color.RGBA{R: 100, A: 128}) {
			t.Errorf("converted pixel %v, want the premultiplied {100 0 0 128}", img.RGBAAt(1, 1))
		}
	}
	if pictured < 2 {
		t.Fatalf("%d slides with a picture", pictured)
	}
	v := &slideView{show: &sh, lang: func() string { return "vi" }, logf: t.Logf}
	v.build()
	if v.img.ScaleMode != canvas.ImageScaleFastest {
		t.Errorf("slide picture scale mode %v: Fyne scales it on the CPU at every turn", v.img.ScaleMode)
	}
}
