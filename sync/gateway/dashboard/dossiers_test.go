package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// kiosks registers the three test kiosks in two communes.
func kiosks(t *testing.T, s store) {
	t.Helper()
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, vietnam)
	for _, k := range []gwstore.Kiosk{
		{ID: "k1", Name: "Nhà văn hóa An Bình", Commune: "An Bình", Secret: "s1", CreatedAt: at},
		{ID: "k2", Name: "Bưu điện văn hóa xã Mỹ Khánh", Commune: "Mỹ Khánh", Secret: "s2", CreatedAt: at},
		{ID: "k3", Name: "Nhà văn hóa ấp Mỹ Ái", Commune: "Mỹ Khánh", Secret: "s3", CreatedAt: at},
	} {
		if err := s.AddKiosk(context.Background(), k); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCSRFLessPostRefused(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		kiosks(t, s)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		d := submit(t, s, "k1", "d-1", "1.001193", e.clock.Now().Add(-time.Hour))
		b := e.browser()
		b.mustSignIn("so.tttt", pw)
		page := b.get("/dossiers/d-1")
		if page.status != http.StatusOK {
			t.Fatalf("dossier page: %d", page.status)
		}
		token := csrf(t, page.body)
		move := url.Values{"status": {string(wire.StatusProcessing)}, "note": {"Đang thẩm định"}}

		for _, c := range []struct {
			name string
			form url.Values
			hdr  []string
		}{
			{"no token", move, nil},
			{"empty token", withCSRF(move, ""), nil},
			{"wrong token", withCSRF(move, token[:len(token)-2]+"xx"), nil},
			{"the sign-in form's token", withCSRF(move, csrf(t, e.browser().get("/login").body)), nil},
			{"right token from another origin", withCSRF(move, token), []string{"Origin", "http://evil.example"}},
			{"right token, cross-site fetch", withCSRF(move, token), []string{"Sec-Fetch-Site", "cross-site"}},
		} {
			a := b.post("/dossiers/d-1/status", c.form, c.hdr...)
			if a.status != http.StatusForbidden || !strings.Contains(a.body, "thiếu mã bảo mật") {
				t.Errorf("%s: %d, want 403 with the Vietnamese reason", c.name, a.status)
			}
		}
		// Another browser with no session at all.
		if a := e.browser().post("/dossiers/d-1/status", withCSRF(move, token)); a.status != http.StatusForbidden {
			t.Errorf("no session: %d, want 403", a.status)
		}
		// Signing out needs the token too.
		if a := b.post("/logout", url.Values{}); a.status != http.StatusForbidden {
			t.Errorf("sign-out without token: %d, want 403", a.status)
		}
		got, err := s.DossierByID(context.Background(), "d-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != wire.StatusReceived || got.UpdatedAt != d.UpdatedAt {
			t.Fatalf("a refused post changed the dossier: %+v", got)
		}
		if h, _ := s.History(context.Background(), "d-1"); len(h) != 1 {
			t.Fatalf("history after refused posts: %+v", h)
		}
		if a := b.get("/"); a.status != http.StatusOK {
			t.Errorf("the session ended after a refused sign-out: %d", a.status)
		}
	})
}

func withCSRF(v url.Values, token string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	out.Set("csrf", token)
	return out
}

