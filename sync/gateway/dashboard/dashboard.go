package dashboard

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// Store is the storage the dashboard needs (gwstore.SQLite and gwstore.Postgres
// provide it). Lookups fail with gwstore.ErrNotFound; SetStatus with
// gwstore.ErrTransition for a move the status graph does not allow.
type Store interface {
	SetupDashboard(ctx context.Context) error
	Account(ctx context.Context, name string) (gwstore.Account, error)
	CreateSession(ctx context.Context, s gwstore.Session) error
	Session(ctx context.Context, tokenSHA256 string) (gwstore.Session, error)
	TouchSession(ctx context.Context, tokenSHA256 string, at time.Time) error
	DeleteSession(ctx context.Context, tokenSHA256 string) error
	Kiosks(ctx context.Context) ([]gwstore.Kiosk, error)
	UsageSummary(ctx context.Context, f gwstore.UsageFilter) (gwstore.UsageSummary, error)
	Usage(ctx context.Context, f gwstore.UsageFilter) ([]gwstore.UsageDay, error)
	DashboardDossiers(ctx context.Context, q gwstore.DossierQuery) ([]gwstore.DossierRow, int, error)
	DossierStatusCounts(ctx context.Context, q gwstore.DossierQuery) (map[string]int, error)
	DossierByID(ctx context.Context, id string) (gwstore.Dossier, error)
	History(ctx context.Context, id string) ([]gwstore.StatusChange, error)
	SetStatus(ctx context.Context, idOrCode, status, note string, at time.Time) (gwstore.Dossier, error)
	RecordStatusChange(ctx context.Context, a gwstore.StatusAudit) error
	StatusAudits(ctx context.Context, dossierID string) ([]gwstore.StatusAudit, error)
	SessionsOf(ctx context.Context, account string) ([]gwstore.Session, error)
	TrimSessions(ctx context.Context, account string, keep int) error
	RecordView(ctx context.Context, v gwstore.ViewAudit) error
	Views(ctx context.Context, dossierID string) ([]gwstore.ViewAudit, error)
	Erasure(ctx context.Context, dossierID string) (gwstore.Erasure, error)
	LoginFailures(ctx context.Context, keys []string) (map[string]gwstore.LoginFailures, error)
	RecordLoginFailure(ctx context.Context, keys []string, at time.Time, window time.Duration) error
	ClearLoginFailures(ctx context.Context, keys []string) error
	Heartbeats(ctx context.Context) ([]gwstore.Heartbeat, error)
}

// Config is what a Dashboard needs.
type Config struct {
	Store  Store
	Logger *slog.Logger
	// Catalog is the procedure catalog JSON, for procedure names (codes are shown
	// alone when nil or unparsable).
	Catalog []byte
	// Secure marks cookies Secure (and __Host- prefixed): set it when serving TLS.
	Secure bool
	// Location decides "today" and the days of dossiers; Vietnam (UTC+7) when nil.
	Location *time.Location
	Now      func() time.Time // clock; time.Now when nil
	// SessionTTL and IdleTimeout bound sessions: 12 h and 30 min when zero.
	SessionTTL, IdleTimeout time.Duration
}

// Dashboard serves the web dashboard.
type Dashboard struct {
	store  Store
	log    *slog.Logger
	secure bool
	loc    *time.Location
	now    func() time.Time
	ttl    time.Duration
	idle   time.Duration
	procs  map[string]procName
	pages  map[string]*template.Template // language → templates
	pay    *payments                     // payments.go; nil: no payment pages
}

