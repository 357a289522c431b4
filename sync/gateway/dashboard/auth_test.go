package dashboard_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/dashboard"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

const pw = "mật-khẩu-đủ-dài-2026"

func TestPasswordHash(t *testing.T) {
	h, err := dashboard.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, pw) {
		t.Fatalf("hash %q", h)
	}
	h2, _ := dashboard.HashPassword(pw)
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	if ok, err := dashboard.CheckPassword(h, pw); !ok || err != nil {
		t.Errorf("right password: %v %v", ok, err)
	}
	for _, wrong := range []string{"", "mật-khẩu-đủ-dài-2025", "mat-khau-du-dai-2026", pw + " "} {
		if ok, err := dashboard.CheckPassword(h, wrong); ok || err != nil {
			t.Errorf("wrong password %q: %v %v", wrong, ok, err)
		}
	}
	for _, bad := range []string{"", "plain", "$2a$10$abcdefghijklmnopqrstuv", strings.Replace(h, "m=19456", "m=99999999", 1),
		strings.Replace(h, "t=2", "t=0", 1), h[:len(h)-30]} {
		if ok, err := dashboard.CheckPassword(bad, pw); ok || !errors.Is(err, dashboard.ErrBadHash) {
			t.Errorf("hash %q: %v %v, want ErrBadHash", bad, ok, err)
		}
	}
	for _, common := range []string{"1234567890", "qwertyuiop", "Password123", "matkhau123", "mat-khau-123", "aaaaaaaaaaaa",
		"abababababab", "abcdefghijk", "9876543210", "Cantho2026"} {
		if _, err := dashboard.HashPassword(common); !errors.Is(err, dashboard.ErrCommonPassword) {
			t.Errorf("HashPassword(%q) = %v, want ErrCommonPassword", common, err)
		}
	}
	if _, err := dashboard.HashPassword("ngắn"); !errors.Is(err, dashboard.ErrWeakPassword) {
		t.Errorf("short password: %v", err)
	}
}

// sessionCookie finds the session cookie among a response's Set-Cookie headers.
func sessionCookie(t *testing.T, a answer, name string) *http.Cookie {
	t.Helper()
	for _, line := range a.header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie in %q", name, a.header.Values("Set-Cookie"))
	return nil
}

func TestSignIn(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		b := e.browser()

		// Not signed in: every page leads to the sign-in form.
		a := b.get("/dossiers?status=received")
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/login?next=%2Fdossiers%3Fstatus%3Dreceived" {
			t.Fatalf("GET /dossiers signed out: %d %q", a.status, a.header.Get("Location"))
		}
		login := b.get("/login")
		if login.status != http.StatusOK || !strings.Contains(login.body, "Đăng nhập") || !strings.Contains(login.body, "Mật khẩu") {
			t.Fatalf("sign-in form: %d\n%s", login.status, login.body)
		}
		if csp := login.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
			t.Errorf("CSP %q", csp)
		}
		pre := sessionCookie(t, login, "dvc_login")
		if !pre.HttpOnly || pre.SameSite != http.SameSiteStrictMode || pre.Value != csrf(t, login.body) {
			t.Errorf("pre-session cookie %+v", pre)
		}

		a = b.post("/login", url.Values{"csrf": {csrf(t, login.body)}, "name": {"so.tttt"}, "password": {pw}, "next": {"/dossiers"}})
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/dossiers" {
			t.Fatalf("sign-in: %d %q\n%s", a.status, a.header.Get("Location"), a.body)
		}
		c := sessionCookie(t, a, "dvc_session")
		if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure || c.Path != "/" || len(c.Value) < 40 {
			t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, not Secure over plain HTTP, Path=/", c)
		}
		home := b.get("/")
		if home.status != http.StatusOK || !strings.Contains(home.body, "Tổng quan") || !strings.Contains(home.body, "so.tttt") {
			t.Fatalf("overview after sign-in: %d\n%s", home.status, home.body)
		}
		if home.header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q", home.header.Get("Cache-Control"))
		}

		// The store holds a hash of the token, not the token.
		if _, err := s.Session(context.Background(), c.Value); !errors.Is(err, gwstore.ErrNotFound) {
			t.Errorf("session found under the raw token: %v", err)
		}

		// Signing out (a form with the token) ends the session.
		a = b.post("/logout", url.Values{"csrf": {csrf(t, home.body)}})
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/login" {
			t.Fatalf("sign-out: %d %q", a.status, a.header.Get("Location"))
		}
		if a := b.get("/"); a.status != http.StatusSeeOther {
			t.Errorf("after sign-out GET /: %d", a.status)
		}
		// The old cookie replayed by hand is dead too.
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/", nil)
		req.AddCookie(&http.Cookie{Name: "dvc_session", Value: c.Value})
		if a := e.browser().do(req); a.status != http.StatusSeeOther {
			t.Errorf("replayed cookie after sign-out: %d", a.status)
		}
	})
}

