package access_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	return gwtest.KioskStore(t, dir, store.Options{}, "")
}

func TestValidPIN(t *testing.T) {
	for pin, want := range map[string]bool{"1234": false, "12345": false, "482913": true, "48291375": true, "123": false,
		"123456789": false, "12a456": false, "": false, "１２３４５６": false, "12 345": false, "000000": false, "123456": false,
		"87654321": false, "890123": false, "112233": true} {
		if got := access.ValidPIN(pin); got != want {
			t.Errorf("ValidPIN(%q) = %v, want %v", pin, got, want)
		}
	}
}

func TestPINsAreStoredOnlyAsArgon2idHashes(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, t.TempDir())
	if err := access.SetPIN(ctx, st, access.Staff, "482913"); err != nil {
		t.Fatal(err)
	}
	h, _ := st.Setting(ctx, "access.pin.staff")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "482913") {
		t.Fatalf("stored %q", h)
	}
	// The same PIN hashes differently each time (salted).
	if err := access.SetPIN(ctx, st, access.Staff, "482913"); err != nil {
		t.Fatal(err)
	}
	if h2, _ := st.Setting(ctx, "access.pin.staff"); h2 == h {
		t.Fatal("two hashes of one PIN are equal: no salt")
	}
	for _, bad := range []string{"12", "abcd", "123456789", "1234", "111111", "234567"} {
		if err := access.SetPIN(ctx, st, access.Official, bad); !errors.Is(err, access.ErrBadPIN) {
			t.Errorf("SetPIN(%q) = %v, want ErrBadPIN", bad, err)
		}
	}
	if err := access.SetPIN(ctx, st, access.Official, "482913"); !errors.Is(err, access.ErrSamePIN) {
		t.Fatalf("official PIN equal to staff PIN: %v", err)
	}
	if err := access.SetPIN(ctx, st, "mayor", "481516"); !errors.Is(err, access.ErrBadRole) {
		t.Fatalf("unknown role: %v", err)
	}
	if ok, _ := access.HasPIN(ctx, st, access.Official); ok {
		t.Fatal("a refused PIN was stored")
	}
}

func TestSignInRolesAndSlowDown(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openStore(t, dir)
	clk := gwtest.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	g := access.NewGuard(st, clk.Now)
	if _, err := g.SignIn(ctx, "481516"); !errors.Is(err, access.ErrNoPIN) {
		t.Fatalf("no PIN set: %v", err)
	}
	if err := access.SetPIN(ctx, st, access.Staff, "481516"); err != nil {
		t.Fatal(err)
	}
	if err := access.SetPIN(ctx, st, access.Official, "9876512"); err != nil {
		t.Fatal(err)
	}
	if r, err := g.SignIn(ctx, "481516"); err != nil || r != access.Staff {
		t.Fatalf("staff PIN: %v %v", r, err)
	}
	if r, err := g.SignIn(ctx, "9876512"); err != nil || r != access.Official {
		t.Fatalf("official PIN: %v %v", r, err)
	}
	// Three wrong tries are free; a right one resets the count.
	for i := 0; i < 3; i++ {
		if _, err := g.SignIn(ctx, "000000"); !errors.Is(err, access.ErrWrongPIN) {
			t.Fatalf("wrong try %d: %v", i+1, err)
		}
	}
	if s, _ := g.State(ctx); s.Failures != 3 || s.FreeLeft != 0 || s.Waiting() {
		t.Fatalf("after 3 wrong tries: %+v", s)
	}
	if _, err := g.SignIn(ctx, "481516"); err != nil {
		t.Fatal(err)
	}
	if s, _ := g.State(ctx); s.Failures != 0 || s.FreeLeft != access.FreeTries {
		t.Fatalf("a right PIN must reset the count: %+v", s)
	}
	// The fourth wrong try in a row makes the pad wait 2 s, even for the right PIN,
	// across a restart; the refused try does not count.
	for i := 0; i < 4; i++ {
		if _, err := g.SignIn(ctx, "555555"); !errors.Is(err, access.ErrWrongPIN) {
			t.Fatalf("wrong try %d: %v", i+1, err)
		}
	}
	st.Close()
	st = openStore(t, dir)
	g = access.NewGuard(st, clk.Now)
	s, err := g.State(ctx)
	if err != nil || !s.WaitUntil.Equal(clk.Now().Add(2*time.Second)) || s.Wait(clk.Now()) != 2*time.Second || s.Failures != 4 {
		t.Fatalf("after restart: %+v %v", s, err)
	}
	clk.Add(1999 * time.Millisecond)
	if _, err := g.SignIn(ctx, "481516"); !errors.Is(err, access.ErrWait) {
		t.Fatalf("right PIN while waiting: %v", err)
	}
	if s, _ := g.State(ctx); s.Failures != 4 {
		t.Fatalf("a try refused while waiting counted: %+v", s)
	}
	clk.Add(time.Millisecond)
	if s, _ := g.State(ctx); s.Waiting() || s.Wait(clk.Now()) != 0 {
		t.Fatalf("after the wait: %+v", s)
	}
	if r, err := g.SignIn(ctx, "481516"); err != nil || r != access.Staff {
		t.Fatalf("after the wait: %v %v", r, err)
	}
}

