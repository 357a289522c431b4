// Package dashboard is the gateway's web dashboard for the city and for commune
// officials: server-rendered HTML (html/template, embedded CSS, charts drawn as inline
// SVG on the server) that needs no JavaScript, no CDN and no internet access, so it
// works on an old office PC's browser. Vietnamese comes first; English is one link away.
//
// Pages: the overview (usage figures the kiosks push, per day, per commune, per kiosk
// and per procedure over a date range that defaults to the last 30 days, as tables and
// SVG charts), a CSV export of the per-kiosk daily figures, the dossiers received with
// their status, and each dossier's detail with a form that moves its status
// (received → processing → needs_more → done/rejected) with a note for the resident.
//
// Security: accounts ([gwstore.Account], created with `gateway user add`) have
// argon2id password hashes ([HashPassword]); signing in creates a server-side session
// whose cookie is HttpOnly, SameSite=Strict, Secure (and __Host- prefixed) when served
// over TLS; the store keeps only the SHA-256 of the cookie's token. Every POST form
// carries a synchronizer token tied to the session (the sign-in form: to a pre-session
// cookie); a POST without the right token, or from another origin, is refused with
// 403 before anything changes. Failed sign-ins are rate limited per account name and
// per client address (429). Sessions end after 12 hours, or 1 hour without activity.
//
// Roles: a city account sees every kiosk and dossier; a commune account sees only the
// kiosks and dossiers of its commune. Both may move the statuses of the dossiers they
// see (commune procedures are mostly handled at the commune).
package dashboard
