package scanner

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/esclsim"
)

// The simulator answers mDNS for _uscan._tcp (through hashicorp/mdns, as a device's
// own responder would); DiscoverESCL finds it with its URL, and escl:auto opens it.
func TestESCLAutoDiscovery(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 1, Model: "Discovery sim"})
	if err := dev.Advertise("Kiosk discovery test"); err != nil {
		t.Fatal(err)
	}
	devs, err := DiscoverESCL(testCtx(t, 10*time.Second), time.Second, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	var ours *ESCLDevice
	for i := range devs {
		if devs[i].URL == dev.URL() {
			ours = &devs[i]
		}
	}
	if ours == nil || ours.Name != "Kiosk discovery test" || ours.Model != "Discovery sim" || ours.UUID == "" {
		t.Fatalf("discovered %+v, want the simulator at %s", devs, dev.URL())
	}
	src, err := Open(testCtx(t, 10*time.Second), "escl:auto", OpenOptions{ESCL: ESCLOptions{Poll: -1, DiscoverWait: time.Second}})
	if len(devs) > 1 {
		// Another test's simulator answers too (packages test in parallel): auto
		// must refuse and name them.
		if !errors.Is(err, ErrBadParam) || !strings.Contains(err.Error(), dev.URL()) {
			t.Fatalf("auto with %d devices: %v", len(devs), err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if e := src.(*ESCL); e.URL() != dev.URL() {
		t.Fatalf("auto opened %s", e.URL())
	}
	n := 0
	if err := src.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, func(Page) { n++ }); err != nil || n != 1 {
		t.Fatalf("scan: %v, %d pages", err, n)
	}
}

func TestESCLAutoChoice(t *testing.T) {
	opts := ESCLOptions{}.withDefaults()
	if _, err := chooseESCL(nil, opts); !errors.Is(err, ErrGone) || !strings.Contains(err.Error(), "escl:http://HOST/eSCL") {
		t.Fatalf("nothing found: %v", err)
	}
	// One device announced over HTTP and HTTPS is one device, reached over HTTP.
	devs := dedupeESCL([]ESCLDevice{
		{Name: "Canon", UUID: "u1", URL: "https://10.0.0.5:443/eSCL"},
		{Name: "Canon", UUID: "u1", URL: "http://10.0.0.5:80/eSCL"},
	})
	if u, err := chooseESCL(devs, opts); err != nil || u != "http://10.0.0.5:80/eSCL" {
		t.Fatalf("one device: %q %v (%+v)", u, err, devs)
	}
	devs = dedupeESCL(append(devs, ESCLDevice{Name: "Epson", UUID: "u2", URL: "http://10.0.0.9:80/eSCL"}))
	_, err := chooseESCL(devs, opts)
	if !errors.Is(err, ErrBadParam) || !strings.Contains(err.Error(), "escl:http://10.0.0.5:80/eSCL (Canon)") || !strings.Contains(err.Error(), "escl:http://10.0.0.9:80/eSCL (Epson)") {
		t.Fatalf("two devices: %v", err)
	}
}
