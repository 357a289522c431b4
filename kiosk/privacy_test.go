package kiosk

import (
	"testing"
	"time"
)

// A resident's half-filled session must not survive under the PIN pad: the pad has no
// sign-out clock of its own (nobody is signed in), so the resident's idle clock applies.
func TestPINPadLeftOpenOverASessionStillWipesIt(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.IdleTimeout = 60 * time.Second
		d.IdleWarning = 20 * time.Second
	})
	h.setPINs()
	h.toForm()
	h.formInput("ten_tre").setValue("Trần Minh Khôi")
	h.tapCorner() // someone touches the discreet corner, then everybody walks away
	h.mustBeOnDesk("pin")
	h.clock.Add(60 * time.Second)
	h.ui.Tick()
	h.mustBeOn("idle")
	h.clock.Add(20 * time.Second)
	h.ui.Tick()
	h.mustBeOn("attract")
	if h.ui.sess.started || h.ui.sess.applicant.Name != "" || len(h.ui.sess.fields) != 0 {
		t.Fatalf("session kept under the PIN pad: %+v", h.ui.sess)
	}
	if h.ui.desk().view != "" {
		t.Fatalf("back office still thinks it shows %q", h.ui.desk().view)
	}
	if h.sees("Trần Minh Khôi") || h.sees("Nguyễn Thị Ngọc Hường") {
		t.Fatalf("the next person sees the last resident's data: %q", h.screenText())
	}
}

