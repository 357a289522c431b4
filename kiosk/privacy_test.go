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

// A clerk who opens the back office over an assisted session and is then signed out
// (idle or the button) must not leave that resident's form on the public screen.
func TestStaffSignOutWipesTheSessionUnderTheBackOffice(t *testing.T) {
	for _, how := range []string{"idle", "button"} {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, nil)
			h.setPINs()
			h.signIn(testStaffPIN)
			h.tapText("Nộp hồ sơ giúp người dân")
			h.tapCard("Hộ tịch")
			h.tapCard("Đăng ký khai sinh")
			h.tapText("Bắt đầu nộp hồ sơ")
			h.ui.onQR(testCCCD)
			h.mustBeOn("identity")
			h.tapCorner() // the clerk looks at the queue, then leaves
			h.mustBeOnDesk("queue")
			if how == "idle" {
				h.clock.Add(staffIdleSignOut)
				h.ui.desk().tick()
			} else {
				h.tapText("Đăng xuất")
			}
			h.mustBeOn("attract")
			if h.ui.sess.started || h.ui.sess.applicant.Name != "" || h.ui.sess.assistedBy != "" {
				t.Fatalf("assisted session survived the sign-out: %+v", h.ui.sess)
			}
			if h.sees("Nguyễn Thị Ngọc Hường") {
				t.Fatalf("public screen shows the resident after sign-out: %q", h.screenText())
			}
		})
	}
}
