package kiosk

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
)

// shotIfAsked writes the window to $KIOSK_SHOTS/name.png when that is set (for review).
func (h *harness) shotIfAsked(name string) {
	h.t.Helper()
	dir := os.Getenv("KIOSK_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		h.t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, h.w.Canvas().Capture()); err != nil {
		h.t.Fatal(err)
	}
}

// pad is the PIN pad on screen.
func (h *harness) pad() *pinPad {
	h.t.Helper()
	h.mustBeOnDesk(deskPIN)
	return h.ui.desk.screen.(*pinPad)
}

// padKeysEnabled reports whether every key of the pad takes a tap (false: all disabled);
// it fails the test when some are and some are not.
func (h *harness) padKeysEnabled() bool {
	h.t.Helper()
	var on, off []string
	for _, k := range []string{"1", "0", T("staff.ok"), T("staff.erase")} {
		b := findButton(h.w.Canvas().Content(), k)
		if b == nil {
			h.t.Fatalf("no key %q on the pad", k)
		}
		if b.Disabled() {
			off = append(off, k)
		} else {
			on = append(on, k)
		}
	}
	if len(on) > 0 && len(off) > 0 {
		h.t.Fatalf("keys %q enabled, %q disabled", on, off)
	}
	return len(off) == 0
}

// Wrong PINs slow the pad down instead of locking it: three are free, the fourth makes
// it wait 2 s, the fifth 4 s (what a resident's five tries leave the clerk with), each
// shown as a live countdown with the keys disabled; the wait is in the store, so
// leaving and coming back does not skip it; the right PIN after it opens the queue.
func TestPINPadSlowsDown(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	h.tapCorner()
	h.typePIN("000000")
	h.mustSee("Mã PIN không đúng. Còn 2 lần thử trước khi phải chờ.")
	h.typePIN("000000")
	h.mustSee("Mã PIN không đúng. Còn 1 lần thử trước khi phải chờ.")
	h.typePIN("000000")
	h.mustSee("Mã PIN không đúng. Từ lần sai tiếp theo, mỗi lần phải chờ lâu hơn (tối đa 5 phút).")
	if !h.padKeysEnabled() {
		t.Fatal("keys disabled after three free wrong tries")
	}
	h.typePIN("000000")
	h.mustSee("Mã PIN sai nhiều lần. Vui lòng chờ 2 giây rồi thử lại.")
	h.deskFits()
	h.shotIfAsked("pin-wait")
	if h.padKeysEnabled() {
		t.Fatal("keys enabled during the wait")
	}
	p := h.pad()
	h.clock.Add(1500 * time.Millisecond)
	p.tick()
	h.mustSee("Mã PIN sai nhiều lần. Vui lòng chờ 1 giây rồi thử lại.")
	h.clock.Add(500 * time.Millisecond)
	p.tick()
	h.mustSee("Mời nhập lại mã PIN.")
	if !h.padKeysEnabled() {
		t.Fatal("keys still disabled after the wait")
	}
	// The fifth wrong try: 4 s.
	h.typePIN("000000")
	h.mustSee("Mã PIN sai nhiều lần. Vui lòng chờ 4 giây rồi thử lại.")
	// Leaving and coming back does not skip the wait (it is in the store).
	h.tapText("Hủy")
	h.mustBeOn(scrAttract)
	h.clock.Add(time.Second)
	h.tapCorner()
	h.mustSee("Mã PIN sai nhiều lần. Vui lòng chờ 3 giây rồi thử lại.")
	if h.padKeysEnabled() {
		t.Fatal("keys enabled during the wait after coming back")
	}
	if r, err := h.ui.desk.guard.SignIn(context.Background(), testStaffPIN); r != "" || err == nil {
		t.Fatalf("the right PIN opened a waiting pad: %q %v", r, err)
	}
	h.clock.Add(3 * time.Second)
	h.pad().tick()
	if !h.padKeysEnabled() {
		t.Fatal("keys still disabled after the wait")
	}
	h.typePIN(testStaffPIN)
	h.mustBeOnDesk(deskQueue)
	if s, _ := h.ui.desk.guard.State(context.Background()); s.Failures != 0 || s.Waiting() {
		t.Fatalf("a right PIN must end the slow-down: %+v", s)
	}
}

// However many wrong tries came before, the clerk waits at most 5 minutes, shown in
// minutes and seconds from a minute up (not "300 seconds"), in English and Vietnamese.
func TestPINPadWaitIsCappedAndInEnglish(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	ctx := context.Background()
	g := h.ui.desk.guard
	for i := 0; i < 30; i++ {
		g.SignIn(ctx, "000000")
		s, _ := g.State(ctx)
		h.clock.Add(s.Wait(h.clock.Now()))
	}
	g.SignIn(ctx, "000000") // the 31st: the pad now waits its longest
	h.tapText("English")
	h.tapCorner()
	h.mustSee("Wrong PIN several times. Please wait 5 min, then try again.")
	h.deskFits()
	h.shotIfAsked("pin-wait-en")
	if h.padKeysEnabled() {
		t.Fatal("keys enabled during the wait")
	}
	h.clock.Add(time.Second)
	h.pad().tick()
	h.mustSee("Wrong PIN several times. Please wait 4 min 59 s, then try again.")
	h.clock.Add(4*time.Minute - time.Second)
	h.pad().tick()
	h.mustSee("Wrong PIN several times. Please wait 1 min, then try again.")
	h.clock.Add(time.Second)
	h.pad().tick()
	h.mustSee("Wrong PIN several times. Please wait 59 seconds, then try again.")
	h.clock.Add(58 * time.Second)
	h.pad().tick()
	h.mustSee("Wrong PIN several times. Please wait 1 second, then try again.")
	h.clock.Add(-2 * time.Minute)
	h.tapText("Cancel")
	h.tapText("Tiếng Việt")
	h.tapCorner()
	h.mustSee("Mã PIN sai nhiều lần. Vui lòng chờ 2 phút 1 giây rồi thử lại.")
	h.clock.Add(access.MaxWait)
	h.pad().tick()
	h.mustSee("Mời nhập lại mã PIN.")
}

// The countdown runs by itself: the pad's own ticker redraws it as the (injected)
// clock moves, with no call from the test, and the keys come back at its end.
func TestPINPadCountdownTicksByItself(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.TickEvery = 0 })
	h.setPINs()
	h.tapCorner()
	for i := 0; i < 4; i++ {
		h.typePIN("000000")
	}
	h.mustSee("Mã PIN sai nhiều lần. Vui lòng chờ 2 giây rồi thử lại.")
	h.clock.Add(time.Second)
	h.eventually("the countdown at 1 s", func() bool { return h.sees("Mã PIN sai nhiều lần. Vui lòng chờ 1 giây rồi thử lại.") })
	h.clock.Add(time.Second)
	h.eventually("the keys back", func() bool { return h.sees("Mời nhập lại mã PIN.") && h.padKeysEnabled() })
}

// eventually waits up to 10 s of real time for cond, checked on the UI goroutine.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("never saw %s; screen shows %q", what, h.screenText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
