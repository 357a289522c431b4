package scanner

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func testCtx(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func newSim(t *testing.T, cfg sim.Config) *sim.Scanner {
	t.Helper()
	if testing.Verbose() {
		cfg.Logf = t.Logf
	}
	s, err := sim.NewScanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openSim(t *testing.T, ctx context.Context, dev *sim.Scanner, opts SerialOptions) *Serial {
	t.Helper()
	s, err := OpenSerial(ctx, dev.Path(), opts)
	if err != nil {
		t.Fatalf("OpenSerial: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type collected struct {
	pages    []Page
	progress []Progress
}

func (c *collected) onProgress(p Progress) { c.progress = append(c.progress, p) }
func (c *collected) onPage(p Page)         { c.pages = append(c.pages, p) }

// samePages checks that the pages that arrived are byte-identical to those the
// device sent.
func samePages(t *testing.T, got []Page, sent []sim.PageImage) {
	t.Helper()
	if len(got) != len(sent) {
		t.Fatalf("%d pages arrived, device sent %d", len(got), len(sent))
	}
	for i := range got {
		if got[i].Number != i+1 {
			t.Errorf("page %d numbered %d", i+1, got[i].Number)
		}
		if !bytes.Equal(got[i].Data, sent[i].Data) {
			t.Fatalf("page %d: %d bytes differ from the %d the device sent", i+1, len(got[i].Data), len(sent[i].Data))
		}
		if got[i].Width != sent[i].Width || got[i].Height != sent[i].Height {
			t.Errorf("page %d: %dx%d, sent %dx%d", i+1, got[i].Width, got[i].Height, sent[i].Width, sent[i].Height)
		}
	}
}

func TestHelloInfoAndSetBaud(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Model: "KSP-1", Serial: "CT-0042", DPIs: []int{100, 200, 300}})
	s := openSim(t, ctx, dev, SerialOptions{})
	inf := s.Info()
	if inf.Model != "KSP-1" || inf.Serial != "CT-0042" || inf.Firmware == "" || inf.MaxBaud != 921600 ||
		len(inf.DPIs) != 3 || inf.DPIs[1] != 200 || !inf.Feeder || !inf.Duplex {
		t.Fatalf("info = %+v", inf)
	}
	if s.Baud() != 921600 || dev.Baud() != 921600 {
		t.Fatalf("speed: host %d, device %d; want 921600 both", s.Baud(), dev.Baud())
	}
	// The link works at the new speed.
	if _, err := s.Status(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSetBaudCapped(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{MaxBaud: 230400})
	s := openSim(t, ctx, dev, SerialOptions{})
	if s.Baud() != 230400 || dev.Baud() != 230400 {
		t.Fatalf("speed: host %d, device %d; want 230400", s.Baud(), dev.Baud())
	}
	dev2 := newSim(t, sim.Config{})
	s2 := openSim(t, ctx, dev2, SerialOptions{MaxBaud: 115200})
	if s2.Baud() != 115200 || dev2.Baud() != 115200 {
		t.Fatalf("speed: host %d, device %d; want 115200", s2.Baud(), dev2.Baud())
	}
}

func TestSetBaudFallsBack(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{BaudGrace: 300 * time.Millisecond, Faults: sim.Faults{StuckBaud: true}})
	s := openSim(t, ctx, dev, SerialOptions{BaudGrace: 300 * time.Millisecond, ReplyTimeout: 500 * time.Millisecond})
	if s.Baud() != 115200 || dev.Baud() != 115200 {
		t.Fatalf("speed after fallback: host %d, device %d", s.Baud(), dev.Baud())
	}
	if st := s.Stats(); st.BaudFallbacks != 1 {
		t.Fatalf("fallbacks = %d", st.BaudFallbacks)
	}
	if dev.Stats().Garbled == 0 {
		t.Fatal("the device never saw the host at the wrong speed: the fallback was not exercised")
	}
	if _, err := s.Status(ctx); err != nil {
		t.Fatalf("status after fallback: %v", err)
	}
}

func TestSetBaudDeviceFallsBackAfterGrace(t *testing.T) {
	// The device switches but the host never says HELLO at the new speed: the device
	// must be back at 115200 after its grace period. The grace is long enough for the
	// test to see the switch first on a loaded machine (at 200 ms a CI run once read
	// the device already back at 115200).
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{BaudGrace: time.Second})
	s := openSim(t, ctx, dev, SerialOptions{MaxBaud: 115200})
	if _, err := s.command(ctx, "set baud", ksp.SetBaud, ksp.BaudPayload(460800)); err != nil {
		t.Fatal(err)
	}
	// The device acknowledges at the old speed, then switches: the ACK can reach the
	// host before the switch (a CI run under -race read 115200 right after it).
	switched := time.Now().Add(500 * time.Millisecond)
	for dev.Baud() != 460800 && time.Now().Before(switched) {
		time.Sleep(time.Millisecond)
	}
	if dev.Baud() != 460800 {
		t.Fatalf("device at %d after SET_BAUD", dev.Baud())
	}
	deadline := time.Now().Add(5 * time.Second)
	for dev.Baud() != 115200 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if dev.Baud() != 115200 {
		t.Fatalf("device stayed at %d", dev.Baud())
	}
	if _, err := s.Status(ctx); err != nil {
		t.Fatalf("status at 115200 again: %v", err)
	}
	// Unsupported speeds are refused with ERROR 5.
	if _, err := s.command(ctx, "set baud", ksp.SetBaud, ksp.BaudPayload(57600)); !errors.Is(err, ErrBadParam) {
		t.Fatalf("SET_BAUD 57600: %v", err)
	}
}

func TestStatusFlags(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{})
	s := openSim(t, ctx, dev, SerialOptions{})
	st, err := s.Status(ctx)
	if err != nil || st != (State{}) {
		t.Fatalf("idle status %+v %v", st, err)
	}
	dev.InsertPaper(2)
	dev.OpenCover()
	st, err = s.Status(ctx)
	if err != nil || !st.Paper || !st.CoverOpen || st.Jam || st.Busy {
		t.Fatalf("status %v %v", st, err)
	}
	dev.CloseCover()
	dev.SetFaults(sim.Faults{JamPage: 1, JamAt: 0})
	err = s.Scan(ctx, ScanParams{DPI: 100, Mode: BW, Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrJam) {
		t.Fatalf("scan with a jam: %v", err)
	}
	if st, _ = s.Status(ctx); !st.Jam {
		t.Fatalf("status after jam: %v", st)
	}
}

func TestStatusBusyAndWarming(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{WarmUp: 400 * time.Millisecond})
	s := openSim(t, ctx, dev, SerialOptions{})
	done := make(chan error, 1)
	go func() { done <- s.Scan(ctx, ScanParams{DPI: 100, Mode: BW}, nil, nil) }()
	var st State
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		var err error
		if st, err = s.Status(ctx); err != nil {
			t.Fatal(err)
		}
		if st.Busy {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !st.Busy || !st.Warming {
		t.Fatalf("status during warm-up: %v", st)
	}
	// A second job is refused while one runs: by the driver, and by the device.
	if err := s.Scan(ctx, ScanParams{DPI: 100}, nil, nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("second scan: %v", err)
	}
	if _, err := s.command(ctx, "scan", ksp.Scan, ksp.ScanParams{DPI: 100}.Marshal()); !errors.Is(err, ErrBusy) {
		t.Fatalf("device accepted a second SCAN: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestScanFlatbedGray(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 200, Mode: Gray, Source: Flatbed}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	p := c.pages[0]
	if p.Width != 1654 || p.Height != 2339 || p.Format != "jpeg" {
		t.Fatalf("page %dx%d %s", p.Width, p.Height, p.Format)
	}
	if len(c.progress) < 3 {
		t.Fatalf("only %d progress reports", len(c.progress))
	}
	var last int64 = -1
	for _, pr := range c.progress {
		if pr.Bytes < last || pr.Total != int64(len(p.Data)) || pr.Page != 1 {
			t.Fatalf("progress %+v after %d", pr, last)
		}
		last = pr.Bytes
	}
	if last != int64(len(p.Data)) {
		t.Fatalf("last progress %d of %d", last, len(p.Data))
	}
}

func TestScanFeederDuplexBW(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Sheets: 2})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 150, Mode: BW, Source: Feeder, Duplex: true}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	if len(c.pages) != 4 || c.pages[3].Format != "png" {
		t.Fatalf("%d pages, last %q", len(c.pages), c.pages[len(c.pages)-1].Format)
	}
	if dev.Sheets() != 0 {
		t.Fatalf("%d sheets left", dev.Sheets())
	}
	// The feeder is now empty.
	if err := s.Scan(ctx, ScanParams{DPI: 150, Source: Feeder}, nil, nil); !errors.Is(err, ErrNoPaper) {
		t.Fatalf("scan from an empty feeder: %v", err)
	}
}

