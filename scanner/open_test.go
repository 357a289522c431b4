package scanner

import (
	"errors"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func TestParseDeviceSpec(t *testing.T) {
	for spec, want := range map[string]DeviceSpec{
		"serial:/dev/ttyUSB0":         {Kind: "serial", Target: "/dev/ttyUSB0"},
		"serial:/dev/ttyUSB0,115200":  {Kind: "serial", Target: "/dev/ttyUSB0", MaxBaud: 115200},
		"sane:test:0":                 {Kind: "sane", Target: "test:0"},
		" sane:epson2:libusb:001:004": {Kind: "sane", Target: "epson2:libusb:001:004"},
	} {
		got, err := ParseDeviceSpec(spec)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v", spec, got, err)
		}
	}
	for _, bad := range []string{"", "/dev/ttyUSB0", "serial:", "usb:foo", "serial:/dev/x,fast", "serial:/dev/x,9600"} {
		if _, err := ParseDeviceSpec(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestOpenSpec(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{})
	src, err := Open(ctx, "serial:"+dev.Path()+",230400", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if s := src.(*Serial); s.Baud() != 230400 {
		t.Fatalf("baud %d", s.Baud())
	}
	var c collected
	if err := src.Scan(ctx, ScanParams{DPI: 100, Mode: BW}, nil, c.onPage); err != nil || len(c.pages) != 1 {
		t.Fatalf("scan: %v, %d pages", err, len(c.pages))
	}
	if _, err := Open(ctx, "serial:/dev/nonexistent-tty", OpenOptions{}); !errors.Is(err, ErrGone) {
		t.Fatalf("missing port: %v", err)
	}
	requireScanimage(t)
	sane, err := Open(ctx, "sane:test", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sane.Close()
}
