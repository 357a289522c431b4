package scanner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// requireScanimage skips without scanimage, unless KIOSK_TEST_REQUIRE_ALL=1.
func requireScanimage(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("scanimage"); err != nil {
		gwtest.Unavailable(t, "scanimage (sane-utils) is required: "+err.Error(), "scanimage not installed (apt-get install sane-utils)")
	}
}

func openTestSANE(t *testing.T, extra ...string) *SANE {
	t.Helper()
	requireScanimage(t)
	s, err := OpenSANE(testCtx(t, 10*time.Second), "test", SANEOptions{ExtraArgs: extra})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSANEFlatbed(t *testing.T) {
	s := openTestSANE(t, "--test-picture=Grid")
	ctx := testCtx(t, 20*time.Second)
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Mode: Gray}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	if len(c.pages) != 1 {
		t.Fatalf("%d pages", len(c.pages))
	}
	p := c.pages[0]
	// The test backend's scan area is at most 200 mm square: 787 px at 100 dpi.
	if p.Format != "jpeg" || p.Width != 787 || p.Height != 787 || len(p.Data) < 100 {
		t.Fatalf("page %s %dx%d, %d bytes", p.Format, p.Width, p.Height, len(p.Data))
	}
	if len(c.progress) == 0 || c.progress[len(c.progress)-1].Bytes != 1000 {
		t.Fatalf("progress %v", c.progress)
	}
	for _, pr := range c.progress {
		if pr.Page != 1 {
			t.Fatalf("a one-page job reported progress of page %d: %v", pr.Page, c.progress)
		}
	}
}

func TestSANEFeederBatchBW(t *testing.T) {
	s := openTestSANE(t)
	ctx := testCtx(t, 30*time.Second)
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 75, Mode: BW, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	// The test backend's feeder runs empty after 10 sheets.
	if len(c.pages) != 10 {
		t.Fatalf("%d pages", len(c.pages))
	}
	for i, p := range c.pages {
		if p.Number != i+1 || p.Format != "png" {
			t.Fatalf("page %d: %+v", i+1, p.Number)
		}
	}
	for i, pr := range c.progress {
		if pr.Page < 1 || pr.Page > 10 || (i > 0 && pr.Page < c.progress[i-1].Page) {
			t.Fatalf("progress pages out of order at %d: %v", i, c.progress)
		}
	}
}

func TestSANEColor(t *testing.T) {
	s := openTestSANE(t, "--test-picture=Color pattern")
	var c collected
	if err := s.Scan(testCtx(t, 20*time.Second), ScanParams{DPI: 50, Mode: Color}, nil, c.onPage); err != nil {
		t.Fatal(err)
	}
	if len(c.pages) != 1 || c.pages[0].Format != "jpeg" {
		t.Fatalf("pages %d", len(c.pages))
	}
}

func TestSANEErrors(t *testing.T) {
	for status, want := range map[string]error{
		"SANE_STATUS_JAMMED":      ErrJam,
		"SANE_STATUS_NO_DOCS":     ErrNoPaper,
		"SANE_STATUS_COVER_OPEN":  ErrCoverOpen,
		"SANE_STATUS_DEVICE_BUSY": ErrBusy,
		"SANE_STATUS_IO_ERROR":    ErrTransferFailed,
	} {
		s := openTestSANE(t, "--read-return-value="+status)
		err := s.Scan(testCtx(t, 20*time.Second), ScanParams{DPI: 50}, nil, nil)
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", status, err, want)
		}
	}
	requireScanimage(t)
	if _, err := OpenSANE(testCtx(t, 10*time.Second), "nosuchbackend:0", SANEOptions{}); !errors.Is(err, ErrGone) {
		t.Errorf("open a missing device: %v", err)
	}
	if _, err := OpenSANE(testCtx(t, 10*time.Second), "test", SANEOptions{Command: "/nonexistent/scanimage"}); !errors.Is(err, ErrGone) {
		t.Errorf("without scanimage: %v", err)
	}
}

func TestSANECancel(t *testing.T) {
	s := openTestSANE(t, "--read-delay=yes", "--read-delay-duration=200000")
	ctx := testCtx(t, 20*time.Second)
	jctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(500*time.Millisecond, cancel)
	start := time.Now()
	err := s.Scan(jctx, ScanParams{DPI: 300, Mode: Color, Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled scan: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v to cancel", d)
	}
	if st, _ := s.Status(ctx); st.Busy {
		t.Fatal("still busy")
	}
}

func TestSANEList(t *testing.T) {
	devs := parseSANEList([]byte("epson2:libusb:001:004\tEpson\tPerfection V39\tflatbed scanner\n\ngarbage line\n"))
	if len(devs) != 1 || devs[0].Name != "epson2:libusb:001:004" || devs[0].Model != "Perfection V39" {
		t.Fatalf("%+v", devs)
	}
	requireScanimage(t)
	if _, err := ListSANE(testCtx(t, 20*time.Second), SANEOptions{}); err != nil {
		t.Fatal(err)
	}
}

// A backend that hangs after scanimage reported the end of its batch (SANE's test
// backend does so about one run in 30, in sane_exit) does not hold the scan until the
// caller gives up: scanimage is killed saneExitGrace later and the batch's status
// (jammed, out of paper) is the scan's error. The stand-in scanimage reports a batch
// as the real one does, then sleeps: a hang the real backend cannot produce on demand.
func TestSANEHangAfterBatchEnd(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell stand-in")
	}
	for status, want := range map[int]error{5: nil, 6: ErrJam, 7: ErrNoPaper} {
		script := filepath.Join(t.TempDir(), "scanimage")
		body := fmt.Sprintf(`#!/bin/sh
case " $* " in *" -A "*) echo "    --mode Gray|Color [Gray]"; echo "    --depth 8 [8]"; exit 0;; esac
echo "Scanning page 1" >&2
printf 'Progress: 0.0%%%%\rscanimage: sane_read: %s\n' >&2
echo "Scanned page 1. (scanner status = %d)" >&2
echo "Batch terminated, 1 page scanned" >&2
exec sleep 60
`, map[int]string{5: "done", 6: "Document feeder jammed", 7: "Document feeder out of documents"}[status], status)
		if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
		s, err := OpenSANE(testCtx(t, 10*time.Second), "test", SANEOptions{Command: script})
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		err = s.Scan(testCtx(t, 20*time.Second), ScanParams{DPI: 50}, nil, nil)
		if want == nil {
			want = ErrNoPaper // a good end, but the stand-in wrote no page
		}
		if !errors.Is(err, want) {
			t.Errorf("status %d: %v, want %v", status, err, want)
		}
		if d := time.Since(t0); d > saneExitGrace+5*time.Second {
			t.Errorf("status %d: the scan took %v after the batch ended", status, d)
		}
		s.Close()
	}
}
