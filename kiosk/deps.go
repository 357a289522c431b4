package kiosk

import (
	"context"
	"errors"
	"github.com/cantho-kiosk/kiosk/sync/wire"
	"io/fs"
	"time"

	"fyne.io/fyne/v2"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// Store is what the resident's flow needs from the local database (sync/store's *Store
// satisfies it). Every method may fail; the UI shows a plain message and stays usable.
type Store interface {
	Fields(ctx context.Context) ([]store.FieldCount, error)
	ProceduresByField(ctx context.Context, field string) ([]store.ProcedureSummary, error)
	Search(ctx context.Context, query string, limit int) ([]store.ProcedureSummary, error)
	Procedure(ctx context.Context, code string) (*catalog.Procedure, error)
	SaveDossier(ctx context.Context, nd store.NewDossier) (*store.Dossier, error)
	Dossier(ctx context.Context, id string) (*store.Dossier, error)
	FindDossier(ctx context.Context, code string) (*store.Dossier, error)
	OutboxCounts(ctx context.Context) (map[store.State]int, error)
	Record(ctx context.Context, ev store.Event) error
}

// ScannedPage is one page image as it arrived from the scanner.
type ScannedPage = flow.PageData

// Scanner is the document scanner. Scan feeds the pages of one job: onProgress reports
// the bytes of the current page (total 0 when unknown) and onPage each finished page.
// Both callbacks run on the scanner's goroutine. Errors wrap one of the Err* sentinels
// below when the cause is known (cmd/kiosk adapts the driver's typed errors).
type Scanner interface {
	Scan(ctx context.Context, onProgress func(done, total int), onPage func(ScannedPage)) error
}

// QRSource delivers the codes the hand-held reader decodes, one string per code. The
// channel closes when the reader is gone for good.
type QRSource interface {
	Codes() <-chan string
}

// Connectivity is optionally implemented by a Scanner or QRSource that knows whether its
// device is currently attached.
type Connectivity interface {
	Connected() bool
}

// RemoteStatus is the gateway's view of a dossier.
type RemoteStatus struct {
	OfficialCode string
	Status       wire.Status
}

// Uplink sends the outbox to the city gateway in the background.
type Uplink interface {
	Kick()        // something was saved: try to send now
	Online() bool // the last exchange with the gateway succeeded
	Lookup(ctx context.Context, code string) (RemoteStatus, error)
}

// Scanner problems the UI explains to the resident. Adapters wrap the driver's errors
// with these so that errors.Is picks the message.
var (
	ErrNoPaper        = errors.New("no paper in the scanner")
	ErrPaperJam       = errors.New("paper jam")
	ErrCoverOpen      = errors.New("scanner cover open")
	ErrScannerBusy    = errors.New("scanner busy")
	ErrScannerGone    = errors.New("scanner disconnected")
	ErrScannerTimeout = errors.New("scanner did not answer")
)

// Deps is everything the kiosk UI is built from. Only App, Window and Store are
// required; a nil Scanner, QR or Uplink shows the "not connected" state.
type Deps struct {
	App    fyne.App
	Window fyne.Window
	Store  Store

	Scanner Scanner
	QR      QRSource
	Uplink  Uplink
	Printer ReceiptPrinter // nil: no receipt printer

	// Translations holds vi.json and en.json (go-i18n flat JSON) at its root.
	Translations fs.FS
	// Slides are guidance images shown on the attract screen, in order; may be empty.
	Slides []fyne.Resource

	Language       string        // "vi" (default) or "en"
	IdleTimeout    time.Duration // without a touch before the privacy warning; default 60s (flow.Timeouts)
	IdleWarning    time.Duration // countdown of the warning; default 20s
	ReceiptTimeout time.Duration // the receipt stays this long; default 90s
	SlideEvery     time.Duration // attract slide rotation; default 8s
	StaffIdle      time.Duration // staff and officials are signed out after this long without a touch; default 3 min
	ExportRoots    []string      // folders where USB drives are mounted, for the officials' export; default /media, /run/media, /mnt
	Now            func() time.Time
	// TickEvery is how often the idle clock is checked; 0 means every second, negative
	// means never (tests call Tick themselves).
	TickEvery time.Duration
	// TempDir holds the pages of the current session until they are saved.
	TempDir  string
	Windowed bool
	Logf     func(format string, args ...any)
	// AfterWipe, if set, runs after each session's wipe (on the UI goroutine).
	AfterWipe func()
	// IsNotFound reports whether a store error means "no such record"; default
	// errors.Is(err, store.ErrNotFound).
	IsNotFound func(error) bool
	// IsDiskFull reports whether a save failed because the disk is full.
	IsDiskFull func(error) bool
}
