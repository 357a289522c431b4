// Package wire is the contract between a kiosk and the city gateway: the paths, the
// JSON bodies, the request signing and the gateway's answer signing, the error codes
// and the official tracking code format. Both ends import it (the kiosk's uplink and
// the reference gateway in sync/gateway); it has no I/O and no dependencies beyond the
// standard library. docs/openapi.yaml describes the same API for other implementers.
//
// # Transport
//
// Every path lives under [BasePath] ("/api/v1") below the configured gateway URL, which
// may itself carry a prefix (https://dvc.cantho.gov.vn/kiosk-api). JSON bodies are
// UTF-8. Errors are [Error]: {"error":"<code>","message":"<text>"} with the codes of
// the Code* constants.
//
// # Request authentication
//
// Every kiosk request except GET /api/v1/health carries five headers:
//
//	X-Kiosk-ID:             the kiosk's id (from `gateway kiosk add`)
//	X-Kiosk-Timestamp:      unix seconds, decimal
//	X-Kiosk-Nonce:          16 to 64 of [A-Za-z0-9_-], fresh for every request ([NewNonce])
//	X-Kiosk-Content-SHA256: hex(SHA256(body))
//	X-Kiosk-Signature:      hex(HMAC-SHA256(secret,
//	                          METHOD + "\n" + PATH_WITH_QUERY + "\n" + TIMESTAMP + "\n" + NONCE + "\n" +
//	                          CONTENT_LENGTH + "\n" + hex(SHA256(body))))
//
// The HMAC key is the secret text exactly as `gateway kiosk add` prints it (its
// bytes, not hex-decoded). METHOD is upper case. PATH_WITH_QUERY is the escaped
// request path starting at "/api/v1" (any prefix of the gateway URL before it is left
// out, so that a reverse proxy that strips a prefix does not break signatures),
// followed by "?" and the raw query when there is one: see [SignedPath]. TIMESTAMP and
// NONCE are the headers' text; CONTENT_LENGTH is the decimal Content-Length (0 without
// a body; a body of unknown length, chunked, is refused). An empty body hashes as
// SHA-256 of zero bytes. [SignRequest] sets all five headers on an *http.Request;
// [Sign] computes the signature alone.
//
// Because everything the signature covers is in the headers, the gateway verifies it
// before it reads a byte of the body ([VerifyHeaders]); it then reads exactly
// Content-Length bytes through a hash and refuses a body whose hash is not the signed
// one. A forged request costs the gateway no memory, whatever its declared size.
//
// The gateway refuses a missing header, an unknown kiosk id, a timestamp further than
// [MaxSkew] (300 s) from its clock, a nonce it has already seen from that kiosk within
// that window (a replay), a signature that does not verify, or a body that is not the
// signed one, with 401 {"error":"unauthorized"}, logs why, and stores nothing. A request
// signed by kiosk A but naming kiosk B fails because B's secret does not verify it.
//
// # Answer authentication
//
// Every answer to an authenticated request (success or error) except 401 carries
//
//	X-Gateway-Signature: hex(HMAC-SHA256(secret,
//	                       STATUS_CODE + "\n" + <request's X-Kiosk-Signature> + "\n" + hex(SHA256(response body))))
//
// and Content-Type application/json. The uplink accepts an answer only when
// [VerifyResponse] says so: a captive portal's 200 HTML page or a proxy's error page
// carries no valid signature and is a transient failure ("not the gateway's answer"),
// never an acknowledgement. Binding the request signature makes a recorded answer
// useless for any other request. A 401 is never signed: the gateway either does not
// know the kiosk or the request did not prove it holds the secret (signing then would
// hand a forger a signed answer); it carries {"error":"unauthorized"}. Answers to HEAD carry no body: the signature covers
// the empty body.
//
// # Endpoints
//
//	GET  /api/v1/health              200 Health (no auth)
//	HEAD /api/v1/pages/{sha256}      200 present / 404 absent (pages are per kiosk: another
//	                                 kiosk's copy is absent; a dossier attaches only pages its
//	                                 kiosk uploaded)
//	PUT  /api/v1/pages/{sha256}      raw page bytes (image/jpeg or image/png)
//	                                 201 stored / 200 already had it /
//	                                 422 hash_mismatch / 413 too_large (> MaxPageSize)
//	PUT  /api/v1/dossiers/{id}       Dossier JSON
//	                                 201 DossierAck first time / 200 same DossierAck for the same body /
//	                                 409 conflict (different body, same id) /
//	                                 424 pages_missing with Error.Missing (upload them, then retry) /
//	                                 422 invalid with a Vietnamese Error.Message (permanent)
//	GET  /api/v1/dossiers/{id}       200 DossierStatus / 404 not_found
//	GET  /api/v1/dossiers?code=C     200 DossierStatus by official or receipt code / 404;
//	                                 only the asking kiosk's dossiers are found; found by the
//	                                 (sequential) official code, the answer has no id or receipt_code
//	PUT  /api/v1/usage/{YYYY-MM-DD}  Usage JSON: absolute figures of that day; 200 Usage as stored.
//	                                 An upsert that replaces, never increments.
//	GET  /api/v1/catalog             200 catalog JSON (sync/catalog format) with ETag
//	                                 (quoted hex SHA-256 of the body) / 304 on If-None-Match
//
// "Same body" for a dossier means the same content: the gateway compares the
// [Canonical] encoding of the decoded Dossier, so whitespace and key order do not
// matter, any changed value does.
//
// # Retrying
//
// Transient (retry with backoff, honouring Retry-After): network errors, timeouts, 408,
// 425, 429, 5xx, and answers without a valid X-Gateway-Signature. Permanent, and only
// when signed: 409, 422 (the dossier is rejected with Error.Message for staff), 413,
// 400. A 401 (never signed) stops the round without rejecting anything: the kiosk is
// not registered, its clock is wrong, or something on the way altered the request. 424 is neither: upload the missing pages, then
// resend. [Transient] classifies a status code.
//
// # Official codes and statuses
//
// The gateway assigns each dossier once an official tracking code of the national
// pattern "<agency code>-<YYMMDD>-<daily sequence, 4 digits>", e.g.
// "000.00.21.H13-261127-0007" ([FormatOfficialCode], [ParseOfficialCode]); the
// sequence restarts each day (the gateway's local day) and is unique even with several
// gateway processes on one database. Statuses move received → processing →
// needs_more → processing → done, or to rejected ([CanMove]).
package wire