func TestSecureCookieOverTLS(t *testing.T) {
	e := newEnv(t, openSQLite(t), true)
	e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
	b := e.browser()
	a := b.signIn("so.tttt", pw)
	if a.status != http.StatusSeeOther {
		t.Fatalf("sign-in over TLS: %d\n%s", a.status, a.body)
	}
	c := sessionCookie(t, a, "__Host-dvc_session")
	if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("session cookie over TLS %+v: want Secure, HttpOnly, SameSite=Strict, Path=/, no Domain", c)
	}
	a = b.get("/")
	if a.status != http.StatusOK {
		t.Errorf("overview over TLS: %d", a.status)
	}
	if h := a.header.Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=31536000") {
		t.Errorf("no HSTS over TLS: %q", h)
	}
	// Over plain HTTP (loopback, development) HSTS would be ignored and is not sent.
	plain := newEnv(t, openSQLite(t), false).browser()
	if h := plain.get("/login").header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS over plain HTTP: %q", h)
	}
}

func TestWrongPasswordRefused(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		b := e.browser()
		for _, try := range []struct{ name, pw string }{{"so.tttt", "mật-khẩu-sai-hoàn-toàn"}, {"so.tttt", ""}, {"không.có.ai", pw}, {"", pw}} {
			a := b.signIn(try.name, try.pw)
			if a.status != http.StatusUnauthorized || !strings.Contains(a.body, "Tên đăng nhập hoặc mật khẩu không đúng.") {
				t.Errorf("sign-in %q/%q: %d, want 401 with the Vietnamese message", try.name, try.pw, a.status)
			}
			for _, line := range a.header.Values("Set-Cookie") {
				if strings.HasPrefix(line, "dvc_session=") {
					t.Errorf("a refused sign-in set %q", line)
				}
			}
		}
		if a := b.get("/"); a.status != http.StatusSeeOther {
			t.Errorf("GET / after refused sign-ins: %d", a.status)
		}
	})
}

// Guessing a password slows down exponentially for the guesser, but never locks the
// real user out: 5 failures used to lock a name for 15 minutes from every address,
// and 20 failures from a proxy's address locked everyone behind it out.
func TestSignInThrottled(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		attacker := e.browserFrom("127.0.0.2")
		for i := 0; i < freePerPairT; i++ {
			if a := attacker.signIn("so.tttt", "sai-sai-sai-sai"); a.status != http.StatusUnauthorized {
				t.Fatalf("wrong try %d: %d", i+1, a.status)
			}
		}
		// Then every try waits, longer after each failure, even with the right password.
		var waits []int
		for i := 0; i < 8; i++ {
			a := attacker.signIn("so.tttt", "sai-sai-sai-sai")
			if a.status != http.StatusTooManyRequests || !strings.Contains(a.body, "Đăng nhập sai quá nhiều lần.") {
				t.Fatalf("try %d after the free ones: %d\n%s", i+1, a.status, a.body)
			}
			w, _ := strconv.Atoi(a.header.Get("Retry-After"))
			waits = append(waits, w)
			e.clock.Add(time.Duration(w) * time.Second)
			if a := attacker.signIn("so.tttt", "sai-sai-sai-sai"); a.status != http.StatusUnauthorized {
				t.Fatalf("try once the wait passed: %d", a.status)
			}
		}
		for i := 1; i < len(waits); i++ {
			if waits[i] <= waits[i-1] {
				t.Fatalf("waits do not grow: %v", waits)
			}
		}
		if a := attacker.signIn("so.tttt", pw); a.status != http.StatusTooManyRequests {
			t.Fatalf("the guesser's address with the right password: %d, want 429", a.status)
		}
		// The real user, from an address that did not fail, signs in at once.
		e.browserFrom("127.0.0.3").mustSignIn("so.tttt", pw)
		// Another account behind the same address as the guesser is not slowed either.
		e.addAccount("xa.anbinh", gwstore.RoleCommune, "An Bình", pw)
		e.browserFrom("127.0.0.2").mustSignIn("xa.anbinh", pw)
		// The limiter lives in the store: a restarted dashboard still slows the guesser.
		again := newEnvClock(t, s, false, e.clock)
		if a := again.browserFrom("127.0.0.2").signIn("so.tttt", pw); a.status != http.StatusTooManyRequests {
			t.Fatalf("after a restart, the guesser's address: %d, want 429", a.status)
		}
		// And forgets: a quarter of an hour after the last failure, all is clear.
		e.clock.Add(16 * time.Minute)
		again.browserFrom("127.0.0.2").mustSignIn("so.tttt", pw)
	})
}

