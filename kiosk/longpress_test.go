package kiosk

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// holdLongPress presses l and moves its clock past the whole hold, as a finger held
// down for the hold time does.
func holdLongPress(l *longPress) {
	l.MouseDown(&desktop.MouseEvent{})
	l.advance(l.start.Add(l.hold))
}

// pressPatch is a bare long-press patch for the tests.
type pressPatch struct{ longPress }

func newPressPatch(t *testing.T, now func() time.Time, onLong func()) *pressPatch {
	t.Helper()
	test.NewTempApp(t)
	p := &pressPatch{}
	p.initLongPress(p, staffHold, now, "·", onLong)
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(200, 200))
	t.Cleanup(p.release)
	return p
}

// The action runs only after the whole hold, once; the ring shows how far the press is.
func TestLongPressNeedsTheWholeHold(t *testing.T) {
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	fired := 0
	p := newPressPatch(t, func() time.Time { return clock }, func() { fired++ })
	if p.ring.Visible() {
		t.Fatal("the ring shows before any press")
	}
	p.MouseDown(&desktop.MouseEvent{})
	if !p.ticking() {
		t.Fatal("no ticker runs while held")
	}
	for _, c := range []struct {
		at       time.Duration
		progress float32
	}{{0, 0}, {750 * time.Millisecond, 0.25}, {1500 * time.Millisecond, 0.5}, {2999 * time.Millisecond, 0.9996667}} {
		p.advance(clock.Add(c.at))
		if d := p.Progress() - c.progress; d > 0.001 || d < -0.001 || fired != 0 {
			t.Fatalf("at %v: progress %v (want %v), fired %d", c.at, p.Progress(), c.progress, fired)
		}
	}
	if !p.ring.Visible() || p.ring.EndAngle < 359 || p.ring.EndAngle > 360 {
		t.Errorf("near the end the ring is almost full: visible %v, end angle %v", p.ring.Visible(), p.ring.EndAngle)
	}
	p.advance(clock.Add(staffHold))
	if fired != 1 {
		t.Fatalf("after the hold: fired %d times, want 1", fired)
	}
	if p.ring.Visible() || p.Progress() != 0 || p.ticking() {
		t.Error("after the action the ring must be empty and the ticker stopped")
	}
	p.advance(clock.Add(2 * staffHold)) // still held: nothing more
	p.MouseUp(&desktop.MouseEvent{})
	if fired != 1 {
		t.Errorf("fired %d times for one press", fired)
	}
}

// Lifting early, sliding off or a plain tap (the patch takes none) does nothing, and the ring empties.
func TestLongPressCancels(t *testing.T) {
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	fired := 0
	p := newPressPatch(t, func() time.Time { return clock }, func() { fired++ })
	p.MouseDown(&desktop.MouseEvent{})
	p.advance(clock.Add(2 * time.Second))
	p.MouseUp(&desktop.MouseEvent{})
	if p.Progress() != 0 || p.ring.Visible() || p.ticking() {
		t.Error("lifting the finger must empty the ring and stop the ticker")
	}
	p.advance(clock.Add(10 * time.Second))
	p.MouseDown(&desktop.MouseEvent{})
	p.advance(clock.Add(time.Second))
	p.MouseOut()
	p.advance(clock.Add(10 * time.Second))
	if _, ok := any(p).(fyne.Tappable); ok {
		t.Error("a tap must not reach the patch")
	}
	if fired != 0 {
		t.Errorf("fired %d times without a whole hold", fired)
	}
	// A new press starts from zero.
	clock = clock.Add(time.Minute)
	p.MouseDown(&desktop.MouseEvent{})
	p.advance(clock.Add(staffHold - time.Millisecond))
	if fired != 0 {
		t.Fatal("a new press must start its own hold")
	}
	p.advance(clock.Add(staffHold))
	if fired != 1 {
		t.Errorf("fired %d, want 1", fired)
	}
}

// The ticker drives the ring through fyne.Do with the real clock (no sleeping in the
// test: the hold is run to its end by the ticker, waited for with a bound).
func TestLongPressTickerCompletesTheHold(t *testing.T) {
	done := make(chan struct{})
	p := newPressPatch(t, nil, func() { close(done) })
	p.hold = 120 * time.Millisecond
	p.MouseDown(&desktop.MouseEvent{})
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the ticker never completed the hold")
	}
	if p.ticking() {
		t.Error("the ticker still runs after the action")
	}
}

// On the resident's screens a tap on the staff corner does nothing; holding it for
// three seconds opens the PIN pad.
func TestStaffCornerNeedsALongPress(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	var c *staffCorner
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		c, _ = o.(*staffCorner)
		return c != nil
	})
	if c == nil {
		t.Fatal("no staff corner")
	}
	if c.hold != 3*time.Second {
		t.Errorf("hold %v, want 3s", c.hold)
	}
	if s := c.MinSize(); s.Width < 64 {
		t.Errorf("corner %v is narrower than a fingertip", s)
	}
	if _, ok := any(c).(fyne.Tappable); ok {
		t.Error("the corner must not take taps")
	}
	c.MouseDown(&desktop.MouseEvent{})
	c.advance(c.start.Add(2 * time.Second))
	c.MouseUp(&desktop.MouseEvent{})
	if h.ui.desk.view != deskNone {
		t.Fatalf("a tap or a short press opened %q", h.ui.desk.view)
	}
	h.tapCorner()
	h.mustBeOnDesk(deskPIN)
}
