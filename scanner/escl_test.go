package scanner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/esclsim"
	"github.com/cantho-kiosk/kiosk/scanner/ksp"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func newESCLSim(t *testing.T, cfg esclsim.Config) *esclsim.Device {
	t.Helper()
	if testing.Verbose() {
		cfg.Logf = t.Logf
	}
	d, err := esclsim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// openESCL opens the simulator with short timeouts and no polling, and records
// the waits the backend asks for instead of sleeping through them.
func openESCL(t *testing.T, url string, opts ESCLOptions) (*ESCL, *[]time.Duration) {
	t.Helper()
	if opts.Poll == 0 {
		opts.Poll = -1
	}
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	e, err := OpenESCL(testCtx(t, 10*time.Second), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	var mu sync.Mutex
	var waits []time.Duration
	e.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return e, &waits
}

// pageFiles returns n distinct page files (generated documents at 100 dpi).
func pageFiles(t *testing.T, n int) [][]byte {
	t.Helper()
	var files [][]byte
	for i := 1; i <= n; i++ {
		img, err := sim.DocumentPage(100, ksp.ModeGray, i)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, img.Data)
	}
	return files
}

func count(reqs []string, want string) int {
	n := 0
	for _, r := range reqs {
		if strings.HasPrefix(r, want) {
			n++
		}
	}
	return n
}

func TestESCLFeederPagesByteIdentical(t *testing.T) {
	files := pageFiles(t, 3)
	dev := newESCLSim(t, esclsim.Config{Sheets: 3, Pages: files})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{})
	var c collected
	if err := e.Scan(testCtx(t, 20*time.Second), ScanParams{DPI: 200, Source: Feeder}, c.onProgress, c.onPage); err != nil {
		t.Fatal(err)
	}
	if len(c.pages) != 3 {
		t.Fatalf("%d pages, want 3", len(c.pages))
	}
	for i, p := range c.pages {
		if p.Number != i+1 || p.Format != "jpeg" || p.Width != 827 || p.Height != 1169 || !bytes.Equal(p.Data, files[i]) {
			t.Fatalf("page %d: number %d, %s %dx%d, %d bytes; identical %v", i+1, p.Number, p.Format, p.Width, p.Height, len(p.Data), bytes.Equal(p.Data, files[i]))
		}
	}
	last := c.progress[len(c.progress)-1]
	if last.Page != 3 || last.Bytes != int64(len(files[2])) || last.Total != int64(len(files[2])) {
		t.Fatalf("last progress %+v, want page 3 complete (%d bytes)", last, len(files[2]))
	}
	if dev.Sheets() != 0 {
		t.Fatalf("%d sheets left in the feeder", dev.Sheets())
	}
	reqs := dev.Requests()
	if count(reqs, "POST /eSCL/ScanJobs") != 1 || count(reqs, "GET /eSCL/ScanJobs/") != 4 || count(reqs, "DELETE") != 0 {
		t.Fatalf("requests %v", reqs)
	}
}

func TestESCLPlatenOnePageByteIdentical(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 5}) // generated pages, at the asked resolution and mode
	e, _ := openESCL(t, dev.URL(), ESCLOptions{})
	for _, tc := range []struct {
		mode   Mode
		kmode  byte
		format string
	}{{Gray, ksp.ModeGray, "jpeg"}, {Color, ksp.ModeColor, "jpeg"}, {BW, ksp.ModeBW, "png"}} {
		var c collected
		if err := e.Scan(testCtx(t, 20*time.Second), ScanParams{DPI: 150, Mode: tc.mode}, c.onProgress, c.onPage); err != nil {
			t.Fatal(tc.mode, err)
		}
		want, err := sim.DocumentPage(150, tc.kmode, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.pages) != 1 || !bytes.Equal(c.pages[0].Data, want.Data) || c.pages[0].Format != tc.format ||
			c.pages[0].Width != want.Width || c.pages[0].Height != want.Height {
			t.Fatalf("%v: %d pages; want one %s page identical to the device's", tc.mode, len(c.pages), tc.format)
		}
	}
	if dev.Sheets() != 5 {
		t.Fatalf("a flatbed scan took sheets from the feeder: %d left", dev.Sheets())
	}
}

