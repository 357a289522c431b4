package uplink

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// A dossier the gateway refuses for good (422: a procedure it does not serve; 409: a
// different body under the same id) is rejected with the gateway's reason for staff,
// and the round goes on with the others.
func TestPermanentRefusalsAreRejectedWithReason(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	// The kiosk's catalog knows a procedure the gateway does not.
	c := testCatalog(t)
	extra := c.Procedures[1]
	extra.Code, extra.Name = "9.999999", "Thủ tục đã bãi bỏ"
	c.Procedures = append(c.Procedures, extra)
	k.importCatalog(t, c)
	good := k.saveDossiers(t, 4, 3, 1, 8<<10, false)
	unknown, err := k.st.SaveDossier(ctx, store.NewDossier{ProcedureCode: "9.999999", Fields: map[string]string{"so_ban": "2"},
		Pages: []store.PageInput{{DocumentID: "ban-chinh", Format: "jpeg", Data: gwtest.Page(100, 77)}}})
	if err != nil {
		t.Fatal(err)
	}
	// Someone else already filed a different body under good[1]'s id.
	other := toWire(*k.dossier(t, good[1].ID))
	other.Fields = map[string]string{"ho_ten_tre": "Người khác", "ngay_sinh": "2026-01-01"}
	other.Pages = nil
	cl := &gwtest.Client{BaseURL: g.URL, ID: g.ID, Secret: g.Secret}
	if resp, err := cl.PutDossier(ctx, other); err != nil || resp.Status != http.StatusCreated {
		t.Fatalf("pre-filing the conflicting dossier: %v %+v", err, resp)
	}

	u := newUplink(t, k, g, "", clk)
	rep, err := u.Sync(ctx)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if rep.Accepted != 2 || rep.Rejected != 2 {
		t.Fatalf("report %+v, want 2 accepted and 2 rejected", rep)
	}
	u422 := k.dossier(t, unknown.ID)
	if u422.State != store.Rejected || !strings.Contains(u422.RejectReason, wire.CodeInvalid) || !hasVietnamese(u422.RejectReason) {
		t.Errorf("unknown procedure: state %s, reason %q (want rejected with the gateway's Vietnamese reason)", u422.State, u422.RejectReason)
	}
	u409 := k.dossier(t, good[1].ID)
	if u409.State != store.Rejected || !strings.Contains(u409.RejectReason, wire.CodeConflict) {
		t.Errorf("conflict: state %s, reason %q", u409.State, u409.RejectReason)
	}
	if u409.Purged {
		t.Error("a rejected dossier lost its data: staff cannot fix and resend it")
	}
	if st := u.Status(); st.Rejected != 2 || !st.Online {
		t.Errorf("progress %+v, want 2 rejected, online", st)
	}
	// Rejected dossiers are not sent again until staff retry them.
	clk.Add(24 * time.Hour)
	if rep, _ := u.Sync(ctx); rep.Accepted+rep.Rejected+rep.Retrying != 0 {
		t.Errorf("rejected dossiers sent again: %+v", rep)
	}
}

