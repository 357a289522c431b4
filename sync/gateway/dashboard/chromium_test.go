//go:build !windows

package dashboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestChromium drives the real gateway process with real headless Chromium: an
// account made with `gateway user add`, usage pushed by kiosks through the signed
// API, then sign-in through the form (a wrong password first), the overview with its
// charts, the dossiers, a CSRF-less post and a cross-origin post refused, and a
// status moved through the form. Screenshots go to screenshots/dashboard/.
func TestChromium(t *testing.T) {
	g := newGatewayDir(t)
	ks := g.addKiosks([2]string{"Nhà văn hóa An Bình", "An Bình"}, [2]string{"Bưu điện văn hóa xã Mỹ Khánh", "Mỹ Khánh"},
		[2]string{"Nhà văn hóa ấp Mỹ Ái", "Mỹ Khánh"}, [2]string{"Bưu điện văn hóa xã Nhơn Ái", "Nhơn Ái"})
	if out := g.run(pw+"\n", "user", "add", "so.tttt"); !strings.Contains(out, "account=so.tttt") {
		t.Fatalf("user add printed %q", out)
	}
	// Dossiers, stored before the gateway starts (their submission is the API's tests' business).
	now := time.Now()
	g.withStore(func(s gwstore.Interface) {
		for i := range 6 {
			submit(t, s.(store), ks[i%len(ks)].id, fmt.Sprintf("d-%d", i), []string{"1.001193", "1.000894", "2.000815"}[i%3],
				now.Add(-time.Duration(i*7+1)*time.Hour))
		}
	})

	// The gateway process.
	base := gwtest.ServeGateway(t, g.bin, nil, "--data", g.dir, "--catalog", g.catalog, "--log-level", "warn").URL

	// Each kiosk pushes 30 days of usage through the signed API.
	today := now.In(vietnam)
	want := 0 // sessions over the default range
	for ki, k := range ks {
		c := &gwtest.Client{BaseURL: base, ID: k.id, Secret: k.secret}
		for i := 0; i < 30; i++ {
			day := today.AddDate(0, 0, -i).Format(wire.DayLayout)
			s := 8 + (i*7+ki*5)%17
			u := wire.Usage{Day: day, Sessions: s, Completed: s * 2 / 3, Abandoned: s - s*2/3 - i%2, DossiersStarted: s - i%2,
				DossiersSubmitted: s * 2 / 3, AssistedDossiers: s / 6, PagesScanned: s * 3, Lookups: i % 4, Ratings: [5]int{i % 2, 0, ki, 3, 2 + i%5},
				ProcedureViews:      map[string]int{"1.001193": s, "2.000815": s / 2},
				DossiersByProcedure: map[string]int{"1.001193": s / 3, "1.000894": s*2/3 - s/3 - ki%2, "2.000815": ki % 2}}
			want += s
			body, _ := json.Marshal(u)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			r, err := c.Do(ctx, http.MethodPut, wire.BasePath+"/usage/"+day, body, http.Header{"Content-Type": {wire.ContentTypeJSON}})
			cancel()
			if err != nil || r.Status != http.StatusOK || !r.Signed {
				t.Fatalf("usage push %s %s: %v %+v", k.name, day, err, r)
			}
		}
	}

	// A plain GET, rendered by Chromium: the sign-in form, in Vietnamese.
	dom := dumpDOM(t, g.chromium, base+"/")
	if !strings.Contains(dom, `<form method="post" action="/login">`) || !strings.Contains(dom, "Tên đăng nhập") {
		t.Fatalf("Chromium did not land on the sign-in form:\n%s", dom)
	}

	shots := screenshotDir(t)
	p := startChromium(t, g.chromium)
	p.navigate(base+"/login", "/login")
	p.screenshot(shots, "01-login.png")

	// A wrong password is refused.
	p.submit(`document.getElementById('name').value = 'so.tttt';
		document.getElementById('password').value = 'mật-khẩu-sai-rồi';
		document.querySelector('form[action="/login"] button[type=submit]').click();`, "/login")
	if txt := p.text(); !strings.Contains(txt, "Tên đăng nhập hoặc mật khẩu không đúng.") {
		t.Fatalf("after a wrong password the page says:\n%s", txt)
	}
	if st := p.status(); st != http.StatusUnauthorized {
		t.Errorf("wrong password answered %d, want 401", st)
	}
	var cookies int
	p.eval(`document.cookie.length`, &cookies)
	if cookies != 0 {
		t.Error("cookies readable by scripts: they must be HttpOnly")
	}
	p.screenshot(shots, "02-login-refused.png")

	// The right password signs in and shows the overview with its charts.
	p.submit(`document.getElementById('password').value = `+jsString(pw)+`;
		document.querySelector('form[action="/login"] button[type=submit]').click();`, "/")
	if txt := p.text(); !strings.Contains(txt, "Tổng quan") || !strings.Contains(txt, "so.tttt") {
		t.Fatalf("after signing in the page says:\n%s", txt)
	}
	var sessions string
	p.eval(`document.getElementById('kpi-sessions').textContent`, &sessions)
	if sessions != viInt(want) {
		t.Errorf("sessions over the last 30 days: the page shows %q, the kiosks pushed %s", sessions, viInt(want))
	}
	var charts []struct{ W, H float64 }
	p.eval(`Array.from(document.querySelectorAll('svg.chart')).map(s => { const r = s.getBoundingClientRect(); return {W: r.width, H: r.height}; })`, &charts)
	if len(charts) != 4 {
		t.Fatalf("%d charts rendered, want 4", len(charts))
	}
	for i, c := range charts {
		if c.W < 600 || c.H < 100 {
			t.Errorf("chart %d rendered %.0f×%.0f px", i, c.W, c.H)
		}
	}
	var lines int
	p.eval(`Array.from(document.querySelectorAll('svg.chart polyline')).filter(l => l.getTotalLength() > 500).length`, &lines)
	if lines != 4 {
		t.Errorf("%d daily lines drawn, want 4", lines)
	}
	var styled bool
	p.eval(`getComputedStyle(document.querySelector('.top')).backgroundColor === 'rgb(11, 58, 117)'`, &styled)
	if !styled {
		t.Error("the stylesheet did not apply")
	}
	p.screenshot(shots, "03-overview.png")

	// The dossiers received.
	p.navigate(base+"/dossiers", "/dossiers")
	if txt := p.text(); !strings.Contains(txt, "6 hồ sơ") || !strings.Contains(txt, "Đăng ký kết hôn") {
		t.Errorf("the dossier list says:\n%s", txt)
	}
	p.screenshot(shots, "04-dossiers.png")
	p.navigate(base+"/dossiers/d-0", "/dossiers/d-0")

	// A form posted without its CSRF token is refused, and nothing changes.
	p.submit(`document.querySelector('#status-form input[name=csrf]').remove();
		document.querySelector('#status-form input[value=rejected]').checked = true;
		document.querySelector('#status-form button[type=submit]').click();`, "/dossiers/d-0/status")
	if st, txt := p.status(), p.text(); st != http.StatusForbidden || !strings.Contains(txt, "thiếu mã bảo mật") {
		t.Errorf("CSRF-less post: %d\n%s", st, txt)
	}
	p.screenshot(shots, "05-csrf-refused.png")

	// A form on another origin (another port: same site, so SameSite lets the cookie
	// through; the token check must hold alone).
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!DOCTYPE html><html><body><form id="f" method="post" action="%s/dossiers/d-0/status">
			<input name="csrf" value="guessed"><input name="status" value="rejected"><button>Go</button></form></body></html>`, base)
	}))
	defer evil.Close()
	p.navigate(evil.URL+"/", "/")
	p.submit(`document.getElementById('f').submit()`, "/dossiers/d-0/status")
	if st := p.status(); st != http.StatusForbidden {
		t.Errorf("cross-origin post: %d, want 403", st)
	}
	p.navigate(base+"/dossiers/d-0", "/dossiers/d-0")
	var current string
	p.eval(`document.getElementById('current-status').textContent`, &current)
	if current != "Đã tiếp nhận" {
		t.Fatalf("after refused posts the dossier is %q, want Đã tiếp nhận", current)
	}

	// The form with its token moves the dossier.
	p.submit(`document.querySelector('#status-form input[value=needs_more]').checked = true;
		document.getElementById('note').value = 'Vui lòng bổ sung bản sao CCCD của người cha.';
		document.querySelector('#status-form button[type=submit]').click();`, "/dossiers/d-0")
	p.eval(`document.getElementById('current-status').textContent`, &current)
	if txt := p.text(); current != "Cần bổ sung giấy tờ" || !strings.Contains(txt, "Đã lưu trạng thái mới.") ||
		!strings.Contains(txt, "Vui lòng bổ sung bản sao CCCD của người cha.") {
		t.Errorf("after the status form: %q\n%s", current, txt)
	}
	p.screenshot(shots, "06-dossier.png")

	// English, one link away.
	p.navigate(base+"/lang/en?back=/", "/")
	if txt := p.text(); !strings.Contains(txt, "Completion rate") || !strings.Contains(txt, "Birth registration") {
		t.Errorf("English overview:\n%s", txt)
	}
	p.screenshot(shots, "07-overview-en.png")
	t.Logf("screenshots in %s", shots)
}

// submit runs js (which submits a form) and waits for the next document at path.
func (p *cdpPage) submit(js, path string) {
	p.t.Helper()
	p.eval(`window.__before = true; `+js+`; true`, nil)
	p.waitFor("the answer at "+path, fmt.Sprintf("!window.__before && location.pathname === %q && document.readyState === 'complete'", path))
}

// status is the HTTP status of the current document.
func (p *cdpPage) status() int {
	var st int
	p.eval(`performance.getEntriesByType('navigation')[0].responseStatus`, &st)
	return st
}

// viInt formats n as the Vietnamese dashboard does (dots between thousands).
func viInt(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// buildGateway builds the gateway command once per test binary.
func buildGateway(t *testing.T) string {
	t.Helper()
	bin, err := gwtest.BuildGateway(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bin
}
