package dashboard

import (
	"errors"
	"math"
	"net/http"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// loginData is the sign-in form's model.
type loginData struct {
	Token     string // the pre-session CSRF token
	Name      string
	Next      string
	WaitMins  int // when rate limited
	ErrorText string
}

// loginForm shows the sign-in form with a fresh pre-session token (also set as a
// cookie: the POST must carry both, equal).
func (d *Dashboard) loginForm(w http.ResponseWriter, r *http.Request) {
	if s, err := d.lookup(r.Context(), r); err == nil && s != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	d.showLogin(w, r, http.StatusOK, loginData{Next: localPath(r.URL.Query().Get("next"))}, "")
}

func (d *Dashboard) showLogin(w http.ResponseWriter, r *http.Request, status int, ld loginData, errKey string) {
	ld.Token = newToken()
	d.setCookie(w, loginCookie, ld.Token, "/login", 3600)
	d.render(w, r, status, "login.html", page{Title: "login.title", Error: errKey, Data: ld})
}

// login checks the sign-in form: its token first (403), then the rate limit (429),
// then the password (401 with the form again); success starts a session.
func (d *Dashboard) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameOrigin(r) || !tokenMatches(r.PostFormValue(csrfField), c.Value) {
		d.log.WarnContext(r.Context(), "dashboard: sign-in without a valid CSRF token refused", "remote", r.RemoteAddr)
		d.renderError(w, r, http.StatusForbidden, "err.csrf")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	password := r.PostFormValue("password")
	ld := loginData{Name: name, Next: localPath(r.PostFormValue("next"))}
	wait, err := d.signInWait(r.Context(), r, name)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	if wait > 0 {
		d.log.WarnContext(r.Context(), "dashboard: sign-in throttled", "account", name, "remote", r.RemoteAddr, "wait_s", int(math.Ceil(wait.Seconds())))
		ld.WaitMins = int(math.Ceil(wait.Minutes()))
		w.Header().Set("Retry-After", itoa(int(math.Ceil(wait.Seconds()))))
		d.showLogin(w, r, http.StatusTooManyRequests, ld, "login.limited")
		return
	}
	a, err := d.store.Account(r.Context(), name)
	hash := a.PasswordHash
	if errors.Is(err, gwstore.ErrNotFound) || name == "" {
		hash = dummyHash()
	} else if err != nil {
		d.internalError(w, r, err)
		return
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		d.log.ErrorContext(r.Context(), "dashboard: stored password hash unreadable", "account", name, "err", err)
	}
	if !ok || a.Name == "" || a.Disabled {
		if err := d.signInFailed(r.Context(), r, name); err != nil {
			d.internalError(w, r, err)
			return
		}
		d.log.WarnContext(r.Context(), "dashboard: sign-in refused", "account", name, "remote", r.RemoteAddr)
		d.showLogin(w, r, http.StatusUnauthorized, ld, "login.wrong")
		return
	}
	if err := d.signedIn(r.Context(), r, name); err != nil {
		d.internalError(w, r, err)
		return
	}
	token, now := newToken(), d.now()
	s := gwstore.Session{TokenSHA256: tokenHash(token), Account: a.Name, CSRF: newToken(),
		CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(d.ttl)}
	if err := d.store.CreateSession(r.Context(), s); err != nil {
		d.internalError(w, r, err)
		return
	}
	if err := d.store.TrimSessions(r.Context(), a.Name, maxSessions); err != nil {
		d.internalError(w, r, err)
		return
	}
	d.setCookie(w, d.sessionCookieName(), token, "/", int(d.ttl.Seconds()))
	d.setCookie(w, loginCookie, "", "/login", -1)
	d.log.InfoContext(r.Context(), "dashboard: signed in", "account", a.Name, "role", a.Role, "remote", r.RemoteAddr)
	http.Redirect(w, r, ld.Next, http.StatusSeeOther)
}

// logout ends the session (a CSRF-checked POST).
func (d *Dashboard) logout(w http.ResponseWriter, r *http.Request) {
	s := sessionOf(r)
	if err := d.store.DeleteSession(r.Context(), s.session.TokenSHA256); err != nil {
		d.internalError(w, r, err)
		return
	}
	d.setCookie(w, d.sessionCookieName(), "", "/", -1)
	d.log.InfoContext(r.Context(), "dashboard: signed out", "account", s.account.Name)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
