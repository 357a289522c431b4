package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// startTestGateway builds cmd/gateway, registers a kiosk with `gateway kiosk add` and
// serves the embedded sample catalog on a free loopback port. It returns the URL and
// the kiosk's id and secret, and a function running further gateway commands.
func startTestGateway(t *testing.T, serveArgs ...string) (url, id, secret string, gw func(args ...string) string) {
	t.Helper()
	dir := t.TempDir()
	bin, err := gwtest.BuildGateway(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "gw")
	gw = func(args ...string) string {
		t.Helper()
		return gwtest.GatewayCLI(t, bin, "", append(args, "--data", data)...)
	}
	id, secret = gwtest.KioskCredentials(t, gw("kiosk", "add", "Nhà văn hóa ấp Trường Thạnh", "--commune", "Trường Long"))
	url = gwtest.ServeGateway(t, bin, nil, append([]string{"--data", data}, serveArgs...)...).URL
	return url, id, secret, gw
}

func writeJPEG(t *testing.T, path string, shade uint8) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 120, 170))
	for i := range img.Pix {
		img.Pix[i] = shade + uint8(i%7)
	}
	img.Set(3, 3, color.Gray{Y: 0})
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

var birthFields = []string{
	"ho_ten=Trần Thị Mai", "so_dinh_danh=092190001234", "ngay_sinh=1995-04-12", "noi_cu_tru=Ấp Trường Thạnh, xã Trường Long",
	"dien_thoai=0901234567", "quan_he=Mẹ", "tre_ho_ten=Nguyễn Trần Bảo An", "tre_ngay_sinh=2026-11-20", "tre_gioi_tinh=Nữ",
	"tre_dan_toc=Kinh", "tre_noi_sinh=Bệnh viện Đa khoa TP Cần Thơ", "me_ho_ten=Trần Thị Mai", "me_so_dinh_danh=092190001234",
	"nhan_ket_qua=Nhận trực tiếp tại Trung tâm Phục vụ hành chính công",
}

func dossierAddArgs(fields []string, pages ...string) []string {
	args := []string{"dossier", "add", "--procedure", "1.001193", "--name", "Trần Thị Mai", "--id-number", "092190001234"}
	for _, f := range fields {
		args = append(args, "--field", f)
	}
	for _, p := range pages {
		args = append(args, "--page", p)
	}
	return args
}

