package dashboard

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// Cookie names; with Secure the session cookie takes the __Host- prefix, which
// browsers only accept from HTTPS, for the whole host, with no Domain.
const (
	sessionCookie = "dvc_session"
	loginCookie   = "dvc_login" // the sign-in form's pre-session CSRF token
	langCookie    = "dvc_lang"
	csrfField     = "csrf"
)

func (d *Dashboard) sessionCookieName() string {
	if d.secure {
		return "__Host-" + sessionCookie
	}
	return sessionCookie
}

// newToken returns 32 random bytes, base64url-encoded.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

// signedIn is the session of an authenticated request.
type signedIn struct {
	session gwstore.Session
	account gwstore.Account
}

type ctxKey struct{}

func sessionOf(r *http.Request) *signedIn {
	s, _ := r.Context().Value(ctxKey{}).(*signedIn)
	return s
}

// errNoSession covers every reason a request is not signed in.
var errNoSession = errors.New("dashboard: not signed in")

// lookup finds the live session of r's cookie.
func (d *Dashboard) lookup(ctx context.Context, r *http.Request) (*signedIn, error) {
	c, err := r.Cookie(d.sessionCookieName())
	if err != nil || c.Value == "" {
		return nil, errNoSession
	}
	h := tokenHash(c.Value)
	s, err := d.store.Session(ctx, h)
	if errors.Is(err, gwstore.ErrNotFound) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	now := d.now()
	if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeen) > d.idle {
		d.store.DeleteSession(ctx, h)
		return nil, errNoSession
	}
	a, err := d.store.Account(ctx, s.Account)
	if errors.Is(err, gwstore.ErrNotFound) || (err == nil && a.Disabled) {
		d.store.DeleteSession(ctx, h)
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	// Record activity at most once a minute: reads stay reads.
	if now.Sub(s.LastSeen) > time.Minute {
		if err := d.store.TouchSession(ctx, h, now); err != nil {
			return nil, err
		}
		s.LastSeen = now
	}
	return &signedIn{session: s, account: a}, nil
}

// authed wraps a handler that needs a signed-in user. GETs without a session go to
// the sign-in page; POSTs without a session, from another origin or without the
// session's CSRF token are refused with 403 before the handler runs.
func (d *Dashboard) authed(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := d.lookup(r.Context(), r)
		if err != nil && !errors.Is(err, errNoSession) {
			d.internalError(w, r, err)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if s == nil {
				d.log.WarnContext(r.Context(), "dashboard: post without a session refused", "path", r.URL.Path, "remote", r.RemoteAddr)
				d.renderError(w, r, http.StatusForbidden, "err.forbidden")
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, s))
			if !sameOrigin(r) || !tokenMatches(r.PostFormValue(csrfField), s.session.CSRF) {
				d.log.WarnContext(r.Context(), "dashboard: post without a valid CSRF token refused", "path", r.URL.Path,
					"account", s.account.Name, "remote", r.RemoteAddr)
				d.renderError(w, r, http.StatusForbidden, "err.csrf")
				return
			}
			h(w, r)
			return
		}
		if s == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, s)))
	})
}

// tokenMatches compares a submitted token with the expected one in constant time.
func tokenMatches(got, want string) bool {
	return want != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameOrigin refuses requests a browser marks as coming from another site (belt and
// braces with the token and SameSite=Strict).
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return false
	}
	o := r.Header.Get("Origin")
	switch o {
	case "":
		return true // old browsers send no Origin on same-origin form posts
	case "null":
		return false
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// setCookie sets an HttpOnly, SameSite=Strict cookie (Secure when serving TLS).
func (d *Dashboard) setCookie(w http.ResponseWriter, name, value, path string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: d.secure, SameSite: http.SameSiteStrictMode})
}

// localPath returns next when it is a path on this site, "/" otherwise (no open
// redirects: "//host", "/\host" and absolute URLs are refused).
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

// langOf is the reader's language: the cookie's, Vietnamese by default.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "vi"
}

// setLang switches the language and goes back to where the reader was.
func (d *Dashboard) setLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if lang != "en" {
		lang = "vi"
	}
	d.setCookie(w, langCookie, lang, "/", 365*24*3600)
	http.Redirect(w, r, localPath(r.URL.Query().Get("back")), http.StatusSeeOther)
}
