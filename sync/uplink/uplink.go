package uplink

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Config tunes an Uplink. Zero values take the defaults in brackets.
type Config struct {
	// GatewayURL, KioskID and Secret override the store's settings gateway.url,
	// kiosk.id and kiosk.secret (written by `kiosk register`), which are read at the
	// start of every round otherwise.
	GatewayURL, KioskID, Secret string
	CAFile                      string            // extra PEM CA for the gateway, beside the system roots
	Transport                   http.RoundTripper // replaces the HTTP transport (tests); CAFile is then ignored
	// AllowHTTP lets the uplink use an http:// gateway on another machine (no TLS);
	// without it such a URL fails with ErrInsecureGateway. New logs a warning each
	// time it is set.
	AllowHTTP bool

	Timeout   time.Duration // per HTTP attempt [30 s]
	Retries   int           // quick resends of a request after a transport error [2]; -1 for none
	RetryWait time.Duration // first wait between those resends [200 ms]

	// Now is the clock of the outbox: backoff deadlines, usage days, Retry-After
	// dates [time.Now]. Request timestamps always use SignNow, the wall clock the
	// gateway checks against [time.Now], so a test can move Now hours ahead.
	Now     func() time.Time
	SignNow func() time.Time
	Logf    func(format string, args ...any) // [discard]; calls never overlap

	Backoff      Backoff       // dossier retries after transient failures [5 s … 15 min, ±20 %]
	ProbeBackoff Backoff       // health probes while offline [2 s … 2 min]
	Interval     time.Duration // background loop: a full round this often while online [5 min]

	BatchSize int // dossiers fetched from the outbox at a time [50]
	Workers   int // dossiers sent concurrently [2]
	UsageDays int // recent days of usage pushed [35]; every day after a re-register
	// StatusEvery is how often the status change feed is asked at most [every round].
	StatusEvery time.Duration

	// StallTimeout ends a page upload that sent no byte for this long [45 s]: a
	// timeout on progress, never on the whole transfer.
	StallTimeout time.Duration
	// SlowBelow: a link measured below this many bytes per second is reported as slow
	// [256 KB/s].
	SlowBelow int64
	// Budget limits the page bytes of a metered link (daily cap, time window).
	Budget Budget
	// Location is the kiosk's time zone for the budget's day and window [time.Local].
	Location *time.Location

	// OnChange receives the progress after every change, from the syncing goroutines,
	// one call at a time and in order. It must not block; a UI wraps its work in fyne.Do.
	OnChange func(Progress)
	// OnSettings receives remote settings that changed, pulled with the catalog
	// (settingspull.go), from the syncing goroutine. It must not block.
	OnSettings func(wire.RemoteSettings)
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Retries == 0 {
		c.Retries = 2
	} else if c.Retries < 0 {
		c.Retries = 0
	}
	if c.RetryWait <= 0 {
		c.RetryWait = 200 * time.Millisecond
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.SignNow == nil {
		c.SignNow = time.Now
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	if c.ProbeBackoff.Min == 0 && c.ProbeBackoff.Max == 0 {
		c.ProbeBackoff = Backoff{Min: 2 * time.Second, Max: 2 * time.Minute, Factor: 2, Jitter: 0.2}
	}
	if c.Interval <= 0 {
		c.Interval = 5 * time.Minute
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 50
	}
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.StallTimeout <= 0 {
		c.StallTimeout = 45 * time.Second
	}
	if c.SlowBelow <= 0 {
		c.SlowBelow = 256 << 10
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	if c.UsageDays <= 0 {
		c.UsageDays = 35
	}
	c.GatewayURL = strings.TrimRight(c.GatewayURL, "/")
	return c
}

// Uplink syncs one kiosk's store with the gateway. Its methods are safe for
// concurrent use; rounds never overlap (Sync waits for a running one).
type Uplink struct {
	st   Store
	cfg  Config
	http *resty.Client

	round sync.Mutex // one round at a time

	notifyMu sync.Mutex // serialises OnChange calls
	logMu    sync.Mutex // serialises Logf calls (workers and bookkeepers log at once)
	mu       sync.Mutex
	progress Progress

	statsMu sync.Mutex
	stats   Report // page counters of the running round

	statusMu     sync.Mutex
	statusPulled time.Time                  // when the change feed was last asked
	acked        map[string]wire.DossierAck // acknowledgements recorded since then

	stream *http.Client // page uploads: no overall timeout, a progress watchdog instead
	meter  meter        // page bytes today, link rate
	window Window       // Budget.Window, parsed

	// background loop
	loopMu sync.Mutex
	cancel context.CancelFunc
	wg     sync.WaitGroup
	kick   chan struct{}
}

// New returns an uplink over st. It does not touch the network.
func New(st Store, cfg Config) (*Uplink, error) {
	if st == nil {
		return nil, errors.New("uplink: nil store")
	}
	cfg = cfg.withDefaults()
	w, err := ParseWindow(cfg.Budget.Window)
	if err != nil {
		return nil, fmt.Errorf("uplink: %w", err)
	}
	if cfg.Budget.DailyMB < 0 {
		return nil, fmt.Errorf("uplink: budget of %d MB a day", cfg.Budget.DailyMB)
	}
	tr, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.AllowHTTP {
		cfg.Logf("uplink: WARNING: allow_http is set: an http:// gateway on another machine is used without TLS; residents' data crosses the network in clear")
	}
	hc := newResty(cfg, tr)
	u := &Uplink{st: st, cfg: cfg, http: hc, kick: make(chan struct{}, 1), window: w,
		stream: &http.Client{Transport: streamTransport(cfg, tr), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	u.progress.BudgetMB, u.progress.BudgetWindow = cfg.Budget.DailyMB, strings.TrimSpace(cfg.Budget.Window)
	return u, nil
}

func (u *Uplink) now() time.Time     { return u.cfg.Now() }
func (u *Uplink) signNow() time.Time { return u.cfg.SignNow() }
func (u *Uplink) logf(f string, a ...any) {
	u.logMu.Lock()
	defer u.logMu.Unlock()
	u.cfg.Logf(f, a...)
}

// Online reports whether the last exchange with the gateway succeeded.
func (u *Uplink) Online() bool { return u.Status().Online }

// Status returns the current progress.
func (u *Uplink) Status() Progress {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.progress
}

// update changes the progress and reports it. OnChange calls never overlap and arrive
// in the order of the changes (notifyMu); Status does not wait for them (mu).
func (u *Uplink) update(fn func(p *Progress)) {
	u.notifyMu.Lock()
	defer u.notifyMu.Unlock()
	u.mu.Lock()
	fn(&u.progress)
	p := u.progress
	u.mu.Unlock()
	if u.cfg.OnChange != nil {
		u.cfg.OnChange(p)
	}
}

// credentials resolves the gateway URL and the kiosk's credentials: Config first,
// then the store's settings.
func (u *Uplink) credentials(ctx context.Context) (creds, error) {
	cr := creds{base: u.cfg.GatewayURL, id: u.cfg.KioskID, secret: u.cfg.Secret}
	get := func(dst *string, key string) error {
		if *dst != "" {
			return nil
		}
		v, err := u.st.Setting(ctx, key)
		if err != nil {
			return fmt.Errorf("uplink: setting %s: %w", key, err)
		}
		*dst = strings.TrimSpace(v)
		return nil
	}
	for _, kv := range []struct {
		dst *string
		key string
	}{{&cr.base, KeyGatewayURL}, {&cr.id, KeyKioskID}, {&cr.secret, KeyKioskSecret}} {
		if err := get(kv.dst, kv.key); err != nil {
			return cr, err
		}
	}
	cr.base = strings.TrimRight(cr.base, "/")
	if cr.base == "" || cr.id == "" || cr.secret == "" {
		return cr, ErrNotConfigured
	}
	if !u.cfg.AllowHTTP && InsecureURL(cr.base) {
		return cr, fmt.Errorf("%w: %w", ErrNotConfigured, ErrInsecureGateway)
	}
	return cr, nil
}

// refreshCounts reads the outbox counts into the progress.
func (u *Uplink) refreshCounts(ctx context.Context) error {
	counts, err := u.st.OutboxCounts(ctx)
	if err != nil {
		return fmt.Errorf("uplink: outbox counts: %w", err)
	}
	u.update(func(p *Progress) {
		p.QueuedDossiers = counts[store.Queued] + counts[store.Sending]
		p.Rejected = counts[store.Rejected]
	})
	return nil
}

// Sync runs one round now: drain the outbox, push usage, pull the catalog, pull the
// status of unfinished dossiers. It returns what it did and the first failure that
// stopped it (a transient failure wraps ErrOffline or ErrNotGateway; ErrUnauthorized;
// ErrNotConfigured; a store error). Dossiers still due after a transient failure stay
// in the outbox with their backoff; calling Sync again later resumes.
func (u *Uplink) Sync(ctx context.Context) (Report, error) {
	u.round.Lock()
	defer u.round.Unlock()
	var rep Report
	u.update(func(p *Progress) {
		p.Syncing = true
		p.DoneDossiers, p.BytesDone, p.BytesTotal = 0, 0, 0
	})
	u.statsMu.Lock()
	u.stats = Report{}
	u.statsMu.Unlock()
	err := u.sync(ctx, &rep)
	u.statsMu.Lock()
	rep.PagesUploaded, rep.PagesPresent, rep.BytesUploaded = u.stats.PagesUploaded, u.stats.PagesPresent, u.stats.BytesUploaded
	u.statsMu.Unlock()
	if cerr := u.refreshCounts(context.WithoutCancel(ctx)); cerr != nil && err == nil {
		err = cerr
	}
	now := u.now()
	u.update(func(p *Progress) {
		p.Syncing = false
		p.LastFailure = failureOf(err)
		rep.Remaining = p.QueuedDossiers
		var te *transientError
		switch {
		case err == nil:
			p.Online, p.Configured, p.Unauthorized = true, true, false
			p.LastSync, p.LastError = now, ""
		case errors.Is(err, ErrNotConfigured):
			p.Configured, p.Online = false, false
			p.LastError, p.LastErrorAt = err.Error(), now
		case errors.Is(err, ErrUnauthorized):
			p.Configured, p.Online, p.Unauthorized = true, true, true
			p.LastError, p.LastErrorAt = ErrUnauthorized.Error(), now
		case errors.As(err, &te):
			p.Configured, p.Online = true, false
			p.LastError, p.LastErrorAt = err.Error(), now
		default:
			p.LastError, p.LastErrorAt = err.Error(), now
		}
	})
	if err != nil {
		u.logf("uplink: sync: %v", err)
	}
	return rep, err
}

func (u *Uplink) sync(ctx context.Context, rep *Report) error {
	cr, err := u.credentials(ctx)
	if err != nil {
		return err
	}
	u.update(func(p *Progress) { p.Configured = true })
	if err := u.refreshCounts(ctx); err != nil {
		return err
	}
	if err := u.loadMeter(ctx); err != nil {
		return err
	}
	err = u.drain(ctx, cr, rep)
	if serr := u.saveMeter(context.WithoutCancel(ctx)); err == nil {
		err = serr
	}
	if err != nil {
		return err
	}
	if err := u.pushUsage(ctx, cr, rep); err != nil {
		return err
	}
	if err := u.pullCatalog(ctx, cr, rep); err != nil {
		return err
	}
	if err := u.pullSettings(ctx, cr); err != nil {
		return err
	}
	return u.pullStatus(ctx, cr, rep)
}
