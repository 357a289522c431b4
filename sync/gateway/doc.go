// Package gateway is the reference city gateway's HTTP API: the server side of the
// contract in sync/wire, on the standard library's net/http with ServeMux patterns.
//
// [New] builds a [Server] from a [Store] (gwstore's SQLite or PostgreSQL
// implementation), the procedure catalog to serve, the agency code of official codes
// and a slog logger; [Server.Handler] is the http.Handler to serve.
//
// Every request under /api/v1 except GET /api/v1/health passes the authentication
// middleware first: it reads the body (bounded: 20 MiB for pages, 1 MiB otherwise),
// looks up the kiosk, checks the timestamp window and the HMAC, and refuses with 401
// {"error":"unauthorized"} (logged at WARN with the reason) before any handler runs,
// so a refused request stores nothing. The handler's answer is buffered and signed
// (X-Gateway-Signature) on the way out, whatever its status.
//
// Dossier submission order: an existing dossier under the id answers at once (200
// with the stored acknowledgement, or 409 for a different body), so a resend never
// depends on the catalog or the pages still being acceptable; a new one is validated
// against the catalog (422 with a Vietnamese reason), its pages are checked present
// with the declared sizes (424 listing the missing ones), and the store assigns the
// official code in the transaction that stores it. The repeated answer carries the
// same id, official code and received_at; its status is the current one.
package gateway
