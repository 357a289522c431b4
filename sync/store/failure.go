package store

// Failure is the kind of the last failed attempt to send a dossier, recorded with the
// outbox row by the uplink (MarkRetry, MarkRejected) so that the staff queue groups
// dossiers by kind and words each kind in the clerk's language without reading the
// error text. LastError keeps the technical detail for the log and `kiosk outbox`.
type Failure string

// Failure kinds. FailNone: no failed attempt (or a row from before migration 7 that
// had no error).
const (
	FailNone          Failure = ""
	FailOffline       Failure = "offline"        // the gateway could not be reached (no network, DNS, refused, reset)
	FailSlow          Failure = "slow"           // the line timed out or stalled mid-transfer
	FailPortal        Failure = "portal"         // an answer not signed by the gateway: captive portal, proxy page
	FailAuth          Failure = "auth"           // 401: kiosk not registered, or its clock is wrong
	FailNotConfigured Failure = "not_configured" // no gateway URL, kiosk id or secret
	FailBusy          Failure = "busy"           // 429: the gateway asks to come back later
	FailServer        Failure = "server"         // a 5xx of the gateway
	FailInvalid       Failure = "invalid"        // the gateway rejected the dossier as invalid (422), for good
	FailRefused       Failure = "refused"        // another permanent refusal of the gateway (409, 413, 400)
	FailLocalPage     Failure = "local_page"     // a page file missing or damaged on the kiosk
	FailOther         Failure = "other"          // anything else (the detail is in LastError)
)