func TestScanColorFeeder(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Sheets: 3})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Mode: Color, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	if len(c.pages) != 3 {
		t.Fatalf("%d pages", len(c.pages))
	}
}

func TestScanRefusals(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{DPIs: []int{100, 200}, NoDuplex: true})
	s := openSim(t, ctx, dev, SerialOptions{})
	for _, tc := range []struct {
		name  string
		setup func()
		p     ScanParams
		want  error
	}{
		{"dpi the device lacks", nil, ScanParams{DPI: 300}, ErrBadParam},
		{"dpi outside the protocol", nil, ScanParams{DPI: 600}, ErrBadParam},
		{"duplex unsupported", nil, ScanParams{DPI: 100, Duplex: true}, ErrBadParam},
		{"empty feeder", nil, ScanParams{DPI: 100, Source: Feeder}, ErrNoPaper},
		{"cover open", dev.OpenCover, ScanParams{DPI: 100}, ErrCoverOpen},
		{"internal fault", func() { dev.CloseCover(); dev.SetFaults(sim.Faults{Internal: true}) }, ScanParams{DPI: 100}, ErrInternal},
		{"no sheet fed", func() { dev.InsertPaper(1); dev.SetFaults(sim.Faults{NoFeed: true}) }, ScanParams{DPI: 100, Source: Feeder}, ErrNoPaper},
	} {
		if tc.setup != nil {
			tc.setup()
		}
		err := s.Scan(ctx, tc.p, nil, nil)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// Device-side checks, bypassing the driver's own: ERROR 5 and ERROR 4.
	if _, err := s.command(ctx, "scan", ksp.Scan, ksp.ScanParams{DPI: 300}.Marshal()); !errors.Is(err, ErrBadParam) {
		t.Errorf("device accepted 300 dpi: %v", err)
	}
	if _, err := s.command(ctx, "x", 0x55, nil); !errors.Is(err, ErrProtocol) {
		t.Errorf("unknown command: %v", err)
	}
}

