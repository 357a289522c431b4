package uplink

import (
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// Progress is what the UI shows about the sync. It is a value: Status returns a copy,
// and OnChange receives a copy after every change (call fyne.Do there, not here).
type Progress struct {
	Online      bool      // the last exchange with the gateway succeeded
	Configured  bool      // gateway URL, kiosk ID and secret are known
	Syncing     bool      // a round is running
	LastSync    time.Time // end of the last round that reached the gateway without a transient failure
	LastError   string    // the last failure, "" after a clean round
	LastErrorAt time.Time
	LastFailure store.Failure // the kind of LastError, for the UI's words
	// Unauthorized is set when the gateway answered 401: the kiosk is not registered
	// or its clock is wrong. Syncing stops until the next Kick or restart.
	Unauthorized bool

	QueuedDossiers int       // in the outbox, not yet acknowledged (queued + sending)
	DoneDossiers   int       // acknowledged by the gateway during the current (or last) round
	Rejected       int       // refused by the gateway for good, waiting for staff
	BytesDone      int64     // page bytes of the current round known to be at the gateway
	BytesTotal     int64     // page bytes of the dossiers the current round is draining
	NextAttempt    time.Time // when the loop tries again after a failure; zero when not waiting

	LinkRate int64 // page bytes per second last measured on the link; 0 unknown
	SlowLink bool  // the link is up but slower than Config.SlowBelow

	// The bandwidth budget (Config.Budget), for staff.
	BudgetMB     int       // daily cap in MB; 0 none
	BudgetWindow string    // "HH:MM-HH:MM" or "" (all day)
	BytesToday   int64     // page bytes sent today
	BudgetWait   string    // why pages wait now (Vietnamese), "" when they do not
	BudgetUntil  time.Time // when they may go again
}

// Report is the outcome of one Sync round.
type Report struct {
	Accepted      int   // dossiers the gateway acknowledged
	Rejected      int   // dossiers refused for good (409, 422, …)
	Retrying      int   // dossiers put back with a backoff (transient failure, local page problem, budget)
	LocalErrors   int   // dossiers held back by a local page problem (missing or damaged file)
	PagesUploaded int   // pages the gateway stored anew (PUT answered 201)
	PagesPresent  int   // pages the gateway already had (it said so before the bytes went)
	BytesUploaded int64 // page bytes the connections took (resent bytes after a cut included)
	UsageDays     int   // usage days pushed
	CatalogPulled bool  // a new catalog was imported
	CatalogError  string
	StatusUpdates int // dossiers whose remote status or official code changed
	// BudgetUntil is when pages held back by the bandwidth budget may go; zero when
	// none waited.
	BudgetUntil time.Time
	Remaining   int // dossiers still in the outbox after the round
	// RetryAfter is the earliest moment a dossier left due becomes due again, zero
	// when none is waiting.
	RetryAfter time.Time
}
