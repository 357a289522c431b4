package gwstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Sentinel errors; callers decide with errors.Is.
var (
	ErrNotFound      = errors.New("gwstore: not found")
	ErrConflict      = errors.New("gwstore: a different dossier under the same id")
	ErrPagesMissing  = errors.New("gwstore: referenced pages not uploaded")
	ErrTransition    = errors.New("gwstore: status change not allowed")
	ErrDuplicateName = errors.New("gwstore: a kiosk with that name exists")
	ErrPageInUse     = errors.New("gwstore: a dossier still refers to the page")
)

// Kiosk is a registered kiosk.
type Kiosk struct {
	ID        string
	Name      string
	Commune   string
	Secret    string // HMAC key, stored as-is
	CreatedAt time.Time
	Disabled  bool
}

// NewDossier is a validated submission to store.
type NewDossier struct {
	KioskID    string
	Dossier    wire.Dossier
	Body       []byte    // wire.Canonical(Dossier)
	BodySHA256 string    // hex SHA-256 of Body: what "the same body" compares
	ReceivedAt time.Time // now, at the gateway
	Day        time.Time // the gateway's local date of ReceivedAt (for the official code)
	Agency     string    // agency code of the official code
}

// Dossier is a stored dossier.
type Dossier struct {
	ID            string
	KioskID       string
	ReceiptCode   string
	ProcedureCode string
	OfficialCode  string
	Status        wire.Status
	Note          string
	BodySHA256    string
	Body          []byte
	PageCount     int
	ReceivedAt    time.Time
	UpdatedAt     time.Time
}

// Ack is the answer to a submission.
func (d Dossier) Ack() wire.DossierAck {
	return wire.DossierAck{ID: d.ID, OfficialCode: d.OfficialCode, Status: d.Status, ReceivedAt: d.ReceivedAt.UTC()}
}

// StatusAnswer is the answer to a status lookup.
func (d Dossier) StatusAnswer() wire.DossierStatus {
	return wire.DossierStatus{ID: d.ID, OfficialCode: d.OfficialCode, ReceiptCode: d.ReceiptCode,
		Status: d.Status, UpdatedAt: d.UpdatedAt.UTC(), Note: d.Note}
}

// StatusChange is one entry of a dossier's status history.
type StatusChange struct {
	At     time.Time
	Status wire.Status
	Note   string
}

// DossierFilter selects dossiers for listings; zero values select everything.
type DossierFilter struct {
	KioskID string
	Status  string
	Since   time.Time // received at or after
	Limit   int       // 0: no limit
}

// UsageDay is one kiosk's absolute figures of one day.
type UsageDay struct {
	KioskID   string
	Day       string // YYYY-MM-DD, the kiosk's local day
	Usage     wire.Usage
	UpdatedAt time.Time
}

// UsageFilter selects usage rows; zero values select everything. From and To are
// inclusive YYYY-MM-DD days.
type UsageFilter struct {
	KioskID  string
	Commune  string
	From, To string
}

// Interface is what both implementations provide.
type Interface interface {
	AddKiosk(ctx context.Context, k Kiosk) error
	Kiosk(ctx context.Context, id string) (Kiosk, error)
	Kiosks(ctx context.Context) ([]Kiosk, error)
	HasPage(ctx context.Context, sha string) (bool, error)
	PutPage(ctx context.Context, sha string, data []byte) (created bool, err error)
	PageSizes(ctx context.Context, shas []string) (map[string]int64, error)
	Page(ctx context.Context, sha string) ([]byte, error)
	DeletePage(ctx context.Context, sha string) error
	Pages() PageBlobs
	SubmitDossier(ctx context.Context, nd NewDossier) (d Dossier, created bool, err error)
	DossierByID(ctx context.Context, id string) (Dossier, error)
	DossierByCode(ctx context.Context, kioskID, code string) (Dossier, error)
	Dossiers(ctx context.Context, f DossierFilter) ([]Dossier, error)
	SetStatus(ctx context.Context, idOrCode, status, note string, at time.Time) (Dossier, error)
	History(ctx context.Context, id string) ([]StatusChange, error)
	PutUsage(ctx context.Context, u UsageDay) error
	Usage(ctx context.Context, f UsageFilter) ([]UsageDay, error)
	Payments  // payments.go
	SyncState // resumable uploads and the change cursor (uploads.go)
	UseNonce(ctx context.Context, kioskID, nonce string, now, expires time.Time) error
	ClaimPage(ctx context.Context, kioskID, sha string) (created bool, err error)
	ClaimedPages(ctx context.Context, kioskID string, shas []string) (map[string]bool, error)
	EraseDossier(ctx context.Context, ref string, at time.Time, reason string) (Dossier, error)
	Erasure(ctx context.Context, dossierID string) (Erasure, error)
	FinishedBefore(ctx context.Context, before time.Time, limit int) ([]string, error)
	Fleet // fleet.go
	Close() error
}

var (
	_ Interface = (*SQLite)(nil)
	_ Interface = (*Postgres)(nil)
)

// Open opens the store named by dsn: a postgres:// or postgresql:// URL opens
// PostgreSQL; anything else is a SQLite file path whose pages go under dataDir
// (unless WithPages names another place).
func Open(ctx context.Context, dsn, dataDir string, opts ...Option) (Interface, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return OpenPostgres(ctx, dsn, opts...)
	}
	if dataDir == "" {
		return nil, fmt.Errorf("gwstore: a SQLite store needs a data directory for pages")
	}
	return OpenSQLite(ctx, dsn, dataDir, opts...)
}

// checkMove validates a status change.
func checkMove(from, to wire.Status) error {
	if !to.Valid() {
		return fmt.Errorf("%w: unknown status %q", ErrTransition, to)
	}
	if !wire.CanMove(from, to) {
		return fmt.Errorf("%w: %s → %s", ErrTransition, from, to)
	}
	return nil
}
