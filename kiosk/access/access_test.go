package access_test

import (
	"context"
	"errors"
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

func TestSignInRolesAndLockout(t *testing.T) {
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
	// Four wrong tries count down; a right one resets the count.
	for i := 0; i < 4; i++ {
		if _, err := g.SignIn(ctx, "000000"); !errors.Is(err, access.ErrWrongPIN) {
			t.Fatalf("wrong try %d: %v", i+1, err)
		}
	}
	if s, _ := g.State(ctx); s.TriesLeft != 1 || s.Locked() {
		t.Fatalf("after 4 wrong tries: %+v", s)
	}
	if _, err := g.SignIn(ctx, "481516"); err != nil {
		t.Fatal(err)
	}
	if s, _ := g.State(ctx); s.TriesLeft != 5 {
		t.Fatalf("a right PIN must reset the count: %+v", s)
	}
	// Five wrong tries lock the pad for five minutes, even for the right PIN, across a restart.
	for i := 0; i < 5; i++ {
		_, err := g.SignIn(ctx, "555555")
		want := access.ErrWrongPIN
		if i == 4 {
			want = access.ErrLocked
		}
		if !errors.Is(err, want) {
			t.Fatalf("wrong try %d: %v, want %v", i+1, err, want)
		}
	}
	st.Close()
	st = openStore(t, dir)
	g = access.NewGuard(st, clk.Now)
	s, err := g.State(ctx)
	if err != nil || !s.Locked() || !s.LockedUntil.Equal(clk.Now().Add(5*time.Minute)) {
		t.Fatalf("after restart: %+v %v", s, err)
	}
	clk.Add(4*time.Minute + 59*time.Second)
	if _, err := g.SignIn(ctx, "481516"); !errors.Is(err, access.ErrLocked) {
		t.Fatalf("right PIN while locked: %v", err)
	}
	clk.Add(time.Second)
	if s, _ := g.State(ctx); s.Locked() || s.TriesLeft != 5 {
		t.Fatalf("after five minutes: %+v", s)
	}
	if r, err := g.SignIn(ctx, "481516"); err != nil || r != access.Staff {
		t.Fatalf("after the lock: %v %v", r, err)
	}
}

// Guessing never settles into a steady rate: each lock-out in a row lasts twice the
// last (it was five tries every five minutes, forever), up to a day; a right PIN ends
// the escalation. The count survives a restart.
func TestLockoutEscalates(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openStore(t, dir)
	clk := gwtest.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if err := access.SetPIN(ctx, st, access.Staff, "481516"); err != nil {
		t.Fatal(err)
	}
	lockOut := func(g *access.Guard) time.Duration {
		t.Helper()
		for i := 0; i < access.DefaultMaxTries; i++ {
			g.SignIn(ctx, "000000")
		}
		s, _ := g.State(ctx)
		if !s.Locked() {
			t.Fatalf("not locked after %d wrong tries: %+v", access.DefaultMaxTries, s)
		}
		d := s.LockedUntil.Sub(clk.Now())
		clk.Add(d)
		return d
	}
	g := access.NewGuard(st, clk.Now)
	var got []time.Duration
	for i := 0; i < 10; i++ {
		if i == 3 { // a restart in between changes nothing
			st.Close()
			st = openStore(t, dir)
			g = access.NewGuard(st, clk.Now)
		}
		got = append(got, lockOut(g))
	}
	want := []time.Duration{5 * time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute, 80 * time.Minute,
		160 * time.Minute, 320 * time.Minute, 640 * time.Minute, 1280 * time.Minute, 24 * time.Hour}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("lock-outs %v, want %v", got, want)
		}
	}
	if r, err := g.SignIn(ctx, "481516"); err != nil || r != access.Staff {
		t.Fatalf("right PIN after the lock: %v %v", r, err)
	}
	if d := lockOut(g); d != 5*time.Minute {
		t.Fatalf("after a right PIN the next lock-out is %v, want 5m", d)
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
