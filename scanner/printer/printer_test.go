package printer_test

import (
	"context"
	"errors"
	"image"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/printer"
	"github.com/cantho-kiosk/kiosk/scanner/printer/printertest"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func sampleReceipt(code string) printer.Receipt {
	return printer.Receipt{
		Commune:   "UBND phường Tân An",
		Agency:    "Bộ phận Một cửa UBND cấp xã",
		Procedure: "Đăng ký khai sinh (1.001193) — người yêu cầu: Nguyễn Thị Ngọc Hường",
		Code:      code,
		LookupQR:  scanner.FormatReceiptQR(code),
		Time:      time.Date(2026, 12, 1, 14, 5, 0, 0, time.Local),
		Next:      "Cán bộ một cửa kiểm tra hồ sơ trong 1 ngày làm việc. Khi có kết quả, ông/bà mang phiếu này và CCCD đến nhận.",
	}
}

// startSim starts a simulated printer behind a stable symlink (it survives a
// replug) and a driver on it.
func startSim(t *testing.T, cfg sim.PrinterConfig, opts printer.Options) (*sim.Printer, *printer.Printer) {
	t.Helper()
	if cfg.Link == "" {
		cfg.Link = filepath.Join(t.TempDir(), "printer")
	}
	dev, err := sim.NewPrinter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	if opts.ReplyTimeout == 0 {
		opts.ReplyTimeout = 3 * time.Second // a loaded CI machine; the silent-printer test sets its own
	}
	p, err := printer.New("serial:"+dev.Path()+",115200", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return dev, p
}

// startUSBSim is a simulated printer opened through its pty as a USB printer-class
// device file, usb:PATH plus suffix (",nostatus").
func startUSBSim(t *testing.T, suffix string) (*sim.Printer, *printer.Printer) {
	t.Helper()
	dev, err := sim.NewPrinter(sim.PrinterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	p, err := printer.New("usb:"+dev.TTY()+suffix, printer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return dev, p
}

// printSlips prints r and answers every slip cut so far, once there is at least one;
// what names the print in a failure.
func printSlips(t *testing.T, ctx context.Context, dev *sim.Printer, p *printer.Printer, r printer.Receipt, what string) []sim.PrintedReceipt {
	t.Helper()
	if err := p.PrintReceipt(ctx, r, nil); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	got, err := dev.WaitReceipts(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// wantLookupQR fails unless the slip carries r's lookup QR and no other QR code.
func wantLookupQR(t *testing.T, slip sim.PrintedReceipt, r printer.Receipt, what string) {
	t.Helper()
	if qrs := printertest.QRs(t, slip.Image); len(qrs) != 1 || qrs[0] != r.LookupQR {
		t.Fatalf("%s: QR %q, want exactly %q", what, qrs, r.LookupQR)
	}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestReceiptPrintsWithLookupQRAndVietnameseText(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{OutDir: t.TempDir()}, printer.Options{})
	ctx := ctxFor(t, 30*time.Second)
	r := sampleReceipt("ZJDK-PREK")
	got := printSlips(t, ctx, dev, p, r, "print")
	rc := got[0]
	if !rc.Complete || rc.Cut != "partial" || rc.PNG == "" {
		t.Fatalf("receipt complete=%v cut=%q png=%q, want a complete, cut slip written to a PNG", rc.Complete, rc.Cut, rc.PNG)
	}
	qrs, top := printertest.QRs(t, rc.Image), printertest.QRTop(t, rc.Image)
	if len(qrs) != 1 || qrs[0] != scanner.FormatReceiptQR("ZJDK-PREK") {
		t.Fatalf("QR codes on paper %q, want exactly the lookup payload %q", qrs, scanner.FormatReceiptQR("ZJDK-PREK"))
	}
	// What came out of the printer is dot for dot what was rendered (plus the
	// feed to the cutter), but for the odd dot left white so that the data never
	// reads as a real-time command.
	bm, err := printer.Render(r)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Rows < bm.Height {
		t.Fatalf("printed %d rows, rendered %d", rc.Rows, bm.Height)
	}
	want, diff := bm.Image(), 0
	for y := 0; y < bm.Height; y++ {
		for x := 0; x < bm.Width; x++ {
			if got, w := rc.Image.GrayAt(x, y).Y, want.GrayAt(x, y).Y; got != w {
				if w != 0 {
					t.Fatalf("printed dot (%d,%d) is black, white in the rendered receipt", x, y)
				}
				diff++
			}
		}
	}
	if diff > 16 {
		t.Fatalf("%d dots differ from the rendered receipt", diff)
	}
	// The text above the QR code (header, title, procedure, code) is there: rows
	// of ink in several separate lines, neither blank nor solid.
	lines, ink := inkLines(rc.Image, 0, top)
	if lines < 6 || ink < 0.02 || ink > 0.4 {
		t.Fatalf("text area above the QR (rows 0–%d): %d lines of ink, %.3f of the dots black; want ≥ 6 lines, 2–40%%", top, lines, ink)
	}
	if rc.Status < 3 {
		t.Fatalf("%d status requests during the receipt; the driver must ask before and while printing", rc.Status)
	}
}

// inkLines counts bands of rows with ink separated by blank rows in [y0, y1), and
// the fraction of black dots.
func inkLines(img *image.Gray, y0, y1 int) (int, float64) {
	lines, black, in := 0, 0, false
	w := img.Bounds().Dx()
	for y := y0; y < y1; y++ {
		n := 0
		for x := 0; x < w; x++ {
			if img.GrayAt(x, y).Y == 0 {
				n++
			}
		}
		black += n
		if n > 0 && !in {
			lines++
		}
		in = n > 0
	}
	if y1 <= y0 {
		return 0, 0
	}
	return lines, float64(black) / float64(w*(y1-y0))
}

func TestReceiptWithFeeCarriesBothCodes(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{})
	ctx := ctxFor(t, 30*time.Second)
	r := sampleReceipt("K7Q-4M2P")
	r.Fee = "8.000 đ"
	r.FeeQR = "00020101021238540010A00000072701240006970436011000123456780208QRIBFTTA5303704540480005802VN62150811K7Q-4M2P6304ABCD"
	got := printSlips(t, ctx, dev, p, r, "print")
	qrs := printertest.QRs(t, got[0].Image)
	seen := map[string]bool{}
	for _, q := range qrs {
		seen[q] = true
	}
	if len(qrs) != 2 || !seen[r.LookupQR] || !seen[r.FeeQR] {
		t.Fatalf("QR codes on paper %q, want the lookup payload and the fee payload", qrs)
	}
}

func TestPaperOutBeforeReceiptPrintsNothing(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{})
	ctx := ctxFor(t, 30*time.Second)
	dev.SetPaperOut(true)
	st, err := p.Status(ctx)
	if err != nil || !st.PaperOut || st.Ready() {
		t.Fatalf("status %v, %v; want paper out", st, err)
	}
	err = p.PrintReceipt(ctx, sampleReceipt("AAAA-BBBB"), nil)
	if !errors.Is(err, printer.ErrPaperOut) {
		t.Fatalf("print with no paper: %v, want ErrPaperOut", err)
	}
	if printer.CodeOf(err).Plain() != "Máy in hết giấy" {
		t.Fatalf("plain words %q", printer.CodeOf(err).Plain())
	}
	time.Sleep(100 * time.Millisecond)
	dev.SetPaperOut(false)
	got := printSlips(t, ctx, dev, p, sampleReceipt("AAAA-BBBB"), "after loading paper")
	if len(got) != 1 || !got[0].Complete || got[0].LostRows != 0 {
		t.Fatalf("receipts %+v, want one complete slip and nothing lost before it", got)
	}
}

func TestPaperOutDuringReceiptStopsAndReprintIsWhole(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{BandRows: 64})
	ctx := ctxFor(t, 30*time.Second)
	dev.SetPaperRows(400) // runs out about a third of the way down
	r := sampleReceipt("PAPR-0UT1")
	err := p.PrintReceipt(ctx, r, nil)
	if !errors.Is(err, printer.ErrPaperOut) {
		t.Fatalf("paper ran out mid-receipt: %v, want ErrPaperOut", err)
	}
	if n := len(dev.Receipts()); n != 0 {
		t.Fatalf("%d slips cut after the paper ran out, want none", n)
	}
	dev.SetPaperOut(false) // staff load a roll (tearing off the stub)
	got := printSlips(t, ctx, dev, p, r, "reprint")
	wantLookupQR(t, got[0], r, "reprinted")
	if !got[0].Complete {
		t.Fatal("the reprint lost rows")
	}
}

func TestCoverOpenAndCutterError(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{})
	ctx := ctxFor(t, 30*time.Second)
	dev.SetCoverOpen(true)
	if err := p.PrintReceipt(ctx, sampleReceipt("COVR-0PEN"), nil); !errors.Is(err, printer.ErrCoverOpen) {
		t.Fatalf("cover open: %v", err)
	}
	dev.SetCoverOpen(false)
	dev.SetCutterError(true)
	if err := p.PrintReceipt(ctx, sampleReceipt("CUTR-ERR1"), nil); !errors.Is(err, printer.ErrCutterError) {
		t.Fatalf("cutter error: %v", err)
	}
	dev.SetCutterError(false)
	dev.SetNearEnd(true)
	st, err := p.Status(ctx)
	if err != nil || !st.NearEnd || !st.Ready() || st.Code() != printer.CodeNearEnd {
		t.Fatalf("near end: %v %v, want ready with a near-end warning", st, err)
	}
	if err := p.PrintReceipt(ctx, sampleReceipt("NEAR-END1"), nil); err != nil {
		t.Fatalf("a roll near its end still prints: %v", err)
	}
}

func TestUnplugMidReceiptThenReplugPrints(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{BandRows: 32})
	ctx := ctxFor(t, 30*time.Second)
	r := sampleReceipt("PULL-0001")
	pulled := false
	start := time.Now()
	err := p.PrintReceipt(ctx, r, func(pr printer.Progress) {
		if !pulled && pr.Rows > 200 {
			pulled = true
			dev.Pull()
		}
	})
	if !errors.Is(err, printer.ErrGone) {
		t.Fatalf("cable pulled mid-receipt: %v, want ErrGone", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v to notice the printer was gone", d)
	}
	if _, err := p.Status(ctx); !errors.Is(err, printer.ErrGone) {
		t.Fatalf("status while unplugged: %v", err)
	}
	if err := dev.Replug(); err != nil {
		t.Fatal(err)
	}
	got := printSlips(t, ctx, dev, p, r, "after replug")
	wantLookupQR(t, got[0], r, "after replug")
	if !got[0].Complete {
		t.Fatal("after replug: the slip lost rows")
	}
}

func TestStatusLineNoiseAndSilence(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{ReplyTimeout: 300 * time.Millisecond})
	ctx := ctxFor(t, 30*time.Second)
	dev.SetStatusMode(sim.StatusGarbage)
	if _, err := p.Status(ctx); !errors.Is(err, printer.ErrProtocol) {
		t.Fatalf("noise on the status line: %v, want ErrProtocol", err)
	}
	if err := p.PrintReceipt(ctx, sampleReceipt("NOIS-E001"), nil); !errors.Is(err, printer.ErrProtocol) {
		t.Fatalf("print with noise for status: %v, want ErrProtocol", err)
	}
	// Noise before each right answer: skipped, the answer counts.
	dev.SetStatusMode(sim.StatusNoisy)
	if err := p.PrintReceipt(ctx, sampleReceipt("NOIS-E001"), nil); err != nil {
		t.Fatalf("noise before the answers: %v", err)
	}
	if p.Stats().Garbage == 0 {
		t.Fatal("no noise byte counted")
	}
	dev.SetStatusMode(sim.StatusMute)
	start := time.Now()
	if _, err := p.Status(ctx); !errors.Is(err, printer.ErrTimeout) {
		t.Fatalf("no answer: %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("waited %v for a silent printer", d)
	}
	dev.SetStatusMode(sim.StatusNormal)
	if err := p.PrintReceipt(ctx, sampleReceipt("NOIS-E001"), nil); err != nil {
		t.Fatalf("once the line is sane again: %v", err)
	}

	// Answers that come after the driver gave up must not answer its next
	// questions (near end makes a misplaced answer to DLE EOT 4 read "offline").
	dev.SetNearEnd(true)
	dev.SetStatusMode(sim.StatusLate)
	if _, err := p.Status(ctx); !errors.Is(err, printer.ErrTimeout) {
		t.Fatalf("late answers: %v, want ErrTimeout", err)
	}
	time.Sleep(2 * sim.LateAnswer) // the late answer is now waiting on the line
	dev.SetStatusMode(sim.StatusNormal)
	if st, err := p.Status(ctx); err != nil || !st.NearEnd || st.Offline {
		t.Fatalf("status after a late answer: %v, %v; want near end, online", st, err)
	}
	dev.SetNearEnd(false)
	if got := dev.Receipts(); len(got) != 2 || !got[0].Complete || !got[1].Complete {
		t.Fatalf("receipts %+v", got)
	}
}

func TestStuckWriteFailsInTimeAndNextReceiptPrints(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{WriteStall: 400 * time.Millisecond, ReplyTimeout: 300 * time.Millisecond})
	ctx := ctxFor(t, 30*time.Second)
	r := sampleReceipt("STUK-0001")
	if _, err := p.Status(ctx); err != nil {
		t.Fatal(err)
	}
	dev.SetStall(true)
	start := time.Now()
	err := p.PrintReceipt(ctx, r, nil)
	if !errors.Is(err, printer.ErrTimeout) {
		t.Fatalf("a printer that takes no data: %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("stuck write noticed after %v", d)
	}
	dev.SetStall(false)
	got := printSlips(t, ctx, dev, p, r, "after the printer took data again")
	wantLookupQR(t, got[len(got)-1], r, "after the stuck write")
}

func TestUSBDeviceFile(t *testing.T) {
	// A USB printer-class device file is a byte stream like the pty: open the
	// simulator's pty as usb:PATH.
	dev, p := startUSBSim(t, "")
	ctx := ctxFor(t, 30*time.Second)
	r := sampleReceipt("USB0-LP00")
	got := printSlips(t, ctx, dev, p, r, "print")
	wantLookupQR(t, got[0], r, "printed")
	dev.Pull()
	if _, err := p.Status(ctx); !errors.Is(err, printer.ErrGone) {
		t.Fatalf("usb device gone: %v", err)
	}
}

func TestOneWayLinkPrintsBlind(t *testing.T) {
	dev, p := startUSBSim(t, ",nostatus")
	dev.SetStatusMode(sim.StatusMute) // nothing comes back
	ctx := ctxFor(t, 30*time.Second)
	r := sampleReceipt("ONEW-AY01")
	got := printSlips(t, ctx, dev, p, r, "print")
	wantLookupQR(t, got[0], r, "printed")
	if n := dev.StatusRequests(); n != 0 {
		t.Fatalf("%d status requests on a one-way link", n)
	}
}

// A printer that acts on DLE EOT inside picture data: the driver's raster never
// contains one, so no stray status byte answers its questions (with a roll near
// its end, a stray 0x1E taken for the answer to DLE EOT 1 would read "offline").
func TestRasterDataNeverTriggersRealTimeStatus(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{RawRealTime: true}, printer.Options{})
	ctx := ctxFor(t, 30*time.Second)
	dev.SetNearEnd(true)
	bm := printer.NewBitmap(printer.Width, 200)
	for i := range bm.Bits {
		bm.Bits[i] = []byte{0x10, 0x04, 0x04}[i%3]
	}
	for i := 0; i < 3; i++ {
		if err := p.Print(ctx, bm, nil); err != nil {
			t.Fatalf("print %d: %v", i+1, err)
		}
	}
	st, err := p.Status(ctx)
	if err != nil || !st.NearEnd || st.Offline {
		t.Fatalf("status after printing %v, %v; want near end, online", st, err)
	}
	got, err := dev.WaitReceipts(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !got[2].Complete || got[2].Rows < 200 {
		t.Fatalf("third slip: %+v", got[2])
	}
}

func TestParseSpec(t *testing.T) {
	for _, c := range []struct {
		in   string
		want printer.Spec
		bad  bool
	}{
		{in: "serial:/dev/ttyUSB0", want: printer.Spec{Kind: "serial", Path: "/dev/ttyUSB0", Baud: 115200}},
		{in: "serial:COM3,9600", want: printer.Spec{Kind: "serial", Path: "COM3", Baud: 9600}},
		{in: "usb:/dev/usb/lp0", want: printer.Spec{Kind: "usb", Path: "/dev/usb/lp0"}},
		{in: "usb:/dev/usb/lp0,nostatus", want: printer.Spec{Kind: "usb", Path: "/dev/usb/lp0", NoStatus: true}},
		{in: "serial:/dev/ttyS0,9600,nostatus", want: printer.Spec{Kind: "serial", Path: "/dev/ttyS0", Baud: 9600, NoStatus: true}},
		{in: "serial:/dev/ttyS0,12345", bad: true},
		{in: "serial:", bad: true},
		{in: "lpt:/dev/lp0", bad: true},
		{in: "/dev/usb/lp0", bad: true},
	} {
		got, err := printer.ParseSpec(c.in)
		if (err != nil) != c.bad || (!c.bad && got != c.want) {
			t.Errorf("ParseSpec(%q) = %+v, %v", c.in, got, err)
		}
	}
}

// Polls that meet a status exchange in flight before anything was ever seen wait for
// it: an empty Status would read as a printer ready (the heartbeat once reported a
// printer out of paper as ready this way).
func TestFirstPollsNeverReadEmpty(t *testing.T) {
	dev, p := startSim(t, sim.PrinterConfig{}, printer.Options{})
	ctx := ctxFor(t, 30*time.Second)
	dev.SetPaperOut(true)
	const n = 8
	got := make(chan printer.Status, n)
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		go func() {
			<-start
			s, err := p.Poll(ctx)
			got <- s
			errs <- err
		}()
	}
	close(start)
	for range n {
		if s, err := <-got, <-errs; err != nil || !s.PaperOut {
			t.Errorf("poll %+v, %v; want paper out", s, err)
		}
	}
}
