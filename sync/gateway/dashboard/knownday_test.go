package dashboard_test

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/kiosk/report/reporttest"
	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/dashboard"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	kstore "github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// TestKnownDayAfterSync replays the known day of usage events (kiosk/report/
// reporttest, the same hand-counted day the kiosk's statistics screen, CSV and
// `kiosk stats` are checked against) into a real kiosk store, syncs it with the real
// uplink to a gateway serving the API and the dashboard on one server, and checks the
// day's figures on the dashboard and in its CSV.
func TestKnownDayAfterSync(t *testing.T) {
	backends(t, func(t *testing.T, gs store) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, vietnam) }
		dir := t.TempDir()
		ks, err := kstore.Open(ctx, filepath.Join(dir, "kiosk.db"), kstore.Options{PageDir: filepath.Join(dir, "pages"), Now: now, Location: vietnam})
		if err != nil {
			t.Fatal(err)
		}
		defer ks.Close()
		for _, ev := range reporttest.Events(vietnam) {
			if err := ks.Record(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		if err := gs.AddKiosk(ctx, gwstore.Kiosk{ID: "k-known", Name: "Nhà văn hóa Thới Lai", Commune: "Thới Lai",
			Secret: strings.Repeat("ab", 32), CreatedAt: now()}); err != nil {
			t.Fatal(err)
		}
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		api, err := gateway.New(gateway.Config{Store: gs.(gateway.Store), Catalog: assets.SampleCatalog(), Logger: quiet, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		dash, err := dashboard.New(ctx, dashboard.Config{Store: gs, Catalog: assets.SampleCatalog(), Logger: quiet, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		apiH, dashH := api.Handler(), dash.Handler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				apiH.ServeHTTP(w, r)
				return
			}
			dashH.ServeHTTP(w, r)
		}))
		defer srv.Close()

		up, err := uplink.New(ks, uplink.Config{GatewayURL: srv.URL, KioskID: "k-known", Secret: strings.Repeat("ab", 32),
			Now: now, SignNow: now, Retries: -1})
		if err != nil {
			t.Fatal(err)
		}
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		rep, err := up.Sync(sctx)
		cancel()
		if err != nil || rep.UsageDays != 3 {
			t.Fatalf("sync: %+v %v (want the 19th, 20th and 21st pushed)", rep, err)
		}

		e := &env{t: t, store: gs, clock: newClock(), srv: srv}
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		b := e.browser()
		b.mustSignIn("so.tttt", pw)
		page := b.get("/?from=" + reporttest.Day + "&to=" + reporttest.Day)
		// Completion is the kiosk's: dossiers submitted / dossiers started, 3 of 5, which
		// the kiosk shows as 60 %; abandonment is sessions abandoned / sessions, 2 of 6.
		if reporttest.Summary["completion_pct"] != "60" || reporttest.Summary["abandon_pct"] != "33" {
			t.Fatalf("the known day changed (completion %s %%, abandonment %s %%): recount the figures below",
				reporttest.Summary["completion_pct"], reporttest.Summary["abandon_pct"])
		}
		want := map[string]string{"kpi-sessions": reporttest.Summary["sessions"], "kpi-dossiers": reporttest.Summary["dossiers_submitted"],
			"kpi-completion":    "60,0 %",
			"kpi-completion-of": reporttest.Summary["dossiers_submitted"] + " đã nộp / " + reporttest.Summary["dossiers_started"] + " bắt đầu",
			"kpi-abandonment":   "33,3 %", "kpi-pages": reporttest.Summary["pages"], "kpi-lookups": reporttest.Summary["lookups"],
			"kpi-rating": "3,7 / 5", "kpi-kiosks": "1"}
		got := byID(page.body)
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s = %q, want %q", id, got[id], w)
			}
		}
		if !strings.Contains(page.body, "trong đó được hỗ trợ: "+reporttest.Summary["assisted"]) ||
			!strings.Contains(page.body, reporttest.Summary["ratings"]+" lượt đánh giá") {
			t.Error("assisted dossiers or rating count differ from the known day")
		}
		procs := table(t, page.body, "procedures")
		for _, w := range reporttest.Procedures {
			found := false
			for _, row := range procs[1:] {
				if row[1] == w.Code {
					found = true
					if row[2] != strconv.Itoa(w.Submitted) {
						t.Errorf("procedure %s: %s dossiers, want %d", w.Code, row[2], w.Submitted)
					}
				}
			}
			if !found && w.Submitted > 0 {
				t.Errorf("procedure %s missing from %q", w.Code, procs)
			}
		}
		// The neighbouring days hold their own session each.
		page = b.get("/?from=2026-11-19&to=2026-11-21")
		days := table(t, page.body, "days")
		if days[1][0] != "21/11/2026" || days[1][1] != "1" || days[2][1] != "6" || days[3][0] != "19/11/2026" || days[3][1] != "1" {
			t.Errorf("19–21 November: %q", days)
		}
		// The 20th's row: started, submitted and completion as on the kiosk; the
		// neighbouring days started no dossier, so they have no completion rate.
		if s := reporttest.Summary; len(days) != 5 || days[0][4] != "Hồ sơ bắt đầu" || days[0][6] != "Tỉ lệ hoàn thành" ||
			days[2][4] != s["dossiers_started"] || days[2][5] != s["dossiers_submitted"] || days[2][6] != "60,0 %" ||
			days[1][6] != "–" || days[3][6] != "–" || days[4][6] != "60,0 %" {
			t.Errorf("19–21 November, dossiers: %q", days)
		}
		a := b.get("/export.csv?from=" + reporttest.Day + "&to=" + reporttest.Day)
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(a.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		s := reporttest.Summary
		wantRow := []string{reporttest.Day, "Thới Lai", "Nhà văn hóa Thới Lai", "k-known", s["sessions"], s["completed"], s["abandoned"],
			s["dossiers_started"], s["dossiers_submitted"], "60.0", s["assisted"], s["pages"], s["lookups"],
			s["rating_1"], s["rating_2"], s["rating_3"], s["rating_4"], s["rating_5"], "3.67"}
		if len(recs) != 2 || !reflect.DeepEqual(recs[1], wantRow) {
			t.Errorf("CSV of the known day:\n got %q\nwant %q", recs, wantRow)
		}
	})
}
