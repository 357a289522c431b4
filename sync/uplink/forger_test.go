package uplink

import (
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"

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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	f.URL = "http://" + ln.Addr().String()
	return f
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