func TestCorruptedCommandIsSentAgain(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{})
	s := openSim(t, ctx, dev, SerialOptions{})
	dev.SetFaults(sim.Faults{BadCommands: 2})
	dev.InsertPaper(1)
	st, err := s.Status(ctx)
	if err != nil || !st.Paper {
		t.Fatalf("status through two corrupted commands: %v %v", st, err)
	}
	if dev.Stats().BadCommands != 2 {
		t.Fatalf("device saw %d bad commands", dev.Stats().BadCommands)
	}
	// A frame that really is corrupt on the wire gets ERROR 7 too.
	c, _ := s.conn("raw")
	bad := ksp.AppendFrame(nil, ksp.Status, 99, nil)
	bad[len(bad)-1] ^= 1
	s.wmu.Lock()
	c.port.Write(bad)
	s.wmu.Unlock()
	select {
	case <-s.badFrame:
	case <-time.After(2 * time.Second):
		t.Fatal("no ERROR 7 for a corrupted frame")
	}
}

func TestFaultyLinePagesIdentical(t *testing.T) {
	ctx := testCtx(t, 20*time.Second)
	dev := newSim(t, sim.Config{Sheets: 4, Faults: sim.Faults{CorruptRate: 0.05, DropRate: 0.03, GarbageRate: 0.1, Seed: 7}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Mode: Gray, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	ds, hs := dev.Stats(), s.Stats()
	if ds.Corrupted == 0 || ds.Dropped == 0 || hs.BadFrames == 0 || hs.Naks == 0 || hs.Garbage == 0 {
		t.Fatalf("faults not exercised: device %+v host %+v", ds, hs)
	}
	t.Logf("device %+v host %+v", ds, hs)
}

func TestStallShorterThanJobTimeout(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Sheets: 2, Faults: sim.Faults{StallPage: 1, StallAt: 40000, Stall: 700 * time.Millisecond}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
}

func TestStallLongerThanJobTimeout(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Faults: sim.Faults{StallPage: 1, StallAt: 40000, Stall: 5 * time.Second}})
	s := openSim(t, ctx, dev, SerialOptions{JobTimeout: 400 * time.Millisecond})
	start := time.Now()
	err := s.Scan(ctx, ScanParams{DPI: 100}, nil, nil)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrGone) {
		t.Fatalf("scan through a long stall: %v", err)
	}
	if _, err := s.Status(ctx); !errors.Is(err, ErrGone) {
		t.Fatalf("status after the device went silent: %v", err)
	}
	// It answers again once reopened (HELLO works during its stalled job).
	if err := s.Reconnect(ctx); err != nil {
		t.Fatalf("reconnect: %v", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatalf("took %v to give up", time.Since(start))
	}
}

