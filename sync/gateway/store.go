package gateway

import (
	"context"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// Store is the storage the API needs (gwstore.SQLite and gwstore.Postgres provide it).
// Errors: gwstore.ErrNotFound, gwstore.ErrConflict, *gwstore.PagesMissingError.
type Store interface {
	Kiosk(ctx context.Context, id string) (gwstore.Kiosk, error)
	HasPage(ctx context.Context, sha string) (bool, error)
	PutPage(ctx context.Context, sha string, data []byte) (created bool, err error)
	PageSizes(ctx context.Context, shas []string) (map[string]int64, error)
	SubmitDossier(ctx context.Context, nd gwstore.NewDossier) (gwstore.Dossier, bool, error)
	DossierByID(ctx context.Context, id string) (gwstore.Dossier, error)
	DossierByCode(ctx context.Context, kioskID, code string) (gwstore.Dossier, error)
	PutUsage(ctx context.Context, u gwstore.UsageDay) error
	gwstore.SyncState // resumable uploads, change feed (uploads.go, changes.go)
	// UseNonce fails with gwstore.ErrReplay for a nonce the kiosk used before expires.
	UseNonce(ctx context.Context, kioskID, nonce string, now, expires time.Time) error
	// ClaimPage and ClaimedPages scope pages per kiosk (see gwstore.ClaimPage).
	ClaimPage(ctx context.Context, kioskID, sha string) (created bool, err error)
	ClaimedPages(ctx context.Context, kioskID string, shas []string) (map[string]bool, error)
	PutHeartbeat(ctx context.Context, hb gwstore.Heartbeat) error
	EffectiveSettings(ctx context.Context, k gwstore.Kiosk) (map[string]string, error)
}
