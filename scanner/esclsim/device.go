package esclsim

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Config describes the simulated device. The zero value is a flatbed with a duplex
// feeder (empty), 100–600 dpi, gray, colour and black and white, JPEG and PNG.
type Config struct {
	Model, Serial string
	Addr          string // listen address; default 127.0.0.1:0
	TLS           bool   // HTTPS with a self-signed certificate
	Sheets        int    // sheets in the feeder at start
	NoFeeder      bool
	NoPlaten      bool
	NoDuplex      bool
	Resolutions   []int // discrete resolutions offered; default 100, 150, 200, 300, 600
	// Pages are the page files served in turn: page n of a job is
	// Pages[(n-1) % len(Pages)], whatever the settings. Empty: generated A4
	// documents at the asked resolution and mode.
	Pages [][]byte
	// ScanTime is how long the device takes to scan a sheet before NextDocument
	// answers (0: at once).
	ScanTime time.Duration
	Faults   Faults
	Logf     func(format string, args ...any)
}

// Faults are misbehaviours injected on demand; set them in Config or with
// SetFaults. Counters count down as they fire; one-shot faults clear themselves.
type Faults struct {
	Busy       int    // the next N POST ScanJobs answer 503 (device busy, warming up)
	BusyPages  int    // the next N NextDocument answer 503 (page not ready yet)
	RetryAfter string // the Retry-After sent with each 503; default "1"
	JamPage    int    // the sheet jams as page n of the next job is fed: the job is aborted (one-shot)
	Hang       bool   // the device stops answering: every request waits until Hang is cleared or Close
	StallPage  int    // page n's body stops half way and hangs (one-shot)
	CutPage    int    // page n's body is cut short: the connection closes half way (one-shot)
	BadCaps    string // malformed ScannerCapabilities: "garbage", "truncated" or "nosource"
	PageStatus int    // the next NextDocument answers this HTTP status (500, 409, ...) and the job is aborted (one-shot)
}

// Device is a simulated eSCL scanner on an HTTP server.
type Device struct {
	cfg  Config
	ln   net.Listener
	srv  *http.Server
	url  string
	cert *tls.Certificate
	hung chan struct{} // closed to release requests held by Faults.Hang
	done chan struct{} // closed by Close

	mu       sync.Mutex
	faults   Faults
	sheets   int
	jam      bool
	jobs     []*job
	active   *job
	requests []string
	served   int64 // page bytes served
	pages    int64
	mdns     []func() error
	// transcoded holds generated pages re-encoded in the other format.
	transcoded map[string][]byte
}

// New starts a simulated eSCL scanner.
func New(cfg Config) (*Device, error) {
	if cfg.Model == "" {
		cfg.Model = "Kiosk eSCL simulator"
	}
	if cfg.Serial == "" {
		cfg.Serial = "SIM-ESCL-0001"
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if len(cfg.Resolutions) == 0 {
		cfg.Resolutions = []int{100, 150, 200, 300, 600}
	}
	if cfg.NoPlaten && cfg.NoFeeder {
		return nil, errors.New("esclsim: a device needs a flatbed or a feeder")
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("esclsim: %w", err)
	}
	d := &Device{cfg: cfg, ln: ln, hung: make(chan struct{}), done: make(chan struct{}), faults: cfg.Faults, sheets: cfg.Sheets, transcoded: map[string][]byte{}}
	scheme := "http"
	if cfg.TLS {
		cert, err := selfSigned()
		if err != nil {
			ln.Close()
			return nil, err
		}
		d.cert = cert
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	d.url = fmt.Sprintf("%s://%s/eSCL", scheme, d.ln.Addr())
	// Handshakes refused by clients that do not trust the certificate are expected.
	d.srv = &http.Server{Handler: d, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go d.srv.Serve(ln)
	return d, nil
}

// URL is the device's eSCL base URL (http://127.0.0.1:PORT/eSCL).
func (d *Device) URL() string { return d.url }

// Certificate is the self-signed certificate served with Config.TLS (nil without).
func (d *Device) Certificate() *tls.Certificate { return d.cert }

// Close stops the server and releases every held request.
func (d *Device) Close() error {
	d.mu.Lock()
	select {
	case <-d.done:
		d.mu.Unlock()
		return nil
	default:
	}
	close(d.done)
	stops := d.mdns
	d.mdns = nil
	d.mu.Unlock()
	for _, s := range stops {
		s()
	}
	return d.srv.Close()
}

// SetFaults replaces the injected faults; clearing Hang releases held requests.
func (d *Device) SetFaults(f Faults) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.faults.Hang && !f.Hang {
		close(d.hung)
		d.hung = make(chan struct{})
	}
	d.faults = f
}

// Faults returns the faults still armed.
func (d *Device) Faults() Faults {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.faults
}

// InsertPaper adds sheets to the feeder.
func (d *Device) InsertPaper(n int) {
	d.mu.Lock()
	d.sheets += n
	d.mu.Unlock()
}

// RemovePaper empties the feeder.
func (d *Device) RemovePaper() {
	d.mu.Lock()
	d.sheets = 0
	d.mu.Unlock()
}

// ClearJam takes the jammed sheet out.
func (d *Device) ClearJam() {
	d.mu.Lock()
	d.jam = false
	d.mu.Unlock()
}

// Sheets is how many sheets are left in the feeder.
func (d *Device) Sheets() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sheets
}

// Requests lists the requests received so far, as "METHOD /path".
func (d *Device) Requests() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.requests...)
}

// Served reports the pages and page bytes sent whole so far.
func (d *Device) Served() (pages, bytes int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pages, d.served
}

// ServeHTTP routes the eSCL resources.
func (d *Device) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	d.requests = append(d.requests, r.Method+" "+r.URL.Path)
	hang, hung := d.faults.Hang, d.hung
	d.mu.Unlock()
	d.cfg.Logf("esclsim: %s %s", r.Method, r.URL.Path)
	if hang {
		// Read the request whole first: only then does the server notice a client
		// that gave up and went away (else a held POST would create a job later).
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
		select {
		case <-r.Context().Done():
			return
		case <-d.done:
			return
		case <-hung:
		}
	}
	path := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case path == "/eSCL/ScannerCapabilities" && r.Method == http.MethodGet:
		d.capabilities(w)
	case path == "/eSCL/ScannerStatus" && r.Method == http.MethodGet:
		d.status(w)
	case path == "/eSCL/ScanJobs" && r.Method == http.MethodPost:
		d.createJob(w, r)
	case strings.HasPrefix(path, "/eSCL/ScanJobs/"):
		id, rest, _ := strings.Cut(strings.TrimPrefix(path, "/eSCL/ScanJobs/"), "/")
		switch {
		case rest == "NextDocument" && r.Method == http.MethodGet:
			d.nextDocument(w, r, id)
		case rest == "" && r.Method == http.MethodDelete:
			d.deleteJob(w, id)
		default:
			http.NotFound(w, r)
		}
	default:
		http.NotFound(w, r)
	}
}

func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
