package store

import (
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// State is where a dossier stands in the outbox.
type State string

// Outbox states. A dossier moves queued → sending → accepted, or → rejected when the
// gateway refuses it for good. A dossier found in sending at start-up (the process died
// mid-send) is due again: the gateway's idempotency makes the resend harmless.
const (
	Queued   State = "queued"
	Sending  State = "sending"
	Accepted State = "accepted"
	Rejected State = "rejected"
)

// Applicant is who the dossier is filed for, as read from the CCCD or typed: the
// wire contract's type, so the outbox sends it as stored.
type Applicant = wire.Applicant

// Consent is the resident's recorded consent (the wire type).
type Consent = wire.Consent

// PageInput is one scanned page handed to SaveDossier.
type PageInput struct {
	DocumentID string // the catalog document it belongs to
	Format     string // "jpeg" or "png"
	Width      int
	Height     int
	Data       []byte
}

// Page is one stored page of a dossier. Its bytes live in a file under the store's
// page directory, written and fsynced before the dossier row commits.
type Page struct {
	DossierID  string
	Seq        int // 1-based order within the dossier
	DocumentID string
	Format     string
	Width      int
	Height     int
	Size       int64
	SHA256     string // lowercase hex of the file's bytes
	Path       string // absolute path of the file (stored relative to the page directory); empty once purged
}

// NewDossier is what the kiosk saves when a resident submits.
type NewDossier struct {
	ProcedureCode string
	Applicant     Applicant
	Fields        map[string]string
	Pages         []PageInput
	AssistedBy    string   // staff name when a post office clerk filed it; empty for self-service
	Language      string   // "vi" or "en", the language the resident used
	Consent       *Consent // the resident's consent as given on the review screen; nil when none
}

// Dossier is a dossier in the outbox.
type Dossier struct {
	ID            string // client-generated, globally unique (UUIDv4 text)
	ReceiptCode   string // short local code a person can read out, e.g. "K7Q-4M2P"
	ProcedureCode string
	ProcedureName string
	Applicant     Applicant
	Fields        map[string]string
	Pages         []Page
	AssistedBy    string
	Language      string
	State         State
	OfficialCode  string      // assigned by the gateway (one-stop tracking code)
	Status        wire.Status // the gateway's processing status (received, processing, …)
	Attempts      int
	NextAttempt   time.Time
	LastError     string
	Failure       Failure // the kind of the last failed attempt
	RejectReason  string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Purged        bool // personal data and page files removed after acceptance
	Consent       *Consent
}

// EventKind names a usage event. Usage events carry no personal data.
type EventKind string

// Usage event kinds.
const (
	EvSessionStarted   EventKind = "session_started"
	EvProcedureViewed  EventKind = "procedure_viewed"
	EvDossierStarted   EventKind = "dossier_started"
	EvDossierSubmitted EventKind = "dossier_submitted"
	EvSessionAbandoned EventKind = "session_abandoned"
	EvSessionCompleted EventKind = "session_completed"
	EvPagesScanned     EventKind = "pages_scanned"
	EvRating           EventKind = "rating"
	EvLookup           EventKind = "lookup"
	EvSearch           EventKind = "search"
)

// Event is one usage event. Procedure is a catalog code or empty; Value is a count
// (pages scanned) or a score (rating 1..5); Assisted marks staff-assisted work.
type Event struct {
	At        time.Time
	Kind      EventKind
	Procedure string
	Value     int
	Assisted  bool
}

// ProcedureSummary is a search or listing hit.
type ProcedureSummary struct {
	Code   string
	Name   string
	NameEN string
	Field  string
	Level  int
}
