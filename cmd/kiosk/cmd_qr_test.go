package main

import (
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func TestQRCommand(t *testing.T) {
	rd, err := sim.NewQRReader(sim.QRConfig{Suffix: "\r\n"})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	func() { // sent before the command opens the port: the pty keeps them
		rd.Send("092195001234|362514789|Nguyễn Thị Mỹ Hạnh|15081995|Nữ|Ninh Kiều, Cần Thơ|20042021")
		rd.Send("DVCK1:K7Q4-M2PX")
		rd.Send("092195001234||Lê Văn B|31021995|Nam|Cần Thơ|20042021")
		rd.Send("hello")
	}()
	out, errs, code := runDevCmd(t, "qr", "--device", "serial:"+rd.Path()+",9600,crlf", "--count", "4", "--timeout", "10s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := []string{
		`CCCD id=092195001234 old=362514789 name="Nguyễn Thị Mỹ Hạnh" born=15/08/1995 sex=Nữ address="Ninh Kiều, Cần Thơ" issued=20/04/2021`,
		`receipt K7Q4-M2PX`,
		`CCCD INVALID: CCCD QR field 4 (date of birth, 8 characters): no such date`,
		`code "hello"`,
	}
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("output:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
}

func TestQRCommandFailures(t *testing.T) {
	_, errs, code := runDevCmd(t, "qr", "--device", "serial:/dev/nonexistent-qr")
	if code != 1 || !strings.Contains(errs, "cannot open QR reader") {
		t.Fatalf("missing reader: exit %d %q", code, errs)
	}
	_, errs, code = runDevCmd(t, "qr", "--device", "serial:/dev/x,tab")
	if code != 2 || !strings.Contains(errs, "suffix") {
		t.Fatalf("bad suffix: exit %d %q", code, errs)
	}
	_, errs, code = runDevCmd(t, "qr")
	if code != 2 || !strings.Contains(errs, "no QR reader") {
		t.Fatalf("no reader: exit %d %q", code, errs)
	}
}
