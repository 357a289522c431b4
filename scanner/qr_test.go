package scanner

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func TestParseQRSpec(t *testing.T) {
	for spec, want := range map[string]QRConfig{
		"serial:/dev/ttyACM0":           {Path: "/dev/ttyACM0", Baud: 9600, Suffix: SuffixCR},
		"serial:/dev/ttyACM0,115200":    {Path: "/dev/ttyACM0", Baud: 115200, Suffix: SuffixCR},
		"serial:/dev/ttyACM0,9600,crlf": {Path: "/dev/ttyACM0", Baud: 9600, Suffix: SuffixCRLF},
		"/dev/ttyACM1,lf":               {Path: "/dev/ttyACM1", Baud: 9600, Suffix: SuffixLF},
		"serial:COM3,crlf,19200":        {Path: "COM3", Baud: 19200, Suffix: SuffixCRLF},
	} {
		got, err := ParseQRSpec(spec)
		if err != nil || got.Path != want.Path || got.Baud != want.Baud || got.Suffix != want.Suffix {
			t.Errorf("%q: %+v %v", spec, got, err)
		}
	}
	for _, bad := range []string{"", "serial:", "sane:test", "serial:/dev/x,tab", "serial:/dev/x,-5"} {
		if _, err := ParseQRSpec(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func nextCode(t *testing.T, ctx context.Context, q *QR) string {
	t.Helper()
	select {
	case c, ok := <-q.Codes():
		if !ok {
			t.Fatal("codes closed")
		}
		return c
	case <-ctx.Done():
		t.Fatal("no code")
	}
	return ""
}

func TestQRReaderSuffixes(t *testing.T) {
	for _, tc := range []struct {
		suffix Suffix
		wire   string
	}{{SuffixCR, "\r"}, {SuffixLF, "\n"}, {SuffixCRLF, "\r\n"}} {
		t.Run(tc.suffix.String(), func(t *testing.T) {
			ctx := testCtx(t, 10*time.Second)
			rd, err := sim.NewQRReader(sim.QRConfig{Suffix: tc.wire, Pace: true, Baud: 115200})
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			q, err := OpenQR(ctx, rd.Path(), 9600, tc.suffix)
			if err != nil {
				t.Fatal(err)
			}
			defer q.Close()
			// Stray bytes on power-up, then two codes in one burst.
			rd.SendRaw([]byte{0x00, 0xFF, 0xFE})
			rd.SendRaw([]byte(sampleCCCD + tc.wire + FormatReceiptQR("K7Q4-M2PX") + tc.wire))
			if got := nextCode(t, ctx, q); got != sampleCCCD {
				t.Fatalf("first code %q", got)
			}
			if got := nextCode(t, ctx, q); got != "DVCK1:K7Q4-M2PX" {
				t.Fatalf("second code %q", got)
			}
		})
	}
}

func TestQRReaderPartialAndOverlong(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	rd, err := sim.NewQRReader(sim.QRConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	q, err := OpenQRConfig(ctx, QRConfig{Path: rd.Path(), PartialTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	rd.SendRaw([]byte("092195001234|3625")) // cut short
	time.Sleep(time.Second)
	rd.Send("DVCK1:AAAA")
	if got := nextCode(t, ctx, q); got != "DVCK1:AAAA" {
		t.Fatalf("after a partial code: %q", got)
	}
	long := make([]byte, MaxQRCode+10)
	for i := range long {
		long[i] = 'x'
	}
	rd.Send(string(long))
	rd.Send("DVCK1:BBBB")
	if got := nextCode(t, ctx, q); got != "DVCK1:BBBB" {
		t.Fatalf("after an overlong code: %q", got)
	}
	// The longest allowed code passes whole.
	rd.Send(string(long[:MaxQRCode]))
	if got := nextCode(t, ctx, q); len(got) != MaxQRCode {
		t.Fatalf("2048-byte code arrived with %d bytes", len(got))
	}
}

func TestQRReaderReconnects(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	link := filepath.Join(t.TempDir(), "ttyQR")
	rd, err := sim.NewQRReader(sim.QRConfig{Link: link})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	q, err := OpenQRConfig(ctx, QRConfig{Path: link, Reconnect: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	rd.SendRaw([]byte("DVCK1:HALF")) // unplugged mid-code
	time.Sleep(50 * time.Millisecond)
	rd.Pull()
	waitEvent := func(want EventKind) {
		t.Helper()
		select {
		case e := <-q.Events():
			if e.Kind != want {
				t.Fatalf("event %v, want %v", e.Kind, want)
			}
		case <-ctx.Done():
			t.Fatalf("no %v", want)
		}
	}
	waitEvent(EventGone)
	if err := rd.Replug(); err != nil {
		t.Fatal(err)
	}
	waitEvent(EventBack)
	rd.Send("DVCK1:WHOLE")
	if got := nextCode(t, ctx, q); got != "DVCK1:WHOLE" {
		t.Fatalf("after reconnect: %q", got)
	}
}

func TestQROpenMissing(t *testing.T) {
	_, err := OpenQR(context.Background(), filepath.Join(t.TempDir(), "none"), 9600, SuffixCR)
	if !errors.Is(err, ErrGone) {
		t.Fatalf("open missing reader: %v", err)
	}
}

func TestQRCloseClosesCodes(t *testing.T) {
	rd, err := sim.NewQRReader(sim.QRConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	q, err := OpenQR(context.Background(), rd.Path(), 9600, SuffixCR)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		for range q.Codes() {
		}
		close(done)
	}()
	q.Close()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Codes not closed by Close")
	}
}

func TestQRWaitForDevice(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	link := filepath.Join(t.TempDir(), "ttyQR")
	q, err := OpenQRConfig(ctx, QRConfig{Path: link, Reconnect: 100 * time.Millisecond, WaitForDevice: true})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	rd, err := sim.NewQRReader(sim.QRConfig{Link: link})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	select {
	case e := <-q.Events():
		if e.Kind != EventBack {
			t.Fatalf("event %v", e.Kind)
		}
	case <-ctx.Done():
		t.Fatal("reader never found")
	}
	rd.Send("DVCK1:LATE")
	if got := nextCode(t, ctx, q); got != "DVCK1:LATE" {
		t.Fatalf("code %q", got)
	}
}