func hasVietnamese(s string) bool {
	return strings.ContainsAny(s, "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
}

// A 401 stops the round: "kiosk not registered or clock wrong"; nothing is stored at
// the gateway and the dossier stays queued.
func TestUnauthorizedStops(t *testing.T) {
	ctx := context.Background()
	g, clk, k := sqliteRig(t)
	d := k.saveDossiers(t, 5, 2, 1, 8<<10, false)
	for name, tweak := range map[string]func(*Config){
		"wrong secret":  func(c *Config) { c.Secret = "not-the-secret" },
		"unknown kiosk": func(c *Config) { c.KioskID = "k-nobody" },
		"clock wrong":   func(c *Config) { c.SignNow = func() time.Time { return time.Now().Add(-10 * time.Minute) } },
	} {
		u := newUplink(t, k, g, "", clk, tweak)
		rep, err := u.Sync(ctx)
		if !errors.Is(err, ErrUnauthorized) {
			t.Errorf("%s: sync error %v, want ErrUnauthorized", name, err)
		}
		if err != nil && !strings.Contains(err.Error(), "kiosk not registered or clock wrong") {
			t.Errorf("%s: error %q does not tell staff what to check", name, err)
		}
		st := u.Status()
		if !st.Unauthorized || st.LastError != "kiosk not registered or clock wrong" {
			t.Errorf("%s: progress %+v", name, st)
		}
		if rep.Accepted != 0 {
			t.Errorf("%s: %d accepted", name, rep.Accepted)
		}
	}
	for _, x := range d {
		if got := k.dossier(t, x.ID); got.State == store.Accepted || got.State == store.Rejected {
			t.Errorf("dossier %s is %s after 401s", x.ReceiptCode, got.State)
		}
	}
	if ds, _ := g.Store().Dossiers(ctx, gwDossierFilter(g)); len(ds) != 0 {
		t.Errorf("gateway stored %d dossiers from refused requests", len(ds))
	}
	if ok, _ := g.Store().HasPage(ctx, d[0].Pages[0].SHA256); ok {
		t.Error("gateway stored a page from a refused request")
	}
	// Registered properly, the same outbox goes through.
	u := newUplink(t, k, g, "", clk)
	clk.Add(time.Hour)
	if rep, err := u.Sync(ctx); err != nil || rep.Accepted != 2 {
		t.Fatalf("after fixing the credentials: %+v, %v", rep, err)
	}
}

// A signed 503 with Retry-After: the dossier waits at least that long, whatever the
// backoff says; the gateway sees no request for it before then.
func TestRetryAfterHonoured(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	f := startForger(t, g, func(r *http.Request) *forgedAnswer {
		if isDossierPUT(r) {
			return &forgedAnswer{status: 503, header: map[string]string{"Retry-After": "120"}, body: []byte(`{"error":"unavailable"}`)}
		}
		return nil
	})
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	d := k.saveDossiers(t, 6, 1, 1, 8<<10, false)[0]
	u := newUplink(t, k, g, f.URL, clk)
	start := clk.Now()
	if _, err := u.Sync(ctx); err == nil {
		t.Fatal("sync through a 503 succeeded")
	}
	got := k.dossier(t, d.ID)
	if got.State != store.Queued || got.NextAttempt.Before(start.Add(120*time.Second).Truncate(time.Millisecond)) {
		t.Fatalf("after a 503 Retry-After 120: state %s, next attempt in %v", got.State, got.NextAttempt.Sub(start))
	}
	if got.NextAttempt.After(start.Add(121 * time.Second)) {
		t.Errorf("waits %v, more than asked (backoff of a first failure is 5 s)", got.NextAttempt.Sub(start))
	}
	f.set(nil)
	puts := f.count(http.MethodPut, "/api/v1/dossiers/")
	clk.Add(119 * time.Second)
	if rep, _ := u.Sync(ctx); rep.Accepted != 0 || f.count(http.MethodPut, "/api/v1/dossiers/") != puts {
		t.Fatalf("sent before Retry-After was over: %+v", rep)
	}
	clk.Add(2 * time.Second)
	if rep, err := u.Sync(ctx); err != nil || rep.Accepted != 1 {
		t.Fatalf("after Retry-After: %+v, %v", rep, err)
	}
	g.checkExactlyOnce(t, k)
}

// The gateway says pages are missing (424) although it claimed them present: the
// uplink uploads them and resends, in the same round.
func TestPagesMissingAreUploadedAndResent(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	// Round 1: page uploads fail (a signed 503), so the dossier is a resend next time.
	f := startForger(t, g, func(r *http.Request) *forgedAnswer {
		if r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/api/v1/uploads/") {
			return unavailable()
		}
		return nil
	})
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	d := k.saveDossiers(t, 7, 1, 2, 16<<10, false)[0]
	u := newUplink(t, k, g, f.URL, clk)
	if _, err := u.Sync(ctx); err == nil {
		t.Fatal("round 1 went through a 503")
	}
	// Round 2: an upload state that lies ("I have it"); the dossier PUT exposes the lie.
	f.set(func(r *http.Request) *forgedAnswer {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v1/uploads/") {
			sha := strings.TrimPrefix(r.URL.Path, "/api/v1/uploads/")
			return &forgedAnswer{status: 200, body: []byte(`{"sha256":"` + sha + `","size":1,"offset":1,"complete":true}`)}
		}
		return nil
	})
	f.mu.Lock()
	f.seen = nil
	f.mu.Unlock()
	clk.Add(time.Hour)
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != 1 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	if n := f.count(http.MethodGet, "/api/v1/uploads/"); n != 2 {
		t.Errorf("%d upload state questions on the resend, want 2", n)
	}
	if n := f.count(http.MethodPatch, "/api/v1/uploads/"); n != 2 {
		t.Errorf("%d page uploads after 424, want 2", n)
	}
	if n := f.count(http.MethodPut, "/api/v1/dossiers/"); n != 2 {
		t.Errorf("%d dossier PUTs, want 2 (a 424, then a 201)", n)
	}
	if got := k.dossier(t, d.ID); got.State != store.Accepted {
		t.Errorf("state %s", got.State)
	}
	g.checkExactlyOnce(t, k)
}

