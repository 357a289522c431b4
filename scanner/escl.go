package scanner

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// ESCLOptions tune the eSCL (AirScan) backend.
type ESCLOptions struct {
	// Insecure accepts any TLS certificate from this device (many scanners serve
	// HTTPS with a self-signed one). Off by default; the setting
	// "escl:https://HOST/eSCL,insecure" turns it on for one device.
	Insecure bool
	// Timeout bounds every request, and every silence while a page arrives: a
	// device silent this long stopped answering. Default 10 s.
	Timeout time.Duration
	// PageWait bounds how long NextDocument may take before its page starts to
	// arrive (devices hold it while they scan the sheet). Default 30 s.
	PageWait time.Duration
	// BusyWait is how long a job keeps asking again while the device answers 503
	// with Retry-After (busy, warming up, page not ready). Default 30 s.
	BusyWait time.Duration
	// Poll is how often the device's status is read for Events (gone, back, paper
	// in and out). Default 5 s; negative: never.
	Poll time.Duration
	// WaitForDevice lets Open succeed while the device does not answer yet (a
	// network scanner that boots after the kiosk); Events reports EventBack once
	// it does, and scans fail with ErrGone until then.
	WaitForDevice bool
	// DiscoverWait is how long "escl:auto" listens for mDNS answers. Default 2 s.
	DiscoverWait time.Duration
	// HTTPClient replaces the backend's own client (tests); Insecure is then ignored.
	HTTPClient *http.Client
	Logf       func(format string, args ...any)
}

