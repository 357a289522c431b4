package kiosk

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// benchKeys is typed over and over: a full name, in Telex, lower case.
const benchKeys = "nguyeenx thij ngocj huwowngf "

// benchTaps measures each call of tap(r) for the runes of benchKeys and reports
// the 99th percentile in microseconds; reset empties the field now and then.
func benchTaps(b *testing.B, tap func(rune), reset func()) {
	keys := []rune(benchKeys)
	durs := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		t0 := time.Now()
		tap(keys[i])
		durs = append(durs, time.Since(t0))
		if i++; i == len(keys) {
			i = 0
			reset()
		}
	}
	slices.Sort(durs)
	if len(durs) > 0 {
		b.ReportMetric(float64(durs[len(durs)*99/100].Nanoseconds())/1e3, "p99-us")
	}
}

func benchRig(b *testing.B) (*Keyboard, *widget.Entry) {
	test.NewTempApp(b)
	k := NewKeyboard(typing.Telex)
	e := widget.NewEntry()
	w := test.NewTempWindow(b, container.NewBorder(e, nil, nil, nil, k))
	w.Resize(fyne.NewSize(1366, 768))
	k.Attach(e)
	return k, e
}

// BenchmarkKeyboardTap: one tap on the on-screen keyboard until the entry holds
// the composed text (headless driver: layout and refresh, no GPU paint).
func BenchmarkKeyboardTap(b *testing.B) {
	k, e := benchRig(b)
	keys := map[rune]*keyButton{}
	for _, r := range benchKeys {
		id := string(r)
		if r == ' ' {
			id = "space"
		}
		keys[r] = k.letterKeys[id]
	}
	benchTaps(b, func(r rune) { test.Tap(keys[r]) }, func() { e.SetText("") })
}

// BenchmarkEntryTypedRune is the baseline: the same keys typed into the entry as
// a hardware keyboard would, without composition.
func BenchmarkEntryTypedRune(b *testing.B) {
	_, e := benchRig(b)
	benchTaps(b, func(r rune) { e.TypedRune(r) }, func() { e.SetText("") })
}