func TestJamMidPage(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Sheets: 3, Faults: sim.Faults{JamPage: 2, JamAt: 50000}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage)
	if !errors.Is(err, ErrJam) || CodeOf(err) != CodeJam {
		t.Fatalf("scan: %v", err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	if len(c.pages) != 1 {
		t.Fatalf("%d pages before the jam", len(c.pages))
	}
	if err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, nil, nil); !errors.Is(err, ErrJam) {
		t.Fatalf("scan while jammed: %v", err)
	}
	dev.ClearJam()
	if err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, nil, nil); err != nil {
		t.Fatalf("scan after clearing the jam: %v", err)
	}
}

func TestPageCRCRetries(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Sheets: 2, Faults: sim.Faults{BadPageCRC: 2}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Mode: BW, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	if s.Stats().PageRetries != 2 {
		t.Fatalf("page retries = %d", s.Stats().PageRetries)
	}
	// Four bad CRCs in a row: the device gives up with ERROR 8 and JOB_END 5.
	dev.InsertPaper(1)
	dev.SetFaults(sim.Faults{BadPageCRC: 4})
	c = collected{}
	err := s.Scan(ctx, ScanParams{DPI: 100, Mode: BW, Source: Feeder}, c.onProgress, c.onPage)
	if !errors.Is(err, ErrTransferFailed) || len(c.pages) != 0 {
		t.Fatalf("scan with a page that never checks: %v, %d pages", err, len(c.pages))
	}
}

func TestCancel(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Sheets: 3, Faults: sim.Faults{StallPage: 2, StallAt: 8000, Stall: 5 * time.Second}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	done := make(chan error, 1)
	paged := make(chan struct{}, 4)
	go func() {
		done <- s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, nil, func(p Page) { c.onPage(p); paged <- struct{}{} })
	}()
	select {
	case <-paged:
	case <-ctx.Done():
		t.Fatal("no first page")
	}
	if err := s.Cancel(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrCancelled) {
		t.Fatalf("scan after cancel: %v", err)
	}
	if len(c.pages) != 1 {
		t.Fatalf("%d pages", len(c.pages))
	}
}

func TestContextCancelStopsJob(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Faults: sim.Faults{StallPage: 1, StallAt: 8000, Stall: 5 * time.Second}})
	s := openSim(t, ctx, dev, SerialOptions{})
	jctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(300*time.Millisecond, cancel)
	err := s.Scan(jctx, ScanParams{DPI: 100}, nil, nil)
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("scan with cancelled context: %v", err)
	}
	if !dev.WaitIdle(2 * time.Second) {
		t.Fatal("device still busy after the host cancelled")
	}
}

func TestCoverOpenedDuringJob(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Faults: sim.Faults{StallPage: 1, StallAt: 8000, Stall: 5 * time.Second}})
	s := openSim(t, ctx, dev, SerialOptions{})
	time.AfterFunc(300*time.Millisecond, dev.OpenCover)
	if err := s.Scan(ctx, ScanParams{DPI: 100}, nil, nil); !errors.Is(err, ErrCoverOpen) {
		t.Fatalf("scan with the cover opened: %v", err)
	}
}