func TestESCLBusyRetryAfter(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 1, Faults: esclsim.Faults{Busy: 2, BusyPages: 1, RetryAfter: "3"}})
	e, waits := openESCL(t, dev.URL(), ESCLOptions{})
	var c collected
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, c.onPage); err != nil || len(c.pages) != 1 {
		t.Fatalf("scan after 503s: %v, %d pages", err, len(c.pages))
	}
	if !slices.Equal(*waits, []time.Duration{3 * time.Second, 3 * time.Second, 3 * time.Second}) {
		t.Fatalf("waited %v, want Retry-After's 3 s three times", *waits)
	}

	// A device busy for longer than BusyWait: ErrBusy, and no job left behind.
	*waits = nil
	dev.InsertPaper(1)
	dev.SetFaults(esclsim.Faults{Busy: 1000, RetryAfter: "3"})
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrBusy) || CodeOf(err) != CodeBusy {
		t.Fatalf("always busy: %v", err)
	}
	if len(*waits) != 10 { // 30 s of BusyWait in 3 s steps
		t.Fatalf("waited %v", *waits)
	}
	// A Retry-After longer than BusyWait is not waited for.
	*waits = nil
	dev.SetFaults(esclsim.Faults{Busy: 1, RetryAfter: "120"})
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil); !errors.Is(err, ErrBusy) || len(*waits) != 0 {
		t.Fatalf("Retry-After 120: %v after waits %v", err, *waits)
	}
}

func TestESCLBusyWithAnotherClientsJob(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 2})
	other, _ := openESCL(t, dev.URL(), ESCLOptions{})
	e, waits := openESCL(t, dev.URL(), ESCLOptions{BusyWait: 5 * time.Second})
	// The other client's job is running: the device answers 503 until it ends.
	started := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		var once sync.Once
		done <- other.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, func(Page) {
			once.Do(func() { close(started) })
			<-release
		})
	}()
	<-started
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100}, nil, nil)
	close(release)
	if !errors.Is(err, ErrBusy) || len(*waits) != 5 {
		t.Fatalf("while another job runs: %v (waits %v)", err, *waits)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// And one job at a time per backend, as with the others.
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100}, nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestESCLFeederEmpty(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{})
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrNoPaper) || CodeOf(err) != CodeNoPaper || !strings.Contains(err.Error(), "409") {
		t.Fatalf("empty feeder: %v", err)
	}
	st, err := e.Status(testCtx(t, 5*time.Second))
	if err != nil || st.Paper || st.Busy {
		t.Fatalf("status %v %v", st, err)
	}
}

func TestESCLJamMidJob(t *testing.T) {
	files := pageFiles(t, 3)
	dev := newESCLSim(t, esclsim.Config{Sheets: 3, Pages: files, Faults: esclsim.Faults{JamPage: 2}})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{})
	var c collected
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, c.onPage)
	if !errors.Is(err, ErrJam) || CodeOf(err) != CodeJam {
		t.Fatalf("jam: %v", err)
	}
	if len(c.pages) != 1 || !bytes.Equal(c.pages[0].Data, files[0]) {
		t.Fatalf("%d pages before the jam, want the first one intact", len(c.pages))
	}
	st, err := e.Status(testCtx(t, 5*time.Second))
	if err != nil || !st.Jam {
		t.Fatalf("status after the jam: %v %v", st, err)
	}
	// Until the sheet is taken out, a new job fails the same way.
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil); !errors.Is(err, ErrJam) {
		t.Fatalf("still jammed: %v", err)
	}
	dev.ClearJam()
	c = collected{}
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, c.onPage); err != nil || len(c.pages) != 2 {
		t.Fatalf("after clearing: %v, %d pages", err, len(c.pages))
	}
}

func TestESCLDeviceStopsAnswering(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 2})
	// Timeouts short enough for a test, long enough for a loaded CI machine's answers.
	e, _ := openESCL(t, dev.URL(), ESCLOptions{Timeout: time.Second, PageWait: time.Second})
	dev.SetFaults(esclsim.Faults{Hang: true})
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrGone) || !errors.Is(err, ErrTimeout) {
		t.Fatalf("silent device during a job: %v (want gone and timeout)", err)
	}
	if _, err := e.Status(testCtx(t, 5*time.Second)); !errors.Is(err, ErrTimeout) {
		t.Fatalf("status of a silent device: %v", err)
	}
	if _, err := OpenESCL(testCtx(t, 5*time.Second), dev.URL(), ESCLOptions{Timeout: time.Second, Poll: -1}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("open a silent device: %v", err)
	}
	dev.SetFaults(esclsim.Faults{})
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil); err != nil {
		t.Fatalf("once it answers again: %v", err)
	}
}

