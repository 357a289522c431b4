package gateway

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// Eraser is the storage retention needs (gwstore.SQLite and gwstore.Postgres).
type Eraser interface {
	FinishedBefore(ctx context.Context, before time.Time, limit int) ([]string, error)
	EraseDossier(ctx context.Context, ref string, at time.Time, reason string) (gwstore.Dossier, error)
}

// ReasonRetention is the erasure reason of dossiers whose retention period ran out.
const ReasonRetention = "retention"

// EraseExpired erases the personal data and pages of every dossier that reached a
// final status (done, rejected) more than retention before now, each with an audit
// line in the log and a gwstore.Erasure. It returns how many it erased.
func EraseExpired(ctx context.Context, st Eraser, retention time.Duration, now time.Time, log *slog.Logger) (int, error) {
	n := 0
	for {
		ids, err := st.FinishedBefore(ctx, now.Add(-retention), 100)
		if err != nil {
			return n, err
		}
		if len(ids) == 0 {
			return n, nil
		}
		for _, id := range ids {
			d, err := st.EraseDossier(ctx, id, now, ReasonRetention)
			if errors.Is(err, gwstore.ErrErased) {
				continue
			}
			if err != nil {
				return n, err
			}
			n++
			LogErasure(ctx, log, d, ReasonRetention)
		}
	}
}

// LogErasure writes the audit line of an erasure (no personal data: ids and codes).
func LogErasure(ctx context.Context, log *slog.Logger, d gwstore.Dossier, reason string) {
	log.InfoContext(ctx, "dossier personal data erased", "audit", true, "dossier", d.ID, "official_code", d.OfficialCode,
		"kiosk", d.KioskID, "status", d.Status, "reason", reason)
}
