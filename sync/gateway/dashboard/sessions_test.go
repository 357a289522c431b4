package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

var sessionIDRe = regexp.MustCompile(`name="session" value="([0-9a-f]+)"`)

// An account lists its own sessions and ends any of them; at most five live at once
// (sessions were unlimited and never listed).
func TestOwnSessionsListedAndEnded(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		e.addAccount("xa.anbinh", gwstore.RoleCommune, "An Bình", pw)
		office, phone := e.browser(), e.browser()
		office.mustSignIn("so.tttt", pw)
		e.clock.Add(time.Minute)
		phone.mustSignIn("so.tttt", pw)
		other := e.browser()
		other.mustSignIn("xa.anbinh", pw)

		list := office.get("/sessions")
		ids := sessionIDRe.FindAllStringSubmatch(list.body, -1)
		if list.status != http.StatusOK || len(ids) != 2 || !strings.Contains(list.body, "phiên này") {
			t.Fatalf("session list: %d, %d sessions\n%s", list.status, len(ids), list.body)
		}
		// Another account's session is not this account's to end.
		theirs := sessionIDRe.FindStringSubmatch(other.get("/sessions").body)[1]
		token := csrf(t, list.body)
		if a := office.post("/sessions/end", url.Values{"csrf": {token}, "session": {theirs}}); a.status != http.StatusNotFound {
			t.Fatalf("ending another account's session: %d, want 404", a.status)
		}
		if a := other.get("/"); a.status != http.StatusOK {
			t.Fatalf("the other account was signed out: %d", a.status)
		}
		// The newest session (the phone's, listed first) is ended from the office.
		if a := office.post("/sessions/end", url.Values{"csrf": {token}, "session": {ids[0][1]}}); a.status != http.StatusSeeOther {
			t.Fatalf("ending the phone's session: %d", a.status)
		}
		if a := phone.get("/"); a.status != http.StatusSeeOther {
			t.Fatalf("the ended session still works: %d", a.status)
		}
		if a := office.get("/"); a.status != http.StatusOK {
			t.Fatalf("the office's own session ended too: %d", a.status)
		}
		// Six sign-ins: the oldest (the office's) is ended.
		for i := 0; i < 5; i++ {
			e.clock.Add(time.Second)
			e.browser().mustSignIn("so.tttt", pw)
		}
		if a := office.get("/"); a.status != http.StatusSeeOther {
			t.Fatalf("a sixth session left the oldest alive: %d", a.status)
		}
		if ss, _ := s.SessionsOf(context.Background(), "so.tttt"); len(ss) != 5 {
			t.Fatalf("%d sessions stored, want 5", len(ss))
		}
	})
}

// Every view of a dossier's personal data is recorded with the account and shown on
// the dossier's page.
func TestDossierViewsAudited(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		kiosks(t, s)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		e.addAccount("xa.anbinh", gwstore.RoleCommune, "An Bình", pw)
		submit(t, s, "k1", "d-1", "1.001193", e.clock.Now().Add(-time.Hour))
		city, commune := e.browser(), e.browser()
		city.mustSignIn("so.tttt", pw)
		commune.mustSignIn("xa.anbinh", pw)
		city.get("/dossiers/d-1")
		e.clock.Add(time.Minute)
		page := commune.get("/dossiers/d-1")
		if page.status != http.StatusOK {
			t.Fatalf("dossier page: %d", page.status)
		}
		v, err := s.Views(context.Background(), "d-1")
		if err != nil || len(v) != 2 || v[0].Account != "so.tttt" || v[1].Account != "xa.anbinh" {
			t.Fatalf("views recorded: %+v %v", v, err)
		}
		if !strings.Contains(page.body, "Ai đã xem thông tin cá nhân của hồ sơ này") || !strings.Contains(page.body, "so.tttt") {
			t.Fatalf("views not shown on the page:\n%s", page.body)
		}
	})
}

// An erased dossier's page says so, and shows no name.
func TestErasedDossierPage(t *testing.T) {
	e := newEnv(t, openSQLite(t), false)
	kiosks(t, e.store)
	e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
	submit(t, e.store, "k1", "d-1", "1.001193", e.clock.Now().Add(-time.Hour))
	eraser := e.store.(interface {
		EraseDossier(ctx context.Context, ref string, at time.Time, reason string) (gwstore.Dossier, error)
	})
	if _, err := eraser.EraseDossier(context.Background(), "d-1", e.clock.Now(), "retention"); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.mustSignIn("so.tttt", pw)
	page := b.get("/dossiers/d-1")
	if page.status != http.StatusOK || !strings.Contains(page.body, "đã được xóa lúc") || !strings.Contains(page.body, "(retention)") {
		t.Fatalf("erased dossier page: %d\n%s", page.status, page.body)
	}
}

// The resident's consent (when, which text) shows on the dossier's page; its absence
// is said plainly.
func TestConsentShownOnDossierPage(t *testing.T) {
	e := newEnv(t, openSQLite(t), false)
	kiosks(t, e.store)
	e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
	at := time.Date(2026, 11, 27, 9, 30, 0, 0, vietnam)
	submit(t, e.store, "k1", "d-consent", "1.001193", at)
	submit(t, e.store, "k1", "d-none", "1.001193", at)
	b := e.browser()
	b.mustSignIn("so.tttt", pw)
	if page := b.get("/dossiers/d-consent"); !strings.Contains(page.body, "Đã đồng ý lúc 27/11/2026 09:29 (văn bản vi-3f2a9c01b7de)") {
		t.Fatalf("consent not shown:\n%s", page.body)
	}
	if page := b.get("/dossiers/d-none"); !strings.Contains(page.body, "Không có bản ghi đồng ý") {
		t.Fatalf("missing consent not said:\n%s", page.body)
	}
}