// An installer's end-to-end check, headless: register, file a dossier, see it queued,
// sync, see it accepted with an official code, see the city's status change arrive;
// a dossier the gateway refuses shows its reason and can be retried by staff.
func TestSyncOutboxDossierRegisterCommands(t *testing.T) {
	url, id, secret, gw := startTestGateway(t)
	data := t.TempDir()
	pages := t.TempDir()
	p1, p2 := filepath.Join(pages, "giay-chung-sinh.jpg"), filepath.Join(pages, "cccd.jpg")
	writeJPEG(t, p1, 90)
	writeJPEG(t, p2, 150)

	// Not registered yet: sync says so and fails.
	_, errs, code := runKiosk(t, data, "sync", "--once", "--quiet")
	if code == 0 || !strings.Contains(errs, "not configured") {
		t.Fatalf("sync before register (code %d): %q", code, errs)
	}
	out, errs, code := runKiosk(t, data, "register", "--gateway", url+"/", "--id", id, "--secret", secret)
	if code != 0 || !strings.Contains(out, "registered kiosk "+id) {
		t.Fatalf("register (code %d): %q %q", code, out, errs)
	}

	out, errs, code = runKiosk(t, data, dossierAddArgs(birthFields, "giay-chung-sinh="+p1, "cccd="+p2)...)
	m := regexp.MustCompile(`(?m)^id=(\S+)\nreceipt=(\S+)\npages=2$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("dossier add (code %d): %q %q", code, out, errs)
	}
	dossierID, receipt := m[1], m[2]
	bad := append([]string{}, birthFields...)
	bad[1] = "so_dinh_danh=12345" // not a 12-digit CCCD number: the gateway refuses it
	// The kiosk refuses it too, before saving, with the gateway's own words.
	const refusal = `Hồ sơ không hợp lệ: "Số định danh cá nhân (số thẻ căn cước/CCCD) của người đi khai sinh" không đúng định dạng.`
	out, errs, code = runKiosk(t, data, dossierAddArgs(bad, p1)...)
	if code != 1 || !strings.Contains(errs, refusal) || strings.Contains(out, "receipt=") {
		t.Fatalf("dossier add of an invalid dossier (code %d): %q %q", code, out, errs)
	}
	if out, _, _ = runKiosk(t, data, "outbox", "list"); !strings.Contains(out, "queued=1 sending=0") {
		t.Fatalf("a refused dossier reached the outbox:\n%s", out)
	}
	// A kiosk whose catalog lags behind the city's (no pattern on that field yet) files
	// it; the gateway then refuses it, with the same words (checked after the sync).
	importCatalogWithoutPattern(t, data, "1.001193", "so_dinh_danh")
	out, _, code = runKiosk(t, data, dossierAddArgs(bad, p1)...)
	m = regexp.MustCompile(`(?m)^receipt=(\S+)$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("second dossier add (code %d): %q", code, out)
	}
	badReceipt := m[1]

	out, _, _ = runKiosk(t, data, "outbox", "list")
	if !regexp.MustCompile(dossierID+`\s+`+receipt+`\s+1\.001193\s+queued\s+0\s+now`).MatchString(out) ||
		!strings.Contains(out, "queued=2 sending=0 accepted=0 rejected=0") {
		t.Fatalf("outbox before sync:\n%s", out)
	}

	out, errs, code = runKiosk(t, data, "sync", "--once")
	if code != 0 || !strings.Contains(out, "accepted=1 rejected=1 retrying=0 remaining=0 pages_uploaded=2") ||
		!strings.Contains(out, "online: dossiers done 1") {
		t.Fatalf("sync --once (code %d):\n%s\n%s", code, out, errs)
	}
	out, _, _ = runKiosk(t, data, "outbox", "list", "--state", "accepted")
	official := regexp.MustCompile(receipt + `\s+1\.001193\s+accepted\s+\d+\s+-\s+(000\.00\.21\.H13-\d{6}-\d{4})\s+received\s+2`).FindStringSubmatch(out)
	if official == nil {
		t.Fatalf("outbox after sync:\n%s", out)
	}
	out, _, _ = runKiosk(t, data, "outbox", "list", "--state", "rejected")
	if !strings.Contains(out, badReceipt) || !strings.Contains(out, refusal) {
		t.Fatalf("rejected dossier without the gateway's reason:\n%s", out)
	}

	// The city moves the dossier; the next sync brings the status down.
	gw("dossier", "status", official[1], "processing", "--note", "Đang xử lý")
	out, _, code = runKiosk(t, data, "sync", "--once", "--quiet")
	if code != 0 || !strings.Contains(out, "status_updates=1") {
		t.Fatalf("sync after the status change (code %d): %q", code, out)
	}
	out, _, _ = runKiosk(t, data, "outbox", "list", "--state", "accepted")
	if !strings.Contains(out, official[1]+"  processing") {
		t.Fatalf("status not updated:\n%s", out)
	}

	// Staff retry the rejected dossier by its receipt code (typed in lower case).
	out, errs, code = runKiosk(t, data, "outbox", "retry", strings.ToLower(badReceipt))
	if code != 0 || !strings.Contains(out, "is due now (was rejected)") {
		t.Fatalf("outbox retry (code %d): %q %q", code, out, errs)
	}
	out, _, _ = runKiosk(t, data, "outbox", "list")
	if !strings.Contains(out, "queued=1 sending=0 accepted=1 rejected=0") {
		t.Fatalf("after retry:\n%s", out)
	}
	// Retrying an accepted dossier is refused; bad arguments are usage errors.
	if _, _, code = runKiosk(t, data, "outbox", "retry", dossierID); code != 1 {
		t.Errorf("retry of an accepted dossier: exit %d, want 1", code)
	}
	for _, args := range [][]string{
		{"outbox", "retry"}, {"outbox", "list", "--state", "lost"}, {"register", "--gateway", "ftp://x", "--id", "a", "--secret", "b"},
		{"register", "--id", "a"}, {"dossier", "add"}, {"dossier", "add", "--procedure", "1.001193", "--field", "novalue"},
		{"sync", "extra"},
		// http:// to another machine: refused unless --allow-http.
		{"register", "--gateway", "http://192.0.2.10:8787", "--id", "a", "--secret", "b"},
	} {
		if _, _, code := runKiosk(t, data, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2 (usage)", args, code)
		}
	}
	if _, errs, code := runKiosk(t, data, "dossier", "add", "--procedure", "1.001193", "--page", filepath.Join(pages, "missing.jpg")); code != 1 || !strings.Contains(errs, "missing.jpg") {
		t.Errorf("missing page file: exit %d, %q", code, errs)
	}
}

// importCatalogWithoutPattern imports into the kiosk at data the sample catalog with the
// pattern of one field removed (an older catalog than the gateway's).
func importCatalogWithoutPattern(t *testing.T, data, code, field string) {
	t.Helper()
	raw, err := os.ReadFile("../../assets/catalog/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	var c catalog.Catalog
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	c.Version += "-older"
	p, ok := c.Find(code)
	if !ok {
		t.Fatalf("no procedure %s in the sample catalog", code)
	}
	for i := range p.Form {
		if p.Form[i].ID == field {
			p.Form[i].Pattern = ""
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "older.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := runKiosk(t, data, "catalog", "import", file); code != 0 {
		t.Fatalf("catalog import (code %d): %q %q", code, out, errs)
	}
}
