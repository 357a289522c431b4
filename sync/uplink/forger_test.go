package uplink

import (
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// forgedAnswer is what a forger answers instead of the gateway.
type forgedAnswer struct {
	status int
	header map[string]string
	body   []byte
}

// forger is a reverse proxy in front of the real gateway that knows the kiosk's secret,
// so it can answer some requests itself with correctly signed answers: a fault injector
// for the gateway's own rarer answers (a signed 503 with Retry-After, a bad catalog, a
// HEAD that claims a page it does not have).
type forger struct {
	URL       string
	mu        sync.Mutex
	intercept func(r *http.Request) *forgedAnswer
	seen      []string // "METHOD path" of every request
}

func startForger(t testing.TB, g *testGateway, intercept func(r *http.Request) *forgedAnswer) *forger {
	t.Helper()
	target, _ := url.Parse(g.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	f := &forger{intercept: intercept}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.seen = append(f.seen, r.Method+" "+r.URL.Path)
		ic := f.intercept
		f.mu.Unlock()
		if ic != nil {
			if a := ic(r); a != nil {
				for k, v := range a.header {
					w.Header().Set(k, v)
				}
				w.Header().Set("Content-Type", wire.ContentTypeJSON)
				w.Header().Set(wire.HeaderGatewaySignature, wire.SignResponse(g.Secret, a.status, r.Header.Get(wire.HeaderSignature), a.body))
				w.WriteHeader(a.status)
				w.Write(a.body)
				return
			}
		}
		rp.ServeHTTP(w, r)
	})
	f.URL = gwtest.Serve(t, h)
	return f
}

// unavailable is the gateway's signed 503.
func unavailable() *forgedAnswer {
	return &forgedAnswer{status: 503, body: []byte(`{"error":"unavailable"}`)}
}

// isDossierPUT tells a dossier submission from the other requests.
func isDossierPUT(r *http.Request) bool {
	return r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/api/v1/dossiers/")
}

// failDossierPUTs answers the first n dossier PUTs with a signed 503 and passes the
// rest (and every other request) on to the gateway.
func failDossierPUTs(n int32) func(r *http.Request) *forgedAnswer {
	var fails atomic.Int32
	fails.Store(n)
	return func(r *http.Request) *forgedAnswer {
		if isDossierPUT(r) && fails.Add(-1) >= 0 {
			return unavailable()
		}
		return nil
	}
}

func (f *forger) set(intercept func(r *http.Request) *forgedAnswer) {
	f.mu.Lock()
	f.intercept = intercept
	f.mu.Unlock()
}

func (f *forger) count(method, prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.seen {
		if len(s) >= len(method)+1+len(prefix) && s[:len(method)] == method && s[len(method)+1:len(method)+1+len(prefix)] == prefix {
			n++
		}
	}
	return n
}
