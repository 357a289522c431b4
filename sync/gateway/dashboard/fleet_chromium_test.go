//go:build !windows

package dashboard_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestChromiumKiosks drives the real gateway process with headless Chromium: kiosks
// send signed heartbeats, a city account sees every kiosk on the Ki-ốt page with the
// alerts they raise (scanner jammed, disk nearly full, a kiosk silent for 30 hours,
// one never heard from), and downloads the CSV; a commune account sees its own
// commune's kiosks only, and is out at its next click once `gateway user disable`
// ran. Screenshots (1366×768 viewport) go to screenshots/dashboard/.
func TestChromiumKiosks(t *testing.T) {
	g := newGatewayDir(t)
	ks := g.addKiosks([2]string{"Nhà văn hóa ấp Mỹ Ái", "Mỹ Khánh"}, [2]string{"Bưu điện văn hóa xã Mỹ Khánh", "Mỹ Khánh"},
		[2]string{"Nhà văn hóa An Bình", "An Bình"}, [2]string{"Bưu điện văn hóa xã Nhơn Ái", "Nhơn Ái"}, [2]string{"Nhà văn hóa ấp Thới Hòa", "Nhơn Ái"})
	g.run(pw+"\n", "user", "add", "so.tttt")
	g.run(pw+"\n", "user", "add", "xa.mykhanh", "--role", "commune", "--commune", "Mỹ Khánh")
	// A heartbeat 30 hours old, stored before the gateway starts (the API stamps its own time).
	healthy := wire.Heartbeat{Version: "1.4.0", Scanner: wire.DeviceReady, QRReader: wire.DeviceReady, Printer: wire.DeviceNone,
		DiskFreeBytes: 48 << 30, SessionsToday: 9}
	g.withStore(func(s gwstore.Interface) {
		old := healthy
		old.Version = "1.3.2"
		at := time.Now().Add(-30 * time.Hour)
		old.SentAt = at
		if err := s.PutHeartbeat(context.Background(), gwstore.Heartbeat{KioskID: ks[3].id, ReceivedAt: at, Beat: old}); err != nil {
			t.Fatal(err)
		}
	})

	base := gwtest.ServeGateway(t, g.bin, nil, "--data", g.dir, "--log-level", "warn").URL

	// Heartbeats through the signed API: a healthy kiosk, a jammed scanner with a
	// dossier waiting, a nearly full disk. Kiosk 4 is silent; kiosk 5 never spoke.
	beats := map[int]func(h *wire.Heartbeat){
		0: func(h *wire.Heartbeat) {},
		1: func(h *wire.Heartbeat) { h.Scanner, h.OutboxDepth, h.OldestQueuedSecs = wire.DeviceJammed, 2, 5400 },
		2: func(h *wire.Heartbeat) { h.DiskFreeBytes, h.SettingsVersion = 700<<20, "a1b2c3d4" },
	}
	for i, mutate := range beats {
		hb := healthy
		mutate(&hb)
		hb.SentAt = time.Now()
		body, _ := json.Marshal(hb)
		c := &gwtest.Client{BaseURL: base, ID: ks[i].id, Secret: ks[i].secret}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		r, err := c.Do(ctx, http.MethodPut, wire.HeartbeatPath, body, http.Header{"Content-Type": {wire.ContentTypeJSON}})
		cancel()
		if err != nil || r.Status != http.StatusOK || !r.Signed {
			t.Fatalf("heartbeat of %s: %v %+v", ks[i].name, err, r)
		}
	}

	shots := screenshotDir(t)
	p := startChromium(t, g.chromium)
	p.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false})
	p.navigate(base+"/login", "/login")
	p.submit(`document.getElementById('name').value = 'so.tttt';
		document.getElementById('password').value = `+jsString(pw)+`;
		document.querySelector('form[action="/login"] button[type=submit]').click();`, "/")
	p.navigate(base+"/kiosks", "/kiosks")
	type row struct {
		ID, State string
		Alerts    []string
		Text      string
	}
	var rows []row
	p.eval(`Array.from(document.querySelectorAll('#fleet tbody tr')).map(tr => ({ID: tr.id.slice(2),
		State: tr.className.replace('fleet-', ''), Alerts: Array.from(tr.querySelectorAll('ul.alerts li')).map(li => li.className.replace('al-', '')),
		Text: tr.innerText}))`, &rows)
	want := []struct {
		k      int
		state  string
		alerts string
	}{{3, "offline", "offline"}, {4, "never", "offline"}, {2, "alert", "disk"}, {1, "alert", "scanner"}, {0, "ok", ""}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows on the Ki-ốt page, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.ID != ks[w.k].id || r.State != w.state || strings.Join(r.Alerts, ",") != w.alerts {
			t.Errorf("row %d: %s %s %v, want %s (%s) %s %s", i, r.ID, r.State, r.Alerts, ks[w.k].id, ks[w.k].name, w.state, w.alerts)
		}
	}
	if txt := p.text(); !strings.Contains(txt, "Máy quét bị kẹt giấy hoặc không kết nối") || !strings.Contains(txt, "Ổ đĩa còn dưới 1 GB") ||
		!strings.Contains(txt, "Không liên lạc quá 1 ngày") || !strings.Contains(txt, "2 hồ sơ, lâu nhất 1,5 giờ") ||
		!strings.Contains(txt, "1.3.2") || !strings.Contains(txt, "5 ki-ốt · 4 cần xử lý") || !strings.Contains(txt, "0,7 GB") {
		t.Errorf("the Ki-ốt page says:\n%s", txt)
	}
	p.screenshot(shots, "10-kiosks.png")

	// The CSV export, with the browser's session cookie (the page's CSP forbids fetch).
	var cookies struct {
		Cookies []struct{ Name, Value string }
	}
	if err := json.Unmarshal(p.call("Network.getCookies", map[string]any{"urls": []string{base}}), &cookies); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/kiosks.csv", nil)
	for _, c := range cookies.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	csvBytes, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csvText := string(csvBytes)
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/csv; charset=utf-8" {
		t.Errorf("kiosks.csv: %d %s", resp.StatusCode, ct)
	}
	lines := strings.Split(strings.TrimSpace(csvText), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "\ufeff") || !strings.Contains(csvText, "Máy quét bị kẹt giấy") ||
		!strings.Contains(csvText, ks[1].id+",Bưu điện văn hóa xã Mỹ Khánh,Mỹ Khánh,Cần xử lý") {
		t.Errorf("kiosks.csv:\n%s", csvText)
	}

	// English.
	p.navigate(base+"/lang/en?back=/kiosks", "/kiosks")
	if txt := p.text(); !strings.Contains(txt, "Scanner jammed or not connected") || !strings.Contains(txt, "Needs action") {
		t.Errorf("English Ki-ốt page:\n%s", txt)
	}
	p.screenshot(shots, "11-kiosks-en.png")
	p.navigate(base+"/lang/vi?back=/kiosks", "/kiosks")

	// A commune account sees its own commune's kiosks only.
	p.submit(`document.querySelector('form[action="/logout"] button').click();`, "/login")
	p.submit(`document.getElementById('name').value = 'xa.mykhanh';
		document.getElementById('password').value = `+jsString(pw)+`;
		document.querySelector('form[action="/login"] button[type=submit]').click();`, "/")
	p.navigate(base+"/kiosks", "/kiosks")
	var ids []string
	p.eval(`Array.from(document.querySelectorAll('#fleet tbody tr')).map(tr => tr.id.slice(2))`, &ids)
	if len(ids) != 2 || ids[0] != ks[1].id || ids[1] != ks[0].id {
		t.Errorf("the commune account sees %v, want [%s %s]", ids, ks[1].id, ks[0].id)
	}
	p.screenshot(shots, "12-kiosks-commune.png")

	// Disabled from the command line: the open session ends at the next click, and
	// signing in again is refused.
	if out := g.run("", "user", "disable", "xa.mykhanh"); !strings.Contains(out, "disabled=true") {
		t.Fatalf("user disable printed %q", out)
	}
	p.navigate(base+"/kiosks", "/login")
	p.submit(`document.getElementById('name').value = 'xa.mykhanh';
		document.getElementById('password').value = `+jsString(pw)+`;
		document.querySelector('form[action="/login"] button[type=submit]').click();`, "/login")
	if st := p.status(); st != http.StatusUnauthorized {
		t.Errorf("a disabled account's sign-in answered %d, want 401", st)
	}
	t.Logf("screenshots in %s", shots)
}