// Each wrong try past the free ones doubles the wait, up to 5 minutes and never more
// however long the guessing goes on (the old lock-out let a resident lock the clerk
// out for up to a day); the count survives a restart and a right PIN ends it.
func TestWaitGrowsToTheCap(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openStore(t, dir)
	clk := gwtest.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if err := access.SetPIN(ctx, st, access.Staff, "481516"); err != nil {
		t.Fatal(err)
	}
	g := access.NewGuard(st, clk.Now)
	var got []time.Duration
	for i := 0; i < 14; i++ {
		if i == 6 { // a restart in between changes nothing
			st.Close()
			st = openStore(t, dir)
			g = access.NewGuard(st, clk.Now)
		}
		if _, err := g.SignIn(ctx, "000000"); !errors.Is(err, access.ErrWrongPIN) {
			t.Fatalf("wrong try %d: %v", i+1, err)
		}
		s, _ := g.State(ctx)
		d := s.Wait(clk.Now())
		got = append(got, d)
		clk.Add(d)
	}
	sec := time.Second
	want := []time.Duration{0, 0, 0, 2 * sec, 4 * sec, 8 * sec, 16 * sec, 32 * sec, 64 * sec, 128 * sec, 256 * sec,
		5 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("waits %v, want %v", got, want)
		}
	}
	// At the cap: 288 tries a day, far from the 10^6 a 6-digit PIN needs.
	if perDay := int(24 * time.Hour / access.MaxWait); perDay != 288 || access.WaitAfter(1000) != access.MaxWait {
		t.Fatalf("%d tries a day at the cap; WaitAfter(1000) = %v", perDay, access.WaitAfter(1000))
	}
	if r, err := g.SignIn(ctx, "481516"); err != nil || r != access.Staff {
		t.Fatalf("right PIN after the wait: %v %v", r, err)
	}
	for i := 0; i < access.FreeTries; i++ {
		g.SignIn(ctx, "000000")
	}
	if s, _ := g.State(ctx); s.Waiting() {
		t.Fatalf("after a right PIN the free tries are free again: %+v", s)
	}
}

// A clock set back (or a forged far-future wait in the settings) never makes the pad
// wait longer than MaxWait.
func TestWaitNeverExceedsTheCap(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, t.TempDir())
	clk := gwtest.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if err := access.SetPIN(ctx, st, access.Staff, "481516"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 12; i++ {
		access.NewGuard(st, clk.Now).SignIn(ctx, "000000")
	}
	clk.Add(-24 * time.Hour) // the clock goes back a day
	g := access.NewGuard(st, clk.Now)
	if s, _ := g.State(ctx); s.Wait(clk.Now()) != access.MaxWait {
		t.Fatalf("after the clock went back: wait %v, want %v", s.Wait(clk.Now()), access.MaxWait)
	}
	// An old version's lock-out of a day is not read.
	st2 := openStore(t, t.TempDir())
	access.SetPIN(ctx, st2, access.Staff, "481516")
	st2.SetSetting(ctx, "access.locked_until", fmt.Sprint(clk.Now().Add(24*time.Hour).UnixMilli()))
	if r, err := access.NewGuard(st2, clk.Now).SignIn(ctx, "481516"); err != nil || r != access.Staff {
		t.Fatalf("an old lock-out still holds: %v %v", r, err)
	}
}

func TestStaffName(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, t.TempDir())
	if n, _ := access.StaffName(ctx, st); n != access.DefaultStaffName {
		t.Fatalf("default name %q", n)
	}
	access.SetStaffName(ctx, st, "Lê Thị Mai")
	if n, _ := access.StaffName(ctx, st); n != "Lê Thị Mai" {
		t.Fatalf("name %q", n)
	}
}

func TestCorruptHashIsAnErrorNotASignIn(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, t.TempDir())
	st.SetSetting(ctx, "access.pin.staff", "1234")
	if _, err := access.NewGuard(st, nil).SignIn(ctx, "1234"); err == nil || errors.Is(err, access.ErrWrongPIN) {
		t.Fatalf("plain-text PIN in the settings: %v", err)
	}
}
