package uplink

import (
	"context"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Store is what the uplink needs of the local database (*store.Store implements it).
// Tests wrap a real store in a decorator to inject failures.
type Store interface {
	DueDossiers(ctx context.Context, now time.Time, limit int) ([]store.Dossier, error)
	MarkSending(ctx context.Context, id string) error
	MarkAccepted(ctx context.Context, id, officialCode string, status wire.Status) error
	MarkRetry(ctx context.Context, id string, next time.Time, kind store.Failure, lastErr string) error
	MarkRejected(ctx context.Context, id string, kind store.Failure, reason string) error
	SetRemoteStatus(ctx context.Context, id, officialCode string, status wire.Status) error
	SetRemoteFee(ctx context.Context, id string, fs wire.FeeStatus) (changed bool, err error)
	Dossier(ctx context.Context, id string) (*store.Dossier, error)
	NextDue(ctx context.Context) (time.Time, bool, error)
	FindDossier(ctx context.Context, code string) (*store.Dossier, error)
	OutboxCounts(ctx context.Context) (map[store.State]int, error)
	Usage(ctx context.Context, fromDay, toDay string) ([]wire.Usage, error)
	ImportCatalog(ctx context.Context, c *catalog.Catalog) error
	CatalogETag(ctx context.Context) (string, error)
	SetCatalogETag(ctx context.Context, etag string) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Settings keys the uplink reads and writes.
const (
	KeyGatewayURL  = "gateway.url"
	KeyKioskID     = "kiosk.id"
	KeyKioskSecret = "kiosk.secret"
	keyUsagePushed = "uplink.usage_pushed" // JSON usagePushed: the gateway, kiosk id and {day: sha256 of the body last acknowledged}
)
