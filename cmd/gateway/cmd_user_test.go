package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/dashboard"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// cliIn runs a gateway command with stdin and returns its stdout, stderr and exit code.
func cliIn(t *testing.T, b backend, stdin string, args ...string) (string, string, int) {
	t.Helper()
	o, e, err := gwtest.RunGateway(gatewayBin, stdin, append(args, b.args()...)...)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return o, e, ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o, e, 0
}

// dashboardAccounts is what the test reads of the store's accounts.
type dashboardAccounts interface {
	Account(ctx context.Context, name string) (gwstore.Account, error)
}

func TestUserCommands(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		const pw = "một-mật-khẩu-dài"
		out, errOut, code := cliIn(t, b, pw+"\n", "user", "add", "so.tttt")
		if code != 0 || out != "account=so.tttt\nrole=city\n" {
			t.Fatalf("user add: %d %q %s", code, out, errOut)
		}
		pwFile := filepath.Join(t.TempDir(), "pw")
		os.WriteFile(pwFile, []byte("mật-khẩu-xã-Thới-Lai\r\n"), 0o600)
		out, errOut, code = cliIn(t, b, "", "user", "add", "xa.thoilai", "--role", "commune", "--commune", "Thới Lai", "--password-file", pwFile)
		if code != 0 || !strings.Contains(out, "commune=Thới Lai") {
			t.Fatalf("user add --password-file: %d %q %s", code, out, errOut)
		}
		for _, c := range []struct {
			stdin string
			args  []string
			code  int
			msg   string
		}{
			{pw + "\n", []string{"user", "add", "so.tttt"}, 1, "exists"},
			{"ngắn\n", []string{"user", "add", "khac"}, 2, "at least 10 characters"},
			{"", []string{"user", "add", "khac"}, 2, "no password"},
			{"1234567890\n", []string{"user", "add", "khac"}, 2, "too common"},
			{pw, []string{"user", "add", "khac", "--role", "commune"}, 2, "--role must be"},
			{pw, []string{"user", "add", "khac", "--role", "admin"}, 2, "--role must be"},
			{pw, []string{"user", "add", "khac", "--commune", "Thới Lai"}, 2, "--commune goes with --role commune"},
			{pw, []string{"user", "add"}, 2, "NAME"},
		} {
			_, errOut, code := cliIn(t, b, c.stdin, c.args...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Errorf("%v: exit %d %q, want %d with %q", c.args, code, errOut, c.code, c.msg)
			}
		}
		out, _, _ = cliIn(t, b, "", "user", "list")
		if !strings.Contains(out, "so.tttt\tcity\t\t") || !strings.Contains(out, "xa.thoilai\tcommune\tThới Lai\t") || strings.Contains(out, "argon2") {
			t.Errorf("user list:\n%s", out)
		}

		// The stored hash checks the password, and the new password replaces it.
		s := b.open(t).(dashboardAccounts)
		a, err := s.Account(context.Background(), "xa.thoilai")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := dashboard.CheckPassword(a.PasswordHash, "mật-khẩu-xã-Thới-Lai"); !ok || err != nil {
			t.Errorf("the stored hash does not check the file's password (CR LF stripped): %v %v", ok, err)
		}
		if _, errOut, code := cliIn(t, b, "mật-khẩu-mới-2026\n", "user", "password", "xa.thoilai"); code != 0 {
			t.Fatalf("user password: %d %s", code, errOut)
		}
		a, _ = s.Account(context.Background(), "xa.thoilai")
		if ok, _ := dashboard.CheckPassword(a.PasswordHash, "mật-khẩu-mới-2026"); !ok {
			t.Error("user password did not take")
		}
		if _, _, code := cliIn(t, b, "mật-khẩu-mới-2026\n", "user", "password", "không-có"); code != 1 {
			t.Errorf("user password of a missing account: exit %d", code)
		}
	})
}

// TestDashboardMounted checks the dashboard and the API share the server: the API
// keeps /api/, the dashboard answers everything else.
func TestDashboardMounted(t *testing.T) {
	b := backend{name: "sqlite", db: filepath.Join(t.TempDir(), "gateway.db"), data: t.TempDir()}
	p := startGateway(t, b)
	hc := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		resp, err := hc.Get(p.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	if resp, body := get("/api/v1/health"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("health: %d %s", resp.StatusCode, body)
	}
	if resp, body := get("/api/v1/nope"); resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusNotFound ||
		!strings.Contains(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("unknown API path: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get("/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2F" {
		t.Errorf("GET /: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, body := get("/login"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Đăng nhập") {
		t.Errorf("GET /login: %d", resp.StatusCode)
	}
}

// TestDashboardSecureBehindProxy: GATEWAY_DASHBOARD_SECURE=1 marks the cookies Secure
// on plain HTTP (TLS ends at a proxy in front).
func TestDashboardSecureBehindProxy(t *testing.T) {
	t.Setenv("GATEWAY_DASHBOARD_SECURE", "1")
	b := backend{name: "sqlite", db: filepath.Join(t.TempDir(), "gateway.db"), data: t.TempDir()}
	p := startGateway(t, b)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(p.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	c := resp.Cookies()
	if len(c) != 1 || c[0].Name != "dvc_login" || !c[0].Secure || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode {
		t.Errorf("sign-in form cookie behind a TLS proxy: %+v", c)
	}
}

// `gateway dossier erase CODE` erases a dossier's personal data at a resident's request,
// with an audit line, once.
func TestDossierEraseCommand(t *testing.T) {
	dir := t.TempDir()
	b := backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir}
	ctx := testCtx(t)
	id, _ := addKiosk(t, b, "Nhà văn hóa ấp 3")
	st := b.open(t)
	d := wire.Dossier{ID: "erase-me", ReceiptCode: "K7Q4-M2PX", ProcedureCode: "1.001193",
		Applicant: wire.Applicant{Name: "Nguyễn Thị Ngọc Hường", IDNumber: "092158001234"}}
	body, _ := wire.Canonical(d)
	stored, _, err := st.SubmitDossier(ctx, gwstore.NewDossier{KioskID: id, Dossier: d, Body: body, BodySHA256: wire.BodyHash(body),
		ReceivedAt: time.Now(), Day: time.Now(), Agency: wire.DefaultAgencyCode})
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, err := cliErr(b, "dossier", "erase", stored.OfficialCode, "--reason", "đơn ngày 01/12")
	if err != nil || !strings.Contains(out, "erased official_code="+stored.OfficialCode) ||
		!strings.Contains(errOut, `"msg":"dossier personal data erased","audit":true`) || !strings.Contains(errOut, `"reason":"request: đơn ngày 01/12"`) {
		t.Fatalf("erase: %v\n%s\n%s", err, out, errOut)
	}
	if got, _ := st.DossierByID(ctx, d.ID); strings.Contains(string(got.Body), "Hường") || strings.Contains(string(got.Body), "092158001234") {
		t.Fatalf("still stored: %s", got.Body)
	}
	if _, errOut, err := cliErr(b, "dossier", "erase", d.ID); err == nil || !strings.Contains(errOut, "erased already") {
		t.Fatalf("second erase: %v %s", err, errOut)
	}
}