func TestESCLPageStallsOrIsCutShort(t *testing.T) {
	files := pageFiles(t, 2)
	dev := newESCLSim(t, esclsim.Config{Sheets: 4, Pages: files, Faults: esclsim.Faults{StallPage: 2}})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{Timeout: time.Second})
	var c collected
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, c.onPage)
	if !errors.Is(err, ErrGone) || !errors.Is(err, ErrTimeout) || len(c.pages) != 1 {
		t.Fatalf("page stalled half way: %v after %d pages", err, len(c.pages))
	}
	dev.SetFaults(esclsim.Faults{CutPage: 1})
	c = collected{}
	err = e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, c.onProgress, c.onPage)
	if !errors.Is(err, ErrTransferFailed) || len(c.pages) != 0 {
		t.Fatalf("page cut short: %v, %d pages", err, len(c.pages))
	}
	reqs := dev.Requests()
	cut := lastJobPath(t, reqs)
	if !slices.Contains(reqs, "DELETE "+cut) {
		t.Fatalf("the job whose page was cut short was not deleted: %v", reqs)
	}
}

func TestESCLPageAnsweredWithAnError(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 3, Pages: pageFiles(t, 1), Faults: esclsim.Faults{PageStatus: http.StatusInternalServerError}})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{})
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrInternal) || !strings.Contains(err.Error(), "500") {
		t.Fatalf("NextDocument 500: %v", err)
	}
	reqs := dev.Requests()
	if reqs[len(reqs)-1] != "DELETE "+lastJobPath(t, reqs) {
		t.Fatalf("the failed job was not deleted: %v", reqs)
	}
}

func TestESCLMalformedCapabilities(t *testing.T) {
	for _, bad := range []string{"garbage", "truncated", "nosource"} {
		dev := newESCLSim(t, esclsim.Config{Faults: esclsim.Faults{BadCaps: bad}})
		_, err := OpenESCL(testCtx(t, 5*time.Second), dev.URL(), ESCLOptions{Poll: -1})
		if !errors.Is(err, ErrProtocol) {
			t.Errorf("%s capabilities: %v", bad, err)
		}
	}
}

func TestESCLNothingThere(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{})
	url := dev.URL()
	dev.Close()
	if _, err := Open(testCtx(t, 5*time.Second), "escl:"+url, OpenOptions{}); !errors.Is(err, ErrGone) {
		t.Fatalf("closed port: %v", err)
	}
	dev = newESCLSim(t, esclsim.Config{})
	if _, err := OpenESCL(testCtx(t, 5*time.Second), strings.TrimSuffix(dev.URL(), "/eSCL")+"/wrong", ESCLOptions{Poll: -1}); !errors.Is(err, ErrGone) {
		t.Fatalf("wrong path: %v", err)
	}
}

func TestESCLSelfSignedCertificate(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{TLS: true, Sheets: 1})
	_, err := Open(testCtx(t, 5*time.Second), "escl:"+dev.URL(), OpenOptions{ESCL: ESCLOptions{Poll: -1}})
	sum := sha256.Sum256(dev.Certificate().Leaf.Raw)
	if !errors.Is(err, ErrGone) || !strings.Contains(err.Error(), "insecure") || !strings.Contains(err.Error(), hex.EncodeToString(sum[:])) {
		t.Fatalf("self-signed without insecure: %v (want the certificate's fingerprint and the way to allow it)", err)
	}
	src, err := Open(testCtx(t, 5*time.Second), "escl:"+dev.URL()+",insecure", OpenOptions{ESCL: ESCLOptions{Poll: -1}})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var c collected
	if err := src.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, c.onPage); err != nil || len(c.pages) != 1 {
		t.Fatalf("scan over HTTPS: %v, %d pages", err, len(c.pages))
	}
}

