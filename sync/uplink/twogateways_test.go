package uplink

import (
	"context"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// Two gateway processes on one PostgreSQL database behind a router that sends every
// page request to the first and every dossier request to the second (the rest
// alternates): they work as one gateway, exactly once.
func TestTwoGatewaysOnePostgres(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "postgres")
	second := g.serve(t) // another process on the same database
	a, _ := url.Parse(g.URL)
	b, _ := url.Parse(second)
	var toA, toB, n atomic.Int64
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		target := b
		switch {
		case strings.HasPrefix(r.In.URL.Path, "/api/v1/uploads/"):
			target = a
		case strings.HasPrefix(r.In.URL.Path, "/api/v1/dossiers"):
		case n.Add(1)%2 == 0:
			target = a
		}
		if target == a {
			toA.Add(1)
		} else {
			toB.Add(1)
		}
		r.SetURL(target)
	}}
	proxyURL := gwtest.Serve(t, rp)

	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	u := newUplink(t, k, g, proxyURL, clk)
	if rep, err := u.Sync(ctx); err != nil || !rep.CatalogPulled {
		t.Fatalf("catalog through the router: %+v, %v", rep, err)
	}
	saved := k.saveDossiers(t, 14, 12, 2, 20<<10, false)
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != len(saved) {
		t.Fatalf("sync through two gateways: %+v, %v", rep, err)
	}
	if toA.Load() < 24 || toB.Load() < 12 {
		t.Errorf("requests to the first gateway %d, to the second %d: the router did not split them", toA.Load(), toB.Load())
	}
	g.checkExactlyOnce(t, k)
	// A status lookup served by either process sees the same dossier.
	for _, base := range []string{g.URL, second} {
		direct, err := New(k.st, Config{GatewayURL: base, Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		s, err := direct.Lookup(ctx, saved[0].ReceiptCode)
		if err != nil || s.ID != saved[0].ID || s.OfficialCode != k.dossier(t, saved[0].ID).OfficialCode {
			t.Fatalf("lookup at %s: %+v, %v", base, s, err)
		}
	}
}