const freePerPairT = 3 // dashboard.freePerPair

// Behind a proxy every request comes from one address: 20 failures on various names
// from it used to lock out everyone; now the users behind it still sign in.
func TestSignInBehindProxyNotLockedOut(t *testing.T) {
	e := newEnv(t, openSQLite(t), false)
	e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
	proxy := e.browserFrom("127.0.0.4")
	for i := 0; i < 30; i++ {
		proxy.signIn(fmt.Sprintf("nguoi.%d", i), "sai-sai-sai-sai")
	}
	e.browserFrom("127.0.0.4").mustSignIn("so.tttt", pw)
}

func TestSignInFormNeedsToken(t *testing.T) {
	e := newEnv(t, openSQLite(t), false)
	e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
	b := e.browser()
	form := url.Values{"name": {"so.tttt"}, "password": {pw}}
	if a := b.post("/login", form); a.status != http.StatusForbidden {
		t.Errorf("sign-in without the form's token: %d, want 403", a.status)
	}
	login := b.get("/login")
	form.Set("csrf", "not-the-token")
	if a := b.post("/login", form); a.status != http.StatusForbidden {
		t.Errorf("sign-in with a wrong token: %d, want 403", a.status)
	}
	form.Set("csrf", csrf(t, login.body))
	if a := b.post("/login", form, "Origin", "http://evil.example"); a.status != http.StatusForbidden {
		t.Errorf("sign-in posted from another origin: %d, want 403", a.status)
	}
	// A token from another browser's form does not fit this browser's cookie.
	other := e.browser().get("/login")
	form.Set("csrf", csrf(t, other.body))
	if a := b.post("/login", form); a.status != http.StatusForbidden {
		t.Errorf("sign-in with another browser's token: %d, want 403", a.status)
	}
	form.Set("csrf", csrf(t, login.body))
	if a := b.post("/login", form); a.status != http.StatusSeeOther {
		t.Errorf("sign-in with the token: %d", a.status)
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := newEnv(t, openSQLite(t), false)
	e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
	b := e.browser()
	b.mustSignIn("so.tttt", pw)
	// Activity keeps the session alive past the idle timeout…
	for i := 0; i < 3; i++ {
		e.clock.Add(25 * time.Minute)
		if a := b.get("/"); a.status != http.StatusOK {
			t.Fatalf("active after %d×25 min: %d", i+1, a.status)
		}
	}
	// …31 idle minutes end it (it was an hour).
	e.clock.Add(31 * time.Minute)
	if a := b.get("/"); a.status != http.StatusSeeOther {
		t.Fatalf("after 31 idle minutes: %d, want a redirect to sign in", a.status)
	}
	// And 12 hours end it whatever the activity.
	b.mustSignIn("so.tttt", pw)
	for i := 0; i < 30; i++ {
		e.clock.Add(25 * time.Minute)
		b.get("/")
	}
	if a := b.get("/"); a.status != http.StatusSeeOther {
		t.Fatalf("after 12.5 hours: %d, want a redirect to sign in", a.status)
	}
}

func TestOpenRedirectRefused(t *testing.T) {
	e := newEnv(t, openSQLite(t), false)
	e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		b := e.browser()
		login := b.get("/login")
		a := b.post("/login", url.Values{"csrf": {csrf(t, login.body)}, "name": {"so.tttt"}, "password": {pw}, "next": {next}})
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/" {
			t.Errorf("next=%q: %d %q, want /", next, a.status, a.header.Get("Location"))
		}
	}
	if a := e.browser().get("/lang/en?back=//evil.example"); a.header.Get("Location") != "/" {
		t.Errorf("language switch back=//evil.example went to %q", a.header.Get("Location"))
	}
}