func TestESCLCancelMidJob(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 5, Pages: pageFiles(t, 1)})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{})
	var c collected
	err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, func(p Page) {
		c.onPage(p)
		if p.Number == 2 {
			e.Cancel(context.Background())
		}
	})
	if !errors.Is(err, ErrCancelled) || len(c.pages) != 2 {
		t.Fatalf("cancel: %v after %d pages", err, len(c.pages))
	}
	reqs := dev.Requests()
	if reqs[len(reqs)-1] != "DELETE "+lastJobPath(t, reqs) {
		t.Fatalf("the job was not deleted: %v", reqs)
	}
	if dev.Sheets() != 3 {
		t.Fatalf("%d sheets left, want 3 (the device stopped feeding)", dev.Sheets())
	}

	// Cancelling the context while the device scans a sheet: the waiting request
	// stops, the job is deleted, the error matches the context's.
	slow := newESCLSim(t, esclsim.Config{Sheets: 5, ScanTime: time.Hour})
	e2, _ := openESCL(t, slow.URL(), ESCLOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for count(slow.Requests(), "GET /eSCL/ScanJobs/") == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	err = e2.Scan(ctx, ScanParams{DPI: 100, Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("context cancelled: %v", err)
	}
	if n := count(slow.Requests(), "DELETE /eSCL/ScanJobs/"); n != 1 {
		t.Fatalf("%d DELETEs: %v", n, slow.Requests())
	}

	// Close while the device scans a sheet: Scan returns ErrGone, the job is deleted.
	e3, _ := openESCL(t, slow.URL(), ESCLOptions{})
	before := len(slow.Requests())
	go func() {
		for count(slow.Requests()[before:], "GET /eSCL/ScanJobs/") == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		e3.Close()
	}()
	err = e3.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil)
	if !errors.Is(err, ErrGone) || count(slow.Requests()[before:], "DELETE /eSCL/ScanJobs/") != 1 {
		t.Fatalf("close mid-job: %v; requests %v", err, slow.Requests()[before:])
	}
}

// lastJobPath finds the last job's path among the requests (from its NextDocument).
func lastJobPath(t *testing.T, reqs []string) string {
	t.Helper()
	for _, r := range slices.Backward(reqs) {
		if p, ok := strings.CutPrefix(r, "GET "); ok && strings.HasSuffix(p, "/NextDocument") {
			return strings.TrimSuffix(p, "/NextDocument")
		}
	}
	t.Fatalf("no NextDocument in %v", reqs)
	return ""
}

func TestESCLNearestResolution(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Resolutions: []int{100, 300}})
	var logged []string
	var mu sync.Mutex
	e, _ := openESCL(t, dev.URL(), ESCLOptions{Logf: func(f string, a ...any) {
		mu.Lock()
		logged = append(logged, fmt.Sprintf(f, a...))
		mu.Unlock()
	}})
	job, err := e.Plan(testCtx(t, 5*time.Second), ScanParams{DPI: 250})
	if err != nil || job.Resolution != 300 || len(job.Notes) != 1 || !strings.Contains(job.Notes[0], "nearest, 300 dpi") {
		t.Fatalf("plan for 250 dpi: %+v %v", job, err)
	}
	var c collected
	if err := e.Scan(testCtx(t, 20*time.Second), ScanParams{DPI: 250}, nil, c.onPage); err != nil {
		t.Fatal(err)
	}
	w, h := sim.A4Size(300)
	if len(c.pages) != 1 || c.pages[0].Width != w || c.pages[0].Height != h {
		t.Fatalf("page at the nearest resolution: %+v", c.pages)
	}
	mu.Lock()
	said := strings.Join(logged, "\n")
	mu.Unlock()
	if !strings.Contains(said, "does not offer 250 dpi") || !strings.Contains(said, "300 dpi") {
		t.Fatalf("the choice was not said: %q", said)
	}
	for want, got := range map[int]int{120: 100, 200: 300, 1200: 300, 50: 100} {
		if r, ok := nearestResolution(want, []int{100, 300}, nil); !ok || r != got {
			t.Errorf("nearest to %d: %d", want, r)
		}
	}
	for want, got := range map[int]int{73: 75, 601: 600, 2000: 1200, 310: 310} {
		if r, ok := nearestResolution(want, nil, [][3]int{{75, 1200, 5}}); !ok || r != got {
			t.Errorf("nearest to %d in 75-1200 step 5: %d", want, r)
		}
	}
}