func TestEvents(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{})
	s := openSim(t, ctx, dev, SerialOptions{})
	dev.InsertPaper(1)
	dev.PressButton()
	dev.OpenCover()
	dev.CloseCover()
	dev.RemovePaper()
	want := []EventKind{EventPaperIn, EventButton, EventCoverOpened, EventCoverClosed, EventPaperOut}
	for _, k := range want {
		select {
		case e := <-s.Events():
			if e.Kind != k {
				t.Fatalf("event %v, want %v", e.Kind, k)
			}
		case <-ctx.Done():
			t.Fatalf("no %v event", k)
		}
	}
}

func TestCablePulledMidPage(t *testing.T) {
	ctx := testCtx(t, 15*time.Second)
	link := filepath.Join(t.TempDir(), "ttyKSP")
	// Pulled beyond the first window of page 2: by then the host has acknowledged
	// page 2's start, so page 1 is complete on its side (bytes still in the line
	// when it is pulled are lost, as with a real cable).
	dev := newSim(t, sim.Config{Link: link, Sheets: 2, Faults: sim.Faults{PullPage: 2, PullAt: 100000}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	start := time.Now()
	err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage)
	if !errors.Is(err, ErrGone) {
		t.Fatalf("scan with the cable pulled: %v", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatalf("noticed after %v", time.Since(start))
	}
	dev.WaitIdle(2 * time.Second) // the device's own record of the job is complete
	if sent := dev.LastJobPages(); len(c.pages) != 1 || len(sent) != 1 || !bytes.Equal(c.pages[0].Data, sent[0].Data) {
		t.Fatalf("%d pages before the pull", len(c.pages))
	}
	select {
	case e := <-s.Events():
		if e.Kind != EventGone || !errors.Is(e.Err, ErrGone) {
			t.Fatalf("event %+v", e)
		}
	case <-ctx.Done():
		t.Fatal("no EventGone")
	}
	if _, err := s.Status(ctx); !errors.Is(err, ErrGone) {
		t.Fatalf("status while unplugged: %v", err)
	}
	if err := s.Reconnect(ctx); !errors.Is(err, ErrGone) {
		t.Fatalf("reconnect while unplugged: %v", err)
	}
	if err := dev.Replug(); err != nil {
		t.Fatal(err)
	}
	if err := s.Reconnect(ctx); err != nil {
		t.Fatalf("reconnect: %v", err)
	}
	dev.InsertPaper(1)
	c = collected{}
	if err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatalf("scan after reconnect: %v", err)
	}
	samePages(t, c.pages, dev.LastJobPages())
}

func TestAutoReconnect(t *testing.T) {
	ctx := testCtx(t, 15*time.Second)
	link := filepath.Join(t.TempDir(), "ttyKSP")
	dev := newSim(t, sim.Config{Link: link})
	s := openSim(t, ctx, dev, SerialOptions{Reconnect: 100 * time.Millisecond})
	dev.Pull()
	next := func(want EventKind) {
		t.Helper()
		for {
			select {
			case e := <-s.Events():
				if e.Kind == want {
					return
				}
			case <-ctx.Done():
				t.Fatalf("no %v event", want)
			}
		}
	}
	next(EventGone)
	time.Sleep(300 * time.Millisecond) // a few failed attempts
	if err := dev.Replug(); err != nil {
		t.Fatal(err)
	}
	next(EventBack)
	if s.Baud() != 921600 {
		t.Fatalf("baud after reconnect %d", s.Baud())
	}
	if _, err := s.Status(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestCloseUnblocksScan(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Faults: sim.Faults{StallPage: 1, StallAt: 8000, Stall: 5 * time.Second}})
	s, err := OpenSerial(ctx, dev.Path(), SerialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Scan(ctx, ScanParams{DPI: 100}, nil, nil) }()
	time.Sleep(300 * time.Millisecond)
	s.Close()
	select {
	case err := <-done:
		if !errors.Is(err, ErrGone) {
			t.Fatalf("scan after Close: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not unblock Scan")
	}
	if _, ok := <-s.Events(); ok {
		t.Fatal("events still open after Close")
	}
}

func TestOpenFailures(t *testing.T) {
	ctx := testCtx(t, 10*time.Second)
	_, err := OpenSerial(ctx, filepath.Join(t.TempDir(), "ttyNONE"), SerialOptions{})
	if !errors.Is(err, ErrGone) {
		t.Fatalf("open a missing port: %v", err)
	}
	// A port with nothing answering: a pty whose other end stays silent.
	dev := newSim(t, sim.Config{Faults: sim.Faults{BadCommands: 1000}})
	_, err = OpenSerial(ctx, dev.Path(), SerialOptions{ReplyTimeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrProtocol) && !errors.Is(err, ErrTimeout) {
		t.Fatalf("open a device that never understands: %v", err)
	}
}

func TestReopenFindsDeviceSpeed(t *testing.T) {
	// The kiosk restarts while the device stays at the speed the last host set.
	ctx := testCtx(t, 15*time.Second)
	dev := newSim(t, sim.Config{})
	s1, err := OpenSerial(ctx, dev.Path(), SerialOptions{MaxBaud: 460800})
	if err != nil {
		t.Fatal(err)
	}
	s1.Close()
	if dev.Baud() != 460800 {
		t.Fatalf("device at %d", dev.Baud())
	}
	s2 := openSim(t, ctx, dev, SerialOptions{ReplyTimeout: 600 * time.Millisecond})
	if s2.Baud() != 921600 || dev.Baud() != 921600 {
		t.Fatalf("after reopening: host %d, device %d", s2.Baud(), dev.Baud())
	}
	var c collected
	if err := s2.Scan(ctx, ScanParams{DPI: 100, Mode: BW}, nil, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
}

func TestLostPageBegin(t *testing.T) {
	// DATA for a page the host never heard begin: it asks for the page from
	// offset 0 and the device starts it over, PAGE_BEGIN included.
	ctx := testCtx(t, 10*time.Second)
	dev := newSim(t, sim.Config{Sheets: 2, Faults: sim.Faults{LosePageBegin: 1}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	if s.Stats().Naks == 0 {
		t.Fatal("the host never asked for the lost page")
	}
}

func TestDroppedLastFrameResentAfterSilence(t *testing.T) {
	// Every DATA frame dropped with probability 0.3: among others the last frame of
	// a page goes missing, which only the device's 500 ms resend can repair.
	ctx := testCtx(t, 20*time.Second)
	dev := newSim(t, sim.Config{Resend: 100 * time.Millisecond, Faults: sim.Faults{DropRate: 0.3, Seed: 3}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Mode: BW, Duplex: true}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	if dev.Stats().Resent == 0 {
		t.Fatal("nothing was resent")
	}
}

func TestWaitForDevice(t *testing.T) {
	// The kiosk boots with the scanner unplugged; it is plugged in later.
	ctx := testCtx(t, 15*time.Second)
	link := filepath.Join(t.TempDir(), "ttyKSP")
	s, err := OpenSerial(ctx, link, SerialOptions{Reconnect: 100 * time.Millisecond, WaitForDevice: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Status(ctx); !errors.Is(err, ErrGone) {
		t.Fatalf("status before the device is there: %v", err)
	}
	dev := newSim(t, sim.Config{Link: link})
	select {
	case e := <-s.Events():
		if e.Kind != EventBack {
			t.Fatalf("event %v", e.Kind)
		}
	case <-ctx.Done():
		t.Fatal("the device was never found")
	}
	if _, err := s.Status(ctx); err != nil || dev.Baud() != 921600 {
		t.Fatalf("status: %v, device at %d", err, dev.Baud())
	}
	// Without WaitForDevice a missing device is an error at once.
	if _, err := OpenSerial(ctx, link+"-none", SerialOptions{Reconnect: time.Second}); !errors.Is(err, ErrGone) {
		t.Fatalf("open without waiting: %v", err)
	}
}

func TestLostPageEnd(t *testing.T) {
	ctx := testCtx(t, 15*time.Second)
	// Page 1 of 2: the host notices when page 2 begins.
	dev := newSim(t, sim.Config{Sheets: 2, Faults: sim.Faults{LosePageEnd: 1}})
	s := openSim(t, ctx, dev, SerialOptions{})
	var c collected
	if err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	// The last page: the host notices the silence before the device gives up waiting.
	dev.InsertPaper(1)
	dev.SetFaults(sim.Faults{LosePageEnd: 1})
	c = collected{}
	if err := s.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	samePages(t, c.pages, dev.LastJobPages())
	if s.Stats().PageRetries != 2 {
		t.Fatalf("page retries %d", s.Stats().PageRetries)
	}
}
