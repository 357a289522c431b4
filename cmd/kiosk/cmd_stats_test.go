package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
	"github.com/cantho-kiosk/kiosk/kiosk/report/reporttest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

func TestStatsPrintsTheKnownDay(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(data, "kiosk.db"), store.Options{PageDir: filepath.Join(data, "pages")})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range reporttest.Events(time.Local) {
		if err := st.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	out, errs, code := runKiosk(t, data, "stats", "--day", reporttest.Day)
	if code != 0 {
		t.Fatalf("stats: code %d %s", code, errs)
	}
	reporttest.CheckText(t, out)
	if !strings.Contains(out, "Đăng ký khai sinh") {
		t.Fatalf("no procedure names:\n%s", out)
	}
	out, errs, code = runKiosk(t, data, "stats", "--from", reporttest.Day, "--to", reporttest.Day, "--csv")
	if code != 0 {
		t.Fatalf("stats --csv: code %d %s", code, errs)
	}
	reporttest.CheckCSV(t, []byte(out))

	out, _, code = runKiosk(t, data, "stats", "--from", "2026-11-19", "--to", "2026-11-21")
	if code != 0 || !strings.Contains(out, "sessions                    8") || !strings.Contains(out, "2026-11-21        1") {
		t.Fatalf("three days (code %d):\n%s", code, out)
	}
	for _, args := range [][]string{{"stats", "--day", "20/11/2026"}, {"stats", "--day", "2026-11-20", "--from", "2026-11-01", "--to", "2026-11-02"},
		{"stats", "--from", "2026-11-01"}, {"stats", "--from", "2026-11-02", "--to", "2026-11-01"}, {"stats", "extra"}} {
		if _, errs, code := runKiosk(t, data, args...); code != 2 || !strings.Contains(errs, "usage:") {
			t.Errorf("%v: code %d %q", args, code, errs)
		}
	}
}

func TestPINSet(t *testing.T) {
	data := t.TempDir()
	out, errs, code := runKioskIn(t, data, "482137\n482137\n", "pin", "set", "staff", "--name", "Lê Thị Mai")
	if code != 0 || out != "staff PIN set\n" {
		t.Fatalf("pin set staff: code %d %q %q", code, out, errs)
	}
	if _, errs, code := runKioskIn(t, data, "482137\n482138\n", "pin", "set", "official"); code != 1 || !strings.Contains(errs, "differ") {
		t.Fatalf("mismatch: code %d %q", code, errs)
	}
	if _, errs, code := runKioskIn(t, data, "482137\n482137\n", "pin", "set", "official"); code != 1 || !strings.Contains(errs, "must differ") {
		t.Fatalf("same as staff: code %d %q", code, errs)
	}
	if _, errs, code := runKioskIn(t, data, "12\n12\n", "pin", "set", "official"); code != 1 || !strings.Contains(errs, "6 to 8 digits") {
		t.Fatalf("short PIN: code %d %q", code, errs)
	}
	pf := filepath.Join(t.TempDir(), "pin")
	os.WriteFile(pf, []byte("90817263\n"), 0o600)
	if out, errs, code := runKioskIn(t, data, "", "pin", "set", "--pin-file", pf, "official"); code != 0 || out != "official PIN set\n" {
		t.Fatalf("pin file: code %d %q %q", code, out, errs)
	}
	for _, args := range [][]string{{"pin", "set"}, {"pin", "set", "mayor"}, {"pin", "set", "official", "--name", "X"}, {"pin", "set", "staff", "--bogus"}} {
		if _, errs, code := runKioskIn(t, data, "1234\n1234\n", args...); code != 2 || !strings.Contains(errs, "usage:") {
			t.Errorf("%v: code %d %q", args, code, errs)
		}
	}
	// The store holds hashes only, and they open the pad for the right roles.
	st, err := store.Open(context.Background(), filepath.Join(data, "kiosk.db"), store.Options{PageDir: filepath.Join(data, "pages")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, k := range []string{"access.pin.staff", "access.pin.official"} {
		if h, _ := st.Setting(context.Background(), k); !strings.HasPrefix(h, "$argon2id$") {
			t.Fatalf("%s = %q", k, h)
		}
	}
	g := access.NewGuard(st, nil)
	if r, err := g.SignIn(context.Background(), "482137"); err != nil || r != access.Staff {
		t.Fatalf("staff: %v %v", r, err)
	}
	if r, err := g.SignIn(context.Background(), "90817263"); err != nil || r != access.Official {
		t.Fatalf("official: %v %v", r, err)
	}
	if n, _ := access.StaffName(context.Background(), st); n != "Lê Thị Mai" {
		t.Fatalf("staff name %q", n)
	}
}