func (o ESCLOptions) withDefaults() ESCLOptions {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.PageWait <= 0 {
		o.PageWait = 30 * time.Second
	}
	if o.BusyWait <= 0 {
		o.BusyWait = 30 * time.Second
	}
	if o.Poll == 0 {
		o.Poll = 5 * time.Second
	}
	if o.DiscoverWait <= 0 {
		o.DiscoverWait = 2 * time.Second
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// ESCLInfo is what the device says about itself in its capabilities.
type ESCLInfo struct {
	MakeAndModel, SerialNumber, UUID string
	Feeder, Duplex, Platen           bool
}

// ESCL is a driverless network (or IPP-over-USB) scanner speaking eSCL, also
// called AirScan: HTTP and XML under a base URL such as http://10.0.0.5/eSCL.
type ESCL struct {
	base   string // without a trailing slash
	opts   ESCLOptions
	client *http.Client
	life   context.Context
	stop   context.CancelFunc
	sleep  func(ctx context.Context, d time.Duration) error // tests replace it
	now    func() time.Time

	scanMu sync.Mutex // one job at a time

	mu         sync.Mutex
	caps       *esclCaps
	abort      context.CancelCauseFunc // ends the running job's requests
	connected  bool
	paper      bool // paper in the feeder at the last poll...
	paperKnown bool // ...once a poll succeeded
	closed     bool
	events     chan Event
	wg         sync.WaitGroup
}

// ParseESCLURL checks an eSCL base URL ("http://HOST[:PORT]/eSCL", https too) and
// returns it without a trailing slash.
func ParseESCLURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("eSCL URL %q: want http://HOST[:PORT]/eSCL (or https://)", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// parseESCLSpec reads the target of "escl:URL[,insecure]" or "escl:auto".
func parseESCLSpec(spec, target string) (DeviceSpec, error) {
	d := DeviceSpec{Kind: "escl", Target: strings.TrimSpace(target)}
	if u, opt, ok := strings.Cut(d.Target, ","); ok {
		if strings.TrimSpace(opt) != "insecure" {
			return DeviceSpec{}, fmt.Errorf("scanner %q: option %q: the only one is insecure (accept a self-signed certificate)", spec, opt)
		}
		d.Target, d.Insecure = strings.TrimSpace(u), true
	}
	if d.Target == "auto" {
		return d, nil
	}
	u, err := ParseESCLURL(d.Target)
	if err != nil {
		return DeviceSpec{}, fmt.Errorf("scanner %q: %v", spec, err)
	}
	if d.Insecure && !strings.HasPrefix(u, "https:") {
		return DeviceSpec{}, fmt.Errorf("scanner %q: insecure is for https URLs", spec)
	}
	d.Target = u
	return d, nil
}

// OpenESCL opens the eSCL scanner at base ("http://HOST[:PORT]/eSCL", or "auto"
// for the only one DiscoverESCL finds) and reads its capabilities. It fails with ErrGone when nothing answers there (or its TLS
// certificate is not trusted), ErrTimeout when it stops answering, ErrProtocol when
// the capabilities are not a usable eSCL document.
func OpenESCL(ctx context.Context, base string, opts ESCLOptions) (*ESCL, error) {
	opts = opts.withDefaults()
	if base == "auto" {
		found, err := discoverOne(ctx, opts)
		if err != nil {
			return nil, err
		}
		base = found
	}
	b, err := ParseESCLURL(base)
	if err != nil {
		return nil, newErr(CodeBadParam, "open", "", err)
	}
	life, stop := context.WithCancel(context.Background())
	e := &ESCL{base: b, opts: opts, client: esclClient(opts), life: life, stop: stop,
		sleep: sleepCtx, now: time.Now, events: make(chan Event, 8)}
	if _, err := e.capabilities(ctx); err != nil {
		if !opts.WaitForDevice || (CodeOf(err) != CodeGone && CodeOf(err) != CodeTimeout) {
			e.Close()
			return nil, err
		}
		opts.Logf("scanner: eSCL %s: %v (waiting for it)", b, err)
	} else {
		e.connected = true
	}
	if opts.Poll > 0 {
		e.wg.Add(1)
		go e.watch()
	}
	return e, nil
}

// URL is the device's eSCL base URL.
func (e *ESCL) URL() string { return e.base }

// Info reports what the capabilities say (zero before the device first answered).
func (e *ESCL) Info() ESCLInfo {
	e.mu.Lock()
	c := e.caps
	e.mu.Unlock()
	if c == nil {
		return ESCLInfo{}
	}
	return ESCLInfo{MakeAndModel: c.MakeAndModel, SerialNumber: c.SerialNumber, UUID: c.UUID,
		Feeder: c.hasFeeder(), Duplex: c.hasDuplex(), Platen: c.Platen != nil}
}

// Plan says what a scan with p will ask the device for: the nearest resolution it
// offers, the colour mode and format, and notes where that differs from p.
func (e *ESCL) Plan(ctx context.Context, p ScanParams) (ESCLJob, error) {
	c, err := e.capabilities(ctx)
	if err != nil {
		return ESCLJob{}, err
	}
	return planESCL(c, p.withDefaults())
}

// capabilities returns the device's capabilities, reading them once.
func (e *ESCL) capabilities(ctx context.Context) (*esclCaps, error) {
	e.mu.Lock()
	c := e.caps
	e.mu.Unlock()
	if c != nil {
		return c, nil
	}
	b, err := e.document(ctx, "open", "/ScannerCapabilities")
	if err != nil {
		return nil, err
	}
	c, err = parseESCLCaps(b)
	if err != nil {
		return nil, newErr(CodeProtocol, "open", "", err)
	}
	e.mu.Lock()
	e.caps = c
	e.mu.Unlock()
	return c, nil
}

// status reads ScannerStatus.
func (e *ESCL) status(ctx context.Context) (*esclStatus, error) {
	b, err := e.document(ctx, "status", "/ScannerStatus")
	if err != nil {
		return nil, err
	}
	st, err := parseESCLStatus(b)
	if err != nil {
		return nil, newErr(CodeProtocol, "status", "", err)
	}
	return st, nil
}

// Status reads the device's state: busy, warming up, feeder loaded, jammed or open.
func (e *ESCL) Status(ctx context.Context) (State, error) {
	if e.isClosed() {
		return State{}, newErr(CodeGone, "status", "closed", nil)
	}
	st, err := e.status(ctx)
	if err != nil {
		return State{}, err
	}
	return st.state(), nil
}

// Events delivers EventGone and EventBack as the status polls fail and recover,
// and EventPaperIn/EventPaperOut as the feeder is loaded and emptied (eSCL has no
// button events). It is closed by Close.
func (e *ESCL) Events() <-chan Event { return e.events }

// Cancel ends the running job: its requests stop, and Scan sends DELETE for the
// job before it returns ErrCancelled.
func (e *ESCL) Cancel(ctx context.Context) error {
	e.mu.Lock()
	abort := e.abort
	e.mu.Unlock()
	if abort != nil {
		abort(errESCLCancel)
	}
	return nil
}

// Close ends a running job (sending DELETE), stops polling, closes Events and
// unblocks every waiting call with ErrGone.
func (e *ESCL) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	e.stop()
	e.wg.Wait()
	e.mu.Lock()
	close(e.events)
	e.mu.Unlock()
	if tr, ok := e.client.Transport.(*http.Transport); ok && e.opts.HTTPClient == nil {
		tr.CloseIdleConnections()
	}
	return nil
}

func (e *ESCL) isClosed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

// emit delivers an event unless nobody reads or Events is closed.
func (e *ESCL) emit(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return
	}
	select {
	case e.events <- ev:
	default:
	}
}

// watch polls the status: EventGone when the device stops answering, EventBack
// when it answers again, paper events as the feeder's state changes.
func (e *ESCL) watch() {
	defer e.wg.Done()
	t := time.NewTicker(e.opts.Poll)
	defer t.Stop()
	for {
		select {
		case <-e.life.Done():
			return
		case <-t.C:
		}
		// Each request bounds itself by Timeout (a deadline here would read as a cancel).
		st, err := e.status(e.life)
		if err == nil {
			_, err = e.capabilities(e.life) // the device answered: a kiosk started before it needs them
		}
		e.mu.Lock()
		was, paperWas, known := e.connected, e.paper, e.paperKnown
		e.connected = err == nil || (CodeOf(err) != CodeGone && CodeOf(err) != CodeTimeout)
		now := e.connected
		if err == nil {
			e.paper, e.paperKnown = st.state().Paper, true
		}
		e.mu.Unlock()
		if e.life.Err() != nil {
			return
		}
		switch {
		case was && !now:
			e.emit(Event{Kind: EventGone, Err: err})
		case !was && now:
			e.emit(Event{Kind: EventBack})
		}
		if err == nil && known && st.state().Paper != paperWas {
			if st.state().Paper {
				e.emit(Event{Kind: EventPaperIn})
			} else {
				e.emit(Event{Kind: EventPaperOut})
			}
		}
	}
}
