package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Config is what a Server needs.
type Config struct {
	Store   Store
	Catalog []byte // the catalog JSON to serve (validated by New)
	Agency  string // agency code of official codes; wire.DefaultAgencyCode when empty
	Logger  *slog.Logger
	// Location is the gateway's local time zone: it decides the day of official codes.
	// Vietnam (UTC+7, no daylight saving) when nil.
	Location *time.Location
	Now      func() time.Time // clock; time.Now when nil
	// PaymentSecret is the shared secret of the bank's payment notifications (not a
	// kiosk's); empty: the endpoint answers 404. Payees are the fee accounts of the
	// gateway's configuration: each kiosk's catalog carries those of its commune.
	PaymentSecret string
	Payees        []catalog.Payee
	// Limits bound uploads (concurrency, memory, body deadlines); zero values take
	// the defaults documented on Limits.
	Limits Limits
	// Updates is the directory of published kiosk builds and their minisign
	// signatures (update.go); none are offered when empty.
	Updates string
}

// Server serves the kiosk API.
type Server struct {
	store  Store
	agency string
	log    *slog.Logger
	loc    *time.Location
	now    func() time.Time
	cat    atomic.Pointer[servedCatalog]

	paySecret string
	pay       PaymentStore // nil when the store keeps no payments
	payees    []catalog.Payee
	limits    Limits
	uploads   *uploadSlots

	updates string // published kiosk builds (update.go)
}

// servedCatalog is the catalog as served: its bytes, ETag and parsed form.
type servedCatalog struct {
	body []byte
	etag string
	cat  *catalog.Catalog

	byCommune sync.Map // lower-case commune → *communeCatalog (catalog_payees.go)
}

// Vietnam is UTC+7 without daylight saving (no tzdata needed).
var Vietnam = time.FixedZone("ICT", 7*3600)

// New builds a Server; it fails when the catalog does not validate or the agency code
// cannot make official codes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("gateway: no store")
	}
	s := &Server{store: cfg.Store, agency: cfg.Agency, log: cfg.Logger, loc: cfg.Location, now: cfg.Now,
		limits: cfg.Limits.withDefaults(), updates: cfg.Updates}
	s.uploads = newUploadSlots(s.limits)
	if s.agency == "" {
		s.agency = wire.DefaultAgencyCode
	}
	if !wire.ValidAgencyCode(s.agency) {
		return nil, fmt.Errorf("gateway: agency code %q: want dotted letters and digits like %s", s.agency, wire.DefaultAgencyCode)
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.loc == nil {
		s.loc = Vietnam
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.setPayments(cfg); err != nil {
		return nil, err
	}
	if err := s.SetCatalog(cfg.Catalog); err != nil {
		return nil, err
	}
	return s, nil
}

// SetCatalog validates and swaps in a new catalog to serve.
func (s *Server) SetCatalog(data []byte) error {
	c, err := catalog.Parse(data)
	if err != nil {
		return fmt.Errorf("gateway: catalog: %w", err)
	}
	s.cat.Store(&servedCatalog{body: append([]byte(nil), data...), etag: `"` + wire.BodyHash(data) + `"`, cat: c})
	return nil
}

// CatalogETag is the ETag of the catalog being served.
func (s *Server) CatalogETag() string { return s.cat.Load().etag }

// Handler returns the HTTP handler of the API.
func (s *Server) Handler() http.Handler {
	api := http.NewServeMux()
	api.HandleFunc("HEAD /api/v1/pages/{sha256}", s.headPage)
	api.HandleFunc("PUT /api/v1/pages/{sha256}", s.putPage)
	api.HandleFunc("PUT /api/v1/dossiers/{id}", s.putDossier)
	api.HandleFunc("GET /api/v1/dossiers/{id}", s.getDossier)
	api.HandleFunc("GET /api/v1/dossiers", s.findDossier)
	api.HandleFunc("PUT /api/v1/usage/{day}", s.putUsage)
	api.HandleFunc("GET /api/v1/catalog", s.getCatalog)
	api.HandleFunc("GET /api/v1/uploads/{sha256}", s.getUpload)
	api.HandleFunc("PATCH /api/v1/uploads/{sha256}", s.patchUpload)
	api.HandleFunc("GET /api/v1/changes", s.getChanges)
	api.HandleFunc("PUT /api/v1/heartbeat", s.putHeartbeat)
	api.HandleFunc("GET /api/v1/settings", s.getSettings)
	api.HandleFunc("GET /api/v1/update", s.getUpdate)

	root := http.NewServeMux()
	root.HandleFunc("GET /api/v1/health", s.health)
	root.HandleFunc("POST "+wire.PaymentNotifyPath, s.paymentNotify) // its own secret, not a kiosk's
	root.HandleFunc(wire.PaymentNotifyPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, wire.CodeMethodNotAllowed, "POST a payment notification")
	})
	root.HandleFunc("GET /api/v1/builds/{file}", s.getBuild)
	root.Handle("/api/v1/", s.authenticate(jsonMisses(api)))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "no such endpoint")
	})
	return s.logRequests(root)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, wire.Health{Status: "ok", Time: s.now().UTC().Truncate(time.Second), Gateway: wire.GatewayName})
}

// writeJSON writes v as a JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal","message":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", wire.ContentTypeJSON)
	w.WriteHeader(status)
	w.Write(b)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, wire.Error{Code: code, Message: msg})
}

// internalError logs err and answers 500 (transient for the kiosk).
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, wire.CodeInternal, "internal error, try again later")
}

// jsonMisses turns the mux's plain-text 404 and 405 answers into JSON errors.
func jsonMisses(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r) // (not h: the mux sets the path values)
			return
		}
		rec := &missRecorder{header: http.Header{}, status: http.StatusNotFound}
		h.ServeHTTP(rec, r)
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		code := wire.CodeNotFound
		if rec.status == http.StatusMethodNotAllowed {
			code = wire.CodeMethodNotAllowed
		}
		writeError(w, rec.status, code, http.StatusText(rec.status))
	})
}

// missRecorder keeps the status and headers of the mux's own error answers.
type missRecorder struct {
	header http.Header
	status int
}

func (m *missRecorder) Header() http.Header         { return m.header }
func (m *missRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (m *missRecorder) WriteHeader(code int)        { m.status = code }
