package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Acceptance is the gateway's acknowledgement of one dossier, to record.
type Acceptance struct {
	ID, OfficialCode string
	Status           wire.Status
}

// shredAtOnce bounds the dossiers whose page files the background shredder shreds at
// once. Two keep up with any link (a dossier's pages shred in a few milliseconds);
// eight, on the kiosk's two cores, compete with the uplink draining the next dossiers
// (and the UI) for the CPU and the Go scheduler's two Ps. Against the uplink bench's
// gateway stub, before the uplink gathered its acceptance records, the drain ran at
// 0.60-0.64x of bare PUTs with eight and 0.73-0.84x with two; since, no clear
// difference was measured.
const shredAtOnce = 2

// MarkAcceptedMany records several acceptances as MarkAccepted records each, for a
// fraction of the cost: one transaction (one commit, one fsync, instead of one a
// dossier), then the page files of every dossier moved out of the page directory and
// shredded in the background (shred_later.go: several dossiers at once, so that the
// disk merges their syncs; Close waits for them), and at most one checkpoint. In the
// database it is all or nothing: when one dossier cannot be marked (ErrNotFound,
// ErrBadState, a store error), none is, and the error names it (the caller may then
// record them one by one). A directory that cannot be moved is shredded at once; that
// failure is returned after every other dossier's files were dealt with.
func (s *Store) MarkAcceptedMany(ctx context.Context, acc []Acceptance) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, a := range acc {
			if err := s.acceptIn(ctx, tx, a.ID, a.OfficialCode, a.Status); err != nil {
				return fmt.Errorf("%s: %w", a.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: mark %d dossiers accepted: %w", len(acc), err)
	}
	var first error
	for _, a := range acc {
		if err := s.shredLater(a.ID); err != nil && first == nil {
			first = fmt.Errorf("store: purge pages of %s: %w", a.ID, err)
		}
	}
	s.checkpointAfterPurge(ctx)
	return first
}