func TestESCLPlanLimits(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{NoFeeder: true, Sheets: 3})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{})
	for _, p := range []ScanParams{{Source: Feeder, Duplex: true}, {Duplex: true}, {DPI: -5}} {
		if err := e.Scan(testCtx(t, 5*time.Second), p, nil, nil); !errors.Is(err, ErrBadParam) {
			t.Errorf("%+v: %v", p, err)
		}
	}
	inf := e.Info()
	if inf.Feeder || !inf.Platen || inf.MakeAndModel != "Kiosk eSCL simulator" {
		t.Fatalf("info %+v", inf)
	}
	// The kiosk asks for the feeder; a flatbed-only device scans one page, and says so.
	job, err := e.Plan(testCtx(t, 5*time.Second), ScanParams{Source: Feeder})
	if err != nil || job.Source != "Platen" || len(job.Notes) != 1 || !strings.Contains(job.Notes[0], "no feeder") {
		t.Fatalf("feeder on a flatbed-only device: %+v %v", job, err)
	}
	var c collected
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, c.onPage); err != nil || len(c.pages) != 1 {
		t.Fatalf("scan: %v, %d pages", err, len(c.pages))
	}
	// And a sheet-fed device scans from its feeder when asked for the flatbed.
	fed := newESCLSim(t, esclsim.Config{NoPlaten: true, Sheets: 2})
	e2, _ := openESCL(t, fed.URL(), ESCLOptions{})
	c = collected{}
	if err := e2.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100}, nil, c.onPage); err != nil || len(c.pages) != 2 {
		t.Fatalf("flatbed on a sheet-fed device: %v, %d pages", err, len(c.pages))
	}
}

func TestESCLEvents(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{})
	e, _ := openESCL(t, dev.URL(), ESCLOptions{Poll: 30 * time.Millisecond, Timeout: time.Second})
	next := func(want EventKind) {
		t.Helper()
		select {
		case ev := <-e.Events():
			if ev.Kind != want {
				t.Fatalf("event %v, want %v", ev.Kind, want)
			}
			if want == EventGone && !errors.Is(ev.Err, ErrTimeout) {
				t.Fatalf("gone because %v", ev.Err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %v event", want)
		}
	}
	for count(dev.Requests(), "GET /eSCL/ScannerStatus") < 2 { // polls have seen the empty feeder
		time.Sleep(10 * time.Millisecond)
	}
	dev.InsertPaper(2)
	next(EventPaperIn)
	dev.SetFaults(esclsim.Faults{Hang: true})
	next(EventGone)
	dev.SetFaults(esclsim.Faults{})
	next(EventBack)
	dev.RemovePaper()
	next(EventPaperOut)
	e.Close()
	if _, ok := <-e.Events(); ok {
		t.Fatal("Events open after Close")
	}
	if err := e.Scan(testCtx(t, 5*time.Second), ScanParams{}, nil, nil); !errors.Is(err, ErrGone) {
		t.Fatalf("scan after close: %v", err)
	}
}

func TestESCLWaitForDevice(t *testing.T) {
	dev := newESCLSim(t, esclsim.Config{Sheets: 1, Faults: esclsim.Faults{Hang: true}})
	e, err := OpenESCL(testCtx(t, 5*time.Second), dev.URL(), ESCLOptions{WaitForDevice: true, Poll: 30 * time.Millisecond, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dev.SetFaults(esclsim.Faults{})
	select {
	case ev := <-e.Events():
		if ev.Kind != EventBack {
			t.Fatalf("event %v", ev.Kind)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no EventBack")
	}
	if err := e.Scan(testCtx(t, 10*time.Second), ScanParams{DPI: 100, Source: Feeder}, nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestParseESCLSpec(t *testing.T) {
	for spec, want := range map[string]DeviceSpec{
		"escl:http://10.0.0.5/eSCL":                 {Kind: "escl", Target: "http://10.0.0.5/eSCL"},
		"escl:http://10.0.0.5:8080/eSCL/":           {Kind: "escl", Target: "http://10.0.0.5:8080/eSCL"},
		"escl:https://10.0.0.5/eSCL,insecure":       {Kind: "escl", Target: "https://10.0.0.5/eSCL", Insecure: true},
		"escl:auto":                                 {Kind: "escl", Target: "auto"},
		" escl:http://[fe80::1%25eth0]:80/eSCL ":    {Kind: "escl", Target: "http://[fe80::1%25eth0]:80/eSCL"},
		"escl:https://printer.local:443/eSCL":       {Kind: "escl", Target: "https://printer.local:443/eSCL"},
		"escl:https://printer.local/eSCL, insecure": {Kind: "escl", Target: "https://printer.local/eSCL", Insecure: true},
	} {
		got, err := ParseDeviceSpec(spec)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v", spec, got, err)
		}
	}
	for _, bad := range []string{"escl:", "escl:10.0.0.5", "escl:ftp://x/eSCL", "escl:http://x/eSCL,fast",
		"escl:http://x/eSCL,insecure", "escl:http:///eSCL", "escl:http://x/eSCL?a=b"} {
		if _, err := ParseDeviceSpec(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