func TestStatusChange(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		ctx := context.Background()
		e := newEnv(t, s, false)
		kiosks(t, s)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		d := submit(t, s, "k2", "d-2", "1.001193", e.clock.Now().Add(-2*time.Hour))
		b := e.browser()
		b.mustSignIn("so.tttt", pw)

		page := b.get("/dossiers/d-2")
		for _, want := range []string{d.OfficialCode, "Đăng ký khai sinh", "Bưu điện văn hóa xã Mỹ Khánh", "Nguyễn Thị Hồng",
			"Đã tiếp nhận", `value="processing"`, `value="needs_more"`, `value="done"`, `value="rejected"`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("dossier page lacks %q", want)
			}
		}
		fields := table(t, page.body, "fields")
		wantFields := [][]string{{"Họ, chữ đệm và tên người đi khai sinh", "Nguyễn Thị Hồng"},
			{"Họ, chữ đệm và tên người được khai sinh", "Trần Gia Bảo"}, {"ghi_chu_la", "x"}}
		if !reflect.DeepEqual(fields, wantFields) {
			t.Errorf("declared fields %q, want %q (catalog labels in form order, unknown ids last)", fields, wantFields)
		}
		if strings.Contains(page.body, `value="received"`) {
			t.Error("the form offers the current status")
		}
		e.clock.Add(time.Minute)
		a := b.post("/dossiers/d-2/status", url.Values{"csrf": {csrf(t, page.body)}, "status": {string(wire.StatusNeedsMore)},
			"note": {"Cần bổ sung bản sao giấy chứng sinh."}})
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/dossiers/d-2?saved=1" {
			t.Fatalf("status change: %d %q\n%s", a.status, a.header.Get("Location"), a.body)
		}
		got, err := s.DossierByID(ctx, "d-2")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != wire.StatusNeedsMore || got.Note != "Cần bổ sung bản sao giấy chứng sinh." || !got.UpdatedAt.Equal(e.clock.Now()) {
			t.Fatalf("stored after the change: %s %q %v", got.Status, got.Note, got.UpdatedAt)
		}
		page = b.get("/dossiers/d-2?saved=1")
		if !strings.Contains(page.body, "Đã lưu trạng thái mới.") || !strings.Contains(page.body, `id="current-status">Cần bổ sung giấy tờ<`) {
			t.Errorf("page after the change:\n%s", page.body)
		}
		hist := table(t, page.body, "history")
		if len(hist) != 3 || hist[1][3] != "—" || hist[2][1] != "Cần bổ sung giấy tờ" || hist[2][2] != "Cần bổ sung bản sao giấy chứng sinh." ||
			hist[2][3] != "so.tttt" {
			t.Errorf("history table %q", hist)
		}

		// needs_more → done is not allowed: 409, nothing stored.
		a = b.post("/dossiers/d-2/status", url.Values{"csrf": {csrf(t, page.body)}, "status": {string(wire.StatusDone)}})
		if a.status != http.StatusConflict || !strings.Contains(a.body, "Không thể chuyển hồ sơ sang trạng thái này") {
			t.Errorf("needs_more → done: %d", a.status)
		}
		a = b.post("/dossiers/d-2/status", url.Values{"csrf": {csrf(t, page.body)}, "status": {"archived"}})
		if a.status != http.StatusConflict {
			t.Errorf("unknown status: %d", a.status)
		}
		a = b.post("/dossiers/d-2/status", url.Values{"csrf": {csrf(t, page.body)}, "status": {string(wire.StatusProcessing)},
			"note": {strings.Repeat("ư", 1001)}})
		if a.status != http.StatusUnprocessableEntity {
			t.Errorf("1001-character note: %d", a.status)
		}
		if got, _ := s.DossierByID(ctx, "d-2"); got.Status != wire.StatusNeedsMore {
			t.Errorf("refused moves changed the status to %s", got.Status)
		}
		// needs_more → processing → done.
		for _, st := range []string{string(wire.StatusProcessing), string(wire.StatusDone)} {
			a = b.post("/dossiers/d-2/status", url.Values{"csrf": {csrf(t, page.body)}, "status": {st}})
			if a.status != http.StatusSeeOther {
				t.Fatalf("→ %s: %d", st, a.status)
			}
		}
		page = b.get("/dossiers/d-2")
		if !strings.Contains(page.body, "Hồ sơ đã ở trạng thái cuối") || strings.Contains(page.body, `id="status-form"`) {
			t.Error("a finished dossier still offers the status form")
		}
		if a := b.get("/dossiers/nope"); a.status != http.StatusNotFound {
			t.Errorf("unknown dossier: %d", a.status)
		}
	})
}

func TestCommuneAccountSeesItsCommuneOnly(t *testing.T) {
	e := newEnv(t, openSQLite(t), false)
	s := e.store
	kiosks(t, s)
	e.addAccount("xa.anbinh", gwstore.RoleCommune, "An Bình", pw)
	now := e.clock.Now()
	submit(t, s, "k1", "d-ab", "1.001193", now.Add(-time.Hour))
	submit(t, s, "k2", "d-mk", "1.000894", now.Add(-time.Hour))
	b := e.browser()
	b.mustSignIn("xa.anbinh", pw)

	list := b.get("/dossiers?commune=M%E1%BB%B9+Kh%C3%A1nh&kiosk=k2")
	rows := table(t, list.body, "dossiers")
	if len(rows) != 2 || !strings.Contains(rows[1][3], "Nhà văn hóa An Bình") {
		t.Fatalf("a commune account's list: %q", rows)
	}
	if strings.Contains(list.body, "Mỹ Khánh") {
		t.Error("the list names another commune")
	}
	if a := b.get("/dossiers/d-mk"); a.status != http.StatusNotFound {
		t.Errorf("another commune's dossier: %d, want 404", a.status)
	}
	page := b.get("/dossiers/d-ab")
	if a := b.post("/dossiers/d-mk/status", url.Values{"csrf": {csrf(t, page.body)}, "status": {string(wire.StatusProcessing)}}); a.status != http.StatusNotFound {
		t.Errorf("moving another commune's dossier: %d, want 404", a.status)
	}
	if got, _ := s.DossierByID(context.Background(), "d-mk"); got.Status != wire.StatusReceived {
		t.Errorf("another commune's dossier moved to %s", got.Status)
	}
	if a := b.post("/dossiers/d-ab/status", url.Values{"csrf": {csrf(t, page.body)}, "status": {string(wire.StatusProcessing)}}); a.status != http.StatusSeeOther {
		t.Errorf("moving its own commune's dossier: %d", a.status)
	}
}
