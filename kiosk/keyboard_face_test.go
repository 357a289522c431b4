package kiosk

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// The keys at rest are painted on their grid's face, one image under them: each
// key's tile in its colour with its label on it, while the key itself draws nothing.
// A key under the finger draws itself over the face, and a new label is on the face.
func TestKeyboardFacePaintsTheKeysAtRest(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	face := r.k.letters.face
	paint := func() image.Image {
		s := face.raster.Size()
		return face.paint(int(s.Width), int(s.Height))
	}
	img := paint()
	// inked counts the pixels of b's middle (its border left out) not in its tile colour.
	inked := func(img image.Image, b *keyButton) int {
		p, s := b.Position(), b.Size()
		n := 0
		for y := int(p.Y + 4); y < int(p.Y+s.Height-4); y++ {
			for x := int(p.X + 4); x < int(p.X+s.Width-4); x++ {
				if !sameColour(img.At(x, y), b.restingLook().bg) {
					n++
				}
			}
		}
		return n
	}
	for _, id := range []string{"q", "ă", "shift", "done", "tone.dot"} {
		b := r.key(id)
		p := b.Position()
		if got := img.At(int(p.X+8), int(p.Y+8)); !sameColour(got, b.restingLook().bg) {
			t.Errorf("key %q: face tile colour %v, want %v", id, got, b.restingLook().bg)
		}
		if got := img.At(px(p.X), px(p.Y)); !sameColour(got, b.restingLook().stroke) {
			t.Errorf("key %q: face border colour %v, want %v", id, got, b.restingLook().stroke)
		}
		if n := inked(img, b); n < 20 {
			t.Errorf("key %q: its label %q left %d pixels on the face", id, b.label, n)
		}
		bg, text := keyParts(t, b)
		if bg.FillColor != color.Transparent || bg.StrokeWidth != 0 || text.Visible() {
			t.Errorf("key %q at rest draws itself: fill %v stroke %v text shown %v", id, bg.FillColor, bg.StrokeWidth, text.Visible())
		}
	}
	if r.inkedBetweenKeys(img) {
		t.Error("the face paints between the keys")
	}

	q := r.key("q")
	q.MouseDown(&desktop.MouseEvent{})
	if bg, text := keyParts(t, q); !sameColour(bg.FillColor, q.look().bg) || !text.Visible() || text.Text != "q" {
		t.Errorf("pressed key: fill %v (want %v), label %q shown %v", bg.FillColor, q.look().bg, text.Text, text.Visible())
	}
	q.MouseUp(&desktop.MouseEvent{})
	if bg, text := keyParts(t, q); bg.FillColor != color.Transparent || text.Visible() {
		t.Error("released key still draws itself over the face")
	}

	shift := r.key("shift")
	before := inked(img, shift)
	test.Tap(shift)
	test.Tap(shift) // locked: the label says so in capitals
	if after := inked(paint(), shift); after == before {
		t.Errorf("shift's label changed to %q but its face is the same (%d inked pixels)", shift.label, after)
	}
}

// A face painted once is kept while it shows the same: a capital typed with shift
// (the letters' labels change with it) comes back to the face without painting it
// again; new labels make a new face.
func TestKeyboardFaceKeptWhileTheLabelsAreTheSame(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	face := r.k.letters.face
	s := face.raster.Size()
	get := func() image.Image { return face.image(int(s.Width), int(s.Height)) }
	lower := get()
	if get() != lower {
		t.Fatal("the same face was painted again")
	}
	test.Tap(r.key("shift")) // one capital: the letters show capitals
	upper := get()
	if upper == lower {
		t.Fatalf("the letters show %q but the face is the one kept for lower case", r.key("q").label)
	}
	r.tap("q") // types Q, shift lets go
	if r.key("q").label != "q" || get() != lower {
		t.Errorf("back to lower case (q shows %q), the face was painted again instead of kept", r.key("q").label)
	}
	test.Tap(r.key("shift"))
	if get() != upper {
		t.Error("capitals again, the face was painted again instead of kept")
	}
}

// inkedBetweenKeys reports whether the face has paint in the gap left of the w key.
func (r *keyboardRig) inkedBetweenKeys(img image.Image) bool {
	b := r.key("w")
	y := int(b.Position().Y + b.Size().Height/2)
	_, _, _, a := img.At(int(b.Position().X-keyGap/2), y).RGBA()
	return a != 0
}

func keyParts(t *testing.T, b *keyButton) (*canvas.Rectangle, *canvas.Text) {
	t.Helper()
	objs := test.WidgetRenderer(b).Objects()
	return objs[0].(*canvas.Rectangle), objs[1].(*canvas.Text)
}

func sameColour(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar>>8 == br>>8 && ag>>8 == bg>>8 && ab>>8 == bb>>8 && aa>>8 == ba>>8
}
