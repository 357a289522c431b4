package dashboard

import (
	"net/http"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// maxSessions is how many sessions one account keeps: signing in once more ends the
// oldest (a stolen cookie does not live on beside the owner's new ones).
const maxSessions = 5

// sessionRow is one of the signed-in account's sessions, as listed.
type sessionRow struct {
	ID       string // sessionID: the form's handle, not the cookie's token nor its stored hash
	Created  time.Time
	LastSeen time.Time
	Current  bool
}

// sessionID names a session in the list's forms.
func sessionID(s gwstore.Session) string { return tokenHash(s.TokenSHA256)[:24] }

// sessions lists the account's own sessions, each with a sign-out button.
func (d *Dashboard) sessions(w http.ResponseWriter, r *http.Request) {
	si := sessionOf(r)
	ss, err := d.store.SessionsOf(r.Context(), si.account.Name)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	var rows []sessionRow
	now := d.now()
	for _, s := range ss {
		if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeen) > d.idle {
			continue // dead already; swept at the next sign-in
		}
		rows = append(rows, sessionRow{ID: sessionID(s), Created: s.CreatedAt, LastSeen: s.LastSeen,
			Current: s.TokenSHA256 == si.session.TokenSHA256})
	}
	flash := ""
	if r.URL.Query().Get("ended") == "1" {
		flash = "sessions.ended"
	}
	d.render(w, r, http.StatusOK, "sessions.html", page{Title: "nav.sessions", Nav: "sessions", Flash: flash, Data: rows})
}

// endSession signs one of the account's own sessions out (a CSRF-checked POST); the
// current one signs out as /logout does.
func (d *Dashboard) endSession(w http.ResponseWriter, r *http.Request) {
	si := sessionOf(r)
	ss, err := d.store.SessionsOf(r.Context(), si.account.Name)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	id := r.PostFormValue("session")
	for _, s := range ss {
		if sessionID(s) != id {
			continue
		}
		if s.TokenSHA256 == si.session.TokenSHA256 {
			d.logout(w, r)
			return
		}
		if err := d.store.DeleteSession(r.Context(), s.TokenSHA256); err != nil {
			d.internalError(w, r, err)
			return
		}
		d.log.InfoContext(r.Context(), "dashboard: session ended from the list", "account", si.account.Name)
		http.Redirect(w, r, "/sessions?ended=1", http.StatusSeeOther)
		return
	}
	d.renderError(w, r, http.StatusNotFound, "err.notfound") // not one of this account's
}