// A resend asks first and uploads only the pages the gateway lacks.
func TestResendSkipsPagesTheGatewayHas(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	// The dossier PUT fails once (signed 503): pages are up, the dossier is not.
	f := startForger(t, g, failDossierPUTs(1))
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	k.saveDossiers(t, 8, 1, 3, 16<<10, false)
	u := newUplink(t, k, g, f.URL, clk)
	rep, err := u.Sync(ctx)
	if err == nil || rep.PagesUploaded != 3 {
		t.Fatalf("round 1: %+v, %v", rep, err)
	}
	clk.Add(time.Hour)
	rep, err = u.Sync(ctx)
	if err != nil || rep.Accepted != 1 || rep.PagesPresent != 3 || rep.PagesUploaded != 0 || rep.BytesUploaded != 0 {
		t.Fatalf("resend: %+v, %v; want the 3 pages found present and none sent", rep, err)
	}
	if n := f.count(http.MethodPatch, "/api/v1/uploads/"); n != 3 {
		t.Errorf("%d page uploads in all, want 3", n)
	}
	g.checkExactlyOnce(t, k)
}

// A catalog that does not validate is refused: the old one stays, its ETag too.
func TestBadCatalogRefusedOldKept(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	bad := []byte(`{"version":"broken-2","procedures":[{"code":"1.001193","name":""}]}`)
	f := startForger(t, g, nil)
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	u := newUplink(t, k, g, f.URL, clk)
	if rep, err := u.Sync(ctx); err != nil || !rep.CatalogPulled {
		t.Fatalf("first pull: %+v, %v", rep, err)
	}
	etag, _ := k.st.CatalogETag(ctx)
	f.set(func(r *http.Request) *forgedAnswer {
		if r.URL.Path == wire.CatalogPath {
			if r.Header.Get("If-None-Match") != etag {
				t.Errorf("If-None-Match %q, want %q", r.Header.Get("If-None-Match"), etag)
			}
			return &forgedAnswer{status: 200, header: map[string]string{"ETag": `"broken"`}, body: bad}
		}
		return nil
	})
	rep, err := u.Sync(ctx)
	if err != nil {
		t.Fatalf("a bad catalog failed the round: %v", err)
	}
	if rep.CatalogPulled || !strings.Contains(rep.CatalogError, "refused") {
		t.Errorf("report %+v, want the catalog refused", rep)
	}
	if v, _ := k.st.CatalogVersion(ctx); v != "test-1" {
		t.Errorf("catalog version %q after a bad pull, want the old test-1", v)
	}
	if e, _ := k.st.CatalogETag(ctx); e != etag {
		t.Errorf("ETag %q after a bad pull, want the old %q", e, etag)
	}
	if _, err := k.st.Procedure(ctx, "1.001193"); err != nil {
		t.Errorf("old catalog's procedure gone: %v", err)
	}
}