// procName is a procedure's names and its form's fields (for labels and order).
type procName struct {
	vi, en string
	form   []catalog.Field
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var styleCSS []byte

// vietnam is UTC+7 without daylight saving (no tzdata needed).
var vietnam = time.FixedZone("ICT", 7*3600)

// New builds a Dashboard and creates its tables if they are missing.
func New(ctx context.Context, cfg Config) (*Dashboard, error) {
	if cfg.Store == nil {
		return nil, errors.New("dashboard: no store")
	}
	d := &Dashboard{store: cfg.Store, log: cfg.Logger, secure: cfg.Secure, loc: cfg.Location, now: cfg.Now,
		ttl: cfg.SessionTTL, idle: cfg.IdleTimeout, procs: map[string]procName{}}
	if d.log == nil {
		d.log = slog.Default()
	}
	if d.loc == nil {
		d.loc = vietnam
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.ttl == 0 {
		d.ttl = 12 * time.Hour
	}
	if d.idle == 0 {
		d.idle = 30 * time.Minute
	}
	if len(cfg.Catalog) > 0 {
		if c, err := catalog.Parse(cfg.Catalog); err == nil {
			for _, p := range c.Procedures {
				d.procs[p.Code] = procName{vi: p.Name, en: p.NameEN, form: p.Form}
			}
		} else {
			d.log.Warn("dashboard: catalog unreadable, showing procedure codes only", "err", err)
		}
	}
	d.pages = map[string]*template.Template{}
	for _, lang := range []string{"vi", "en"} {
		t, err := template.New("").Funcs(d.funcs(lang)).Funcs(d.fleetFuncs(lang)).ParseFS(templateFS, "templates/*.html")
		if err != nil {
			return nil, fmt.Errorf("dashboard: templates: %w", err)
		}
		d.pages[lang] = t
	}
	d.setupPayments(cfg)
	if err := cfg.Store.SetupDashboard(ctx); err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return d, nil
}

// Handler returns the dashboard's HTTP handler, to mount at the server's root.
func (d *Dashboard) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/style.css", d.style)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET /lang/{lang}", d.setLang)
	mux.HandleFunc("GET /login", d.loginForm)
	mux.HandleFunc("POST /login", d.login)
	mux.Handle("POST /logout", d.authed(d.logout))
	mux.Handle("GET /{$}", d.authed(d.overview))
	mux.Handle("GET /export.csv", d.authed(d.exportCSV))
	mux.Handle("GET /dossiers", d.authed(d.dossiers))
	mux.Handle("GET /dossiers/{id}", d.authed(d.dossier))
	mux.Handle("POST /dossiers/{id}/status", d.authed(d.setStatus))
	d.routePayments(mux)
	mux.Handle("GET /sessions", d.authed(d.sessions))
	mux.Handle("POST /sessions/end", d.authed(d.endSession))
	d.routeFleet(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		d.renderError(w, r, http.StatusNotFound, "err.notfound")
	})
	return d.logRequests(securityHeaders(d.secure, mux))
}

// statusWriter remembers the status of an answer, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// logRequests logs each request at DEBUG (refusals are logged at WARN where they
// happen, with their reason).
func (d *Dashboard) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d.log.DebugContext(r.Context(), "dashboard request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr)
	})
}

// securityHeaders sets the headers every answer carries: no scripts at all, no
// framing, no sniffing, no caching of pages with figures or personal data.
func securityHeaders(secure bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if secure {
			// Over TLS, browsers must never come back over plain HTTP (a year).
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.URL.Path != "/static/style.css" {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func (d *Dashboard) style(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(styleCSS)
}

// page is what every template gets.
type page struct {
	Lang    string
	Title   string
	User    *gwstore.Account
	CSRF    string
	Path    string // the current path with its query, for the language links
	Nav     string // which menu entry is current
	Flash   string // a translation key of a notice
	Error   string // a translation key of an error
	Data    any
	Version string
}

// render executes the named template with p into a buffer, then writes it with
// status (so a template failure answers 500, not half a page).
func (d *Dashboard) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Lang = langOf(r)
	if p.Path == "" {
		p.Path = r.URL.RequestURI()
	}
	if s := sessionOf(r); s != nil {
		p.User, p.CSRF = &s.account, s.session.CSRF
	}
	var buf bytes.Buffer
	if err := d.pages[p.Lang].ExecuteTemplate(&buf, name, p); err != nil {
		d.log.ErrorContext(r.Context(), "dashboard: render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderError answers an error page whose message is the translation key msg.
func (d *Dashboard) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	d.render(w, r, status, "error.html", page{Title: "err.title", Error: msg})
}

// lookupFailed answers a failed lookup, 404 for gwstore.ErrNotFound and 500 for any
// other error, and reports whether there was one (nil: it answered nothing).
func (d *Dashboard) lookupFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, gwstore.ErrNotFound):
		d.renderError(w, r, http.StatusNotFound, "err.notfound")
	default:
		d.internalError(w, r, err)
	}
	return true
}

// internalError logs err and answers 500.
func (d *Dashboard) internalError(w http.ResponseWriter, r *http.Request, err error) {
	d.log.ErrorContext(r.Context(), "dashboard: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	d.renderError(w, r, http.StatusInternalServerError, "err.internal")
}
