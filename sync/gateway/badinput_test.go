package gateway_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// serverOn starts the API on a store ("sqlite" or "postgres") with kiosk k1.
func serverOn(t *testing.T, backend string) *gwtest.Client {
	t.Helper()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "gw.db")
	if backend == "postgres" {
		dsn = gwtest.PGDatabase(t, "gwbad")
	}
	st := gwtest.GatewayStore(t, dsn, dir)
	addKiosks(t, st, gwstore.Kiosk{ID: "k1", Name: "k1", Secret: "secret-1"})
	s, err := gateway.New(gateway.Config{Store: st, Catalog: gatewayCatalog(t), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &gwtest.Client{BaseURL: srv.URL, ID: "k1", Secret: "secret-1", HTTP: srv.Client()}
}

// Input one engine would store and the other refuse (a NUL in a text, a figure above
// PostgreSQL's INTEGER) gets the same 4xx from a gateway on SQLite and on PostgreSQL,
// never a 500 that the kiosk would retry forever; the largest allowed figure is stored
// by both.
func TestBadInputSameAnswerOnBothStores(t *testing.T) {
	const okFields = `"fields":{"ho_ten":"A","ten_tre":"B","gioi_tinh":"Nam"}`
	dossier := func(id, receipt, name, extra string) string {
		return `{"id":"` + id + `","receipt_code":"` + receipt + `","procedure_code":"1.001193","applicant":{"name":"` + name + `"},` +
			extra + `,"created_at":"2026-11-27T10:00:00Z"}`
	}
	usage := func(sessions, views string) string {
		return `{"sessions":` + sessions + `,"procedure_views":{` + views + `}}`
	}
	cases := []struct {
		name, method, path, body string
		want                     int
	}{
		{"NUL in receipt_code", "PUT", wire.DossierPath("d1"), dossier("d1", `AB\u0000CD`, "A", okFields), 422},
		{"NUL in the applicant's name", "PUT", wire.DossierPath("d2"), dossier("d2", "R2", `Nguyễn\u0000`, okFields), 422},
		{"NUL in a field value", "PUT", wire.DossierPath("d3"), dossier("d3", "R3", "A", `"fields":{"ho_ten":"A\u0000","ten_tre":"B","gioi_tinh":"Nam"}`), 422},
		{"NUL in a field name", "PUT", wire.DossierPath("d4"), dossier("d4", "R4", "A", `"fields":{"ho_ten":"A","ten_tre":"B","gioi_tinh":"Nam","x\u0000":"1"}`), 422},
		{"a good dossier", "PUT", wire.DossierPath("d5"), dossier("d5", "R5", "A", okFields), 201},
		{"a figure above 2^31-1", "PUT", wire.UsagePath("2026-11-27"), usage("2147483648", ""), 422},
		{"a view count above 2^31-1", "PUT", wire.UsagePath("2026-11-27"), usage("1", `"1.001193":2147483648`), 422},
		{"NUL in a procedure code of usage", "PUT", wire.UsagePath("2026-11-27"), usage("1", `"1.0\u0000":1`), 422},
		{"a figure of 2^63", "PUT", wire.UsagePath("2026-11-27"), usage("9223372036854775808", ""), 422},
		{"negative", "PUT", wire.UsagePath("2026-11-27"), usage("-1", ""), 422},
		{"2^31-1, above the daily bound", "PUT", wire.UsagePath("2026-11-28"), usage("2147483647", `"1.001193":2147483647`), 422},
		{"the largest figure", "PUT", wire.UsagePath("2026-11-28"), usage("1000000", `"1.001193":1000000`), 200}, // gateway.MaxUsageFigure
	}
	type answer struct {
		status int
		body   string
	}
	got := map[string][]answer{}
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			c := serverOn(t, backend)
			for _, tc := range cases {
				r, err := c.Do(context.Background(), tc.method, tc.path, []byte(tc.body), nil)
				if err != nil {
					t.Fatal(err)
				}
				if r.Status != tc.want || !r.Signed {
					t.Errorf("%s: %d (signed %v) %s, want %d", tc.name, r.Status, r.Signed, r.Body, tc.want)
				}
				got[backend] = append(got[backend], answer{r.Status, strings.TrimSpace(string(r.Body))})
			}
		})
	}
	if len(got["postgres"]) == 0 {
		return // skipped
	}
	for i, tc := range cases {
		a, b := got["sqlite"][i], got["postgres"][i]
		if a.status != b.status || (a.status >= 400 && a.body != b.body) {
			t.Errorf("%s: SQLite answered %d %s, PostgreSQL %d %s", tc.name, a.status, a.body, b.status, b.body)
		}
	}
}
