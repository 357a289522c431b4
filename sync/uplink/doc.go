// Package uplink is the kiosk's side of the sync with the city gateway: it drains the
// dossier outbox of sync/store to the gateway (pages first, then the dossier), pushes
// daily usage figures, pulls the procedure catalog and the status of dossiers not yet
// finished, and reports its progress for the UI.
//
// The contract it speaks is sync/wire. Three rules carry the "exactly once, whatever the
// network does" promise:
//
//   - the local store stays the source of truth until the gateway acknowledged: a dossier
//     is marked accepted only after an answer whose X-Gateway-Signature verifies (a
//     captive portal's 200 HTML page or a proxy's error page is a transient failure);
//   - every request is idempotent at the gateway (pages are content-addressed, dossiers
//     are keyed by the kiosk's dossier ID and the body sent again is byte-identical), so a
//     resend after a crash, a reset or a lost answer is harmless;
//   - transient failures are retried with capped exponential backoff and jitter, honouring
//     Retry-After; permanent refusals (409, 422) mark the dossier rejected with the
//     gateway's reason for staff; 401 stops the round ("kiosk not registered or clock
//     wrong").
//
// A round drains the outbox in batches, in a pipeline: Workers goroutines upload pages,
// as many submit the dossiers whose pages are up, and one bookkeeper records outcomes
// in the store, so the kiosk's fsyncs and the gateway's dossier commits overlap the
// page bytes. A first attempt PUTs its pages at once; a resend (after a failure or a
// crash) asks with HEAD first and uploads only what the gateway lacks. Attempts are
// counted (MarkSending) only when they fail, which is what the backoff needs.
//
// Use New, then either Sync for a one-shot round (tests, `kiosk sync --once`) or
// Start/Stop for the background loop, which syncs at once on Kick (a dossier was saved)
// and when the link comes back (health probe with backoff while offline).
package uplink
