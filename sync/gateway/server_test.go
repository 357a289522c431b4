package gateway_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

type fixture struct {
	srv    *httptest.Server
	store  *gwstore.SQLite
	client *gwtest.Client
	clock  *atomic.Int64 // the server's clock, unix nanoseconds
	logs   *gwtest.Buffer
}

func newFixture(t *testing.T) *fixture { t.Helper(); return newFixtureLimits(t, gateway.Limits{}) }

// newFixtureLimits is newFixture with upload limits.
func newFixtureLimits(t *testing.T, lim gateway.Limits) *fixture {
	t.Helper()
	st := openSQLite(t, gwstore.Kiosk{ID: "k1", Name: "k1", Secret: "secret-1"})
	cat := gatewayCatalog(t)
	f := &fixture{store: st, clock: new(atomic.Int64), logs: &gwtest.Buffer{}}
	f.clock.Store(time.Now().UnixNano())
	s, err := gateway.New(gateway.Config{Store: st, Catalog: cat, Agency: "000.00.92.H13",
		Logger: slog.New(slog.NewJSONHandler(f.logs, nil)), Now: func() time.Time { return time.Unix(0, f.clock.Load()) }, Limits: lim})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	f.client = &gwtest.Client{BaseURL: f.srv.URL, ID: "k1", Secret: "secret-1", HTTP: f.srv.Client()}
	return f
}

func TestNewRefusesBadConfig(t *testing.T) {
	st := openSQLite(t)
	cat := gatewayCatalog(t)
	if _, err := gateway.New(gateway.Config{Store: st, Catalog: []byte(`{"version":"1","procedures":[]}`)}); err == nil {
		t.Error("an invalid catalog was accepted")
	}
	if _, err := gateway.New(gateway.Config{Store: st, Catalog: cat, Agency: "bad agency"}); err == nil {
		t.Error("a bad agency code was accepted")
	}
}

// The server's clock decides the skew window (both directions).
func TestClockSkewWindow(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		skew time.Duration
		want int
	}{{0, 200}, {299 * time.Second, 200}, {-299 * time.Second, 200}, {301 * time.Second, 401}, {-301 * time.Second, 401}, {24 * time.Hour, 401}} {
		f.clock.Store(time.Now().Add(tc.skew).UnixNano())
		r, err := f.client.Do(ctx, "GET", wire.CatalogPath, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != tc.want {
			t.Errorf("server clock %v off: %d, want %d", tc.skew, r.Status, tc.want)
		}
	}
	if !strings.Contains(f.logs.String(), "timestamp outside the allowed clock skew") {
		t.Errorf("stale refusals not logged with their reason:\n%s", f.logs)
	}
}

