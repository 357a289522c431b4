package kiosk

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// fakeClock is the injected clock of the idle tests (the test kit's).
type fakeClock = gwtest.Clock

// harness is a kiosk UI on the test driver with a real store in a temp dir.
type harness struct {
	t     *testing.T
	ui    *UI
	w     fyne.Window
	st    *store.Store
	clock *fakeClock
	temp  string
}

func openTestStore(t *testing.T, dir string, now func() time.Time) *store.Store {
	t.Helper()
	return gwtest.KioskStore(t, dir, store.Options{Now: now}, "testdata/catalog.json")
}

// newHarness builds the UI; mod may adjust the deps (devices, uplink).
func newHarness(t *testing.T, mod func(*Deps)) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	dir := t.TempDir()
	clock := gwtest.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local))
	st := openTestStore(t, dir, clock.Now)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1366, 768))
	d := Deps{
		App: a, Window: w, Store: st,
		Translations: assets.Translations(),
		Now:          clock.Now,
		TickEvery:    -1,
		TempDir:      filepath.Join(dir, "tmp"),
		Windowed:     true,
		Logf:         t.Logf,
	}
	if mod != nil {
		mod(&d)
	}
	ui, err := New(context.Background(), d)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(ui.Close)
	return &harness{t: t, ui: ui, w: w, st: st, clock: clock, temp: d.TempDir}
}

// tapText taps the first button (or card) whose text is s, searching the whole window.
func (h *harness) tapText(s string) {
	h.t.Helper()
	b := findButton(h.w.Canvas().Content(), s)
	if b == nil {
		h.t.Fatalf("no button %q on screen %q", s, h.ui.current())
	}
	if b.Disabled() {
		h.t.Fatalf("button %q is disabled on screen %q", s, h.ui.current())
	}
	test.Tap(b)
}

func findButton(o fyne.CanvasObject, s string) *widget.Button {
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) bool {
		switch b := o.(type) {
		case *bigButton:
			if b.Text == s && b.Visible() {
				found = &b.Button
				return true
			}
		case *widget.Button:
			if b.Text == s && b.Visible() {
				found = b
				return true
			}
		}
		return false
	})
	return found
}

// tapCard taps the card whose title is s.
func (h *harness) tapCard(s string) {
	h.t.Helper()
	var btn *bigButton
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok {
			return false
		}
		objs := c.Objects
		if len(objs) == 3 { // a search result's square card: its background first
			if _, bg := objs[0].(*canvas.Rectangle); bg {
				objs = objs[1:]
			}
		}
		if len(objs) != 2 {
			return false
		}
		b, ok := objs[0].(*bigButton)
		if !ok || b.Text != "" {
			return false
		}
		if hasLabel(objs[1], s) {
			btn = b
			return true
		}
		return false
	})
	if btn == nil {
		h.t.Fatalf("no card %q on screen %q", s, h.ui.current())
	}
	test.Tap(btn)
}

func hasLabel(o fyne.CanvasObject, s string) bool {
	found := false
	walk(o, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && l.Text == s {
			found = true
		}
		if c, ok := o.(*cardText); ok {
			title, detail := c.texts()
			found = title == s || detail == s
		}
		return found
	})
	return found
}

// labels returns every visible label text on screen.
func (h *harness) screenText() []string {
	var out []string
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
			out = append(out, l.Text)
		}
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			out = append(out, t.Text)
		}
		if c, ok := o.(*cardText); ok {
			title, detail := c.texts()
			for _, t := range []string{title, detail} {
				if t != "" {
					out = append(out, t)
				}
			}
		}
		return false
	})
	return out
}

func (h *harness) sees(s string) bool {
	for _, t := range h.screenText() {
		if t == s {
			return true
		}
	}
	return false
}

// settleSearch waits until the search screen shows the results of the last query
// typed (the search runs off the UI thread).
func (h *harness) settleSearch() {
	h.t.Helper()
	s, ok := h.ui.cur.(*proceduresScreen)
	if !ok {
		h.t.Fatalf("not on the search screen but on %q", h.ui.current())
	}
	deadline := time.Now().Add(10 * time.Second)
	for !s.searchSettled() {
		if time.Now().After(deadline) {
			h.t.Fatalf("no search results for %q after 10 s", s.query)
		}
		time.Sleep(time.Millisecond)
	}
}

func (h *harness) mustSee(s string) {
	h.t.Helper()
	if !h.sees(s) {
		h.t.Fatalf("screen %q does not show %q; it shows %q", h.ui.current(), s, h.screenText())
	}
}

func (h *harness) mustBeOn(id screenID) {
	h.t.Helper()
	if got := h.ui.current(); got != id {
		h.t.Fatalf("on screen %v, want %v", got, id)
	}
}

// walk visits o and its descendants (containers and widget renderers) until f says stop.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return false
	}
	if f(o) {
		return true
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			if walk(ch, f) {
				return true
			}
		}
	case fyne.Widget:
		r := test.WidgetRenderer(c)
		if r == nil {
			return false
		}
		for _, ch := range r.Objects() {
			if walk(ch, f) {
				return true
			}
		}
	}
	return false
}

// reachCountdown takes a receipt shown for timeout to its last seconds: no countdown
// with 16 s left, then "14 giây" and "Giữ lại" 2 s later.
func (h *harness) reachCountdown(timeout time.Duration) {
	h.t.Helper()
	h.clock.Add(timeout - receiptWarnBefore - time.Second)
	h.ui.Tick()
	if h.sees("Giữ lại") {
		h.t.Fatal("the countdown shows with 16 s left")
	}
	h.clock.Add(2 * time.Second)
	h.ui.Tick()
	h.mustSee("Màn hình này sẽ đóng sau 14 giây.")
}