// Official codes use the agency code and the gateway's local (UTC+7) day.
func TestOfficialCodeDay(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// 18:30 UTC is already the next day in Vietnam.
	at := time.Date(2026, 11, 27, 18, 30, 0, 0, time.UTC)
	f.clock.Store(at.UnixNano())
	f.client.Now = func() time.Time { return at }
	page := gwtest.Page(800, 1)
	if r, _ := f.client.PutPage(ctx, page, "jpeg"); r.Status != 201 {
		t.Fatalf("page: %d %s", r.Status, r.Body)
	}
	for i, want := range []string{"000.00.92.H13-261128-0001", "000.00.92.H13-261128-0002"} {
		d := wire.Dossier{ID: "d" + string(rune('a'+i)), ReceiptCode: "R", ProcedureCode: "2.000815",
			Applicant: wire.Applicant{Name: "Lê Văn Tám"}, Fields: map[string]string{"ho_ten": "Lê Văn Tám"},
			Pages: []wire.PageRef{{Seq: 1, DocumentID: "ban-chinh", SHA256: wire.BodyHash(page), Size: int64(len(page)), Format: "jpeg"}}}
		r, err := f.client.PutDossier(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		var ack wire.DossierAck
		json.Unmarshal(r.Body, &ack)
		if r.Status != 201 || ack.OfficialCode != want || !ack.ReceivedAt.Equal(at) {
			t.Fatalf("dossier %d: %d %+v, want %s", i, r.Status, ack, want)
		}
	}
}

// Every answer to an authenticated request is signed, HEAD and errors included.
func TestAnswersSigned(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sha := strings.Repeat("a", 64)
	for _, tc := range []struct {
		method, path string
		body         []byte
		want         int
	}{
		{"HEAD", wire.PagePath(sha), nil, 404},
		{"PUT", wire.PagePath("not-a-hash"), []byte("x"), 400},
		{"PUT", wire.PagePath(sha), nil, 422},
		{"PUT", wire.DossierPath("d1"), []byte("{not json"), 422},
		{"GET", wire.DossiersPath, nil, 400},
		{"DELETE", wire.DossierPath("d1"), nil, 405},
		{"GET", wire.BasePath + "/nothing", nil, 404},
	} {
		r, err := f.client.Do(ctx, tc.method, tc.path, tc.body, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != tc.want || !r.Signed {
			t.Errorf("%s %s: %d signed=%v (%v), want %d signed", tc.method, tc.path, r.Status, r.Signed, r.SigErr, tc.want)
		}
	}
}

// Many kiosks' requests at once (run with -race).
func TestConcurrentRequests(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			page := gwtest.Page(800, uint64(i)+100)
			for j := 0; j < 2; j++ {
				if r, err := f.client.PutPage(ctx, page, "jpeg"); err != nil || r.Status > 201 {
					errs <- fmt.Sprintf("page: %v %v", r, err)
					return
				}
			}
			d := wire.Dossier{ID: "c" + string(rune('a'+i)), ProcedureCode: "2.000815", Applicant: wire.Applicant{Name: "A"},
				Pages: []wire.PageRef{{Seq: 1, SHA256: wire.BodyHash(page), Size: int64(len(page)), Format: "png"}}}
			if r, err := f.client.PutDossier(ctx, d); err != nil || r.Status != 201 {
				errs <- "dossier failed"
			}
			u, _ := json.Marshal(wire.Usage{Sessions: i})
			if r, err := f.client.Do(ctx, "PUT", wire.UsagePath("2026-11-27"), u, nil); err != nil || r.Status != 200 {
				errs <- "usage failed"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	ds, _ := f.store.Dossiers(ctx, gwstore.DossierFilter{})
	if len(ds) != 16 {
		t.Fatalf("%d dossiers", len(ds))
	}
}

// Whatever a kiosk sends as a dossier, the gateway answers with a contract status,
// never a 500, and signs it.
func FuzzPutDossier(f *testing.F) {
	f.Add([]byte(`{"id":"d1","procedure_code":"1.001193","applicant":{"name":"A"},"fields":{"ho_ten":"A","ten_tre":"B","gioi_tinh":"Nam"}}`))
	f.Add([]byte(`{"id":"d1","procedure_code":"2.000815","applicant":{"name":"A"},"pages":[{"seq":1,"sha256":"` + strings.Repeat("0", 64) + `","size":1,"format":"png"}]}`))
	f.Add([]byte(`{"id":"d1","fields":{"x":"\u0000"},"pages":[{"seq":-1}]}`))
	f.Add([]byte(`[]`))
	fx := newFixtureF(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := fx.client.Do(context.Background(), "PUT", wire.DossierPath("d1"), body, nil)
		if err != nil {
			t.Fatal(err)
		}
		switch r.Status {
		case 200, 201, 409, 422, 424:
		default:
			t.Fatalf("status %d for %q: %s", r.Status, body, r.Body)
		}
		if !r.Signed {
			t.Fatalf("unsigned answer %d", r.Status)
		}
	})
}

func newFixtureF(f *testing.F) *fixture {
	st := openSQLite(f, gwstore.Kiosk{ID: "k1", Name: "k1", Secret: "s"})
	s, err := gateway.New(gateway.Config{Store: st, Catalog: gatewayCatalog(f), Logger: slog.New(slog.NewTextHandler(&gwtest.Buffer{}, nil))})
	if err != nil {
		f.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	f.Cleanup(srv.Close)
	return &fixture{srv: srv, store: st, client: &gwtest.Client{BaseURL: srv.URL, ID: "k1", Secret: "s", HTTP: srv.Client()}}
}
