package uplink

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// batchingStore is the real store with MarkAcceptedMany watched: the first record
// (and every record made meanwhile) waits until ready returns, so that outcomes queue
// behind it; the batch sizes are kept, and batchFailures batch calls fail (after doing
// nothing).
type batchingStore struct {
	*store.Store
	ready         func() // blocks until every dossier of the round is at the gateway
	first         sync.Once
	mu            sync.Mutex
	batches       []int
	batchFailures atomic.Int32
}

func (s *batchingStore) slowFirst() { s.first.Do(s.ready) }

// atGateway returns a ready function that waits until the gateway holds n of the
// kiosk's dossiers: by then every outcome of the round has been handed to the
// bookkeepers, whatever the machine's load, and those not yet taken wait together.
func atGateway(t *testing.T, g *testGateway, n int) func() {
	return func() {
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			ds, err := g.Store().Dossiers(context.Background(), gwDossierFilter(g))
			if err == nil && len(ds) >= n {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Errorf("the gateway never held %d dossiers", n)
	}
}

func (s *batchingStore) MarkAccepted(ctx context.Context, id, official string, status wire.Status) error {
	s.slowFirst()
	return s.Store.MarkAccepted(ctx, id, official, status)
}

func (s *batchingStore) MarkAcceptedMany(ctx context.Context, acc []store.Acceptance) error {
	s.slowFirst()
	s.mu.Lock()
	s.batches = append(s.batches, len(acc))
	s.mu.Unlock()
	if s.batchFailures.Add(-1) >= 0 {
		return errInjected
	}
	return s.Store.MarkAcceptedMany(ctx, acc)
}

// Acceptances waiting for the bookkeeper are recorded together (one MarkAcceptedMany);
// a batch that fails is recorded one by one, the round reports the failure, and the
// gateway still holds every dossier exactly once.
func TestAcceptancesRecordedInBatches(t *testing.T) {
	ctx := context.Background()
	g, clk, k := sqliteRig(t)
	saved := k.saveDossiers(t, 17, 12, 2, 8<<10, false)
	u := newUplink(t, k, g, "", clk)
	bs := &batchingStore{Store: k.st, ready: atGateway(t, g, len(saved))}
	u.st = bs
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != len(saved) {
		t.Fatalf("round 1: %+v, %v", rep, err)
	}
	bs.mu.Lock()
	batches := append([]int(nil), bs.batches...)
	bs.mu.Unlock()
	if len(batches) == 0 {
		t.Errorf("no acceptance recorded in a batch although outcomes waited behind a held record")
	}
	for _, d := range saved {
		if got := k.dossier(t, d.ID); got.State != store.Accepted || !got.Purged {
			t.Errorf("dossier %s: state %s, purged %v", d.ID, got.State, got.Purged)
		}
	}

	more := k.saveDossiers(t, 18, 12, 2, 8<<10, false)
	bs2 := &batchingStore{Store: k.st, ready: atGateway(t, g, len(saved)+len(more))}
	bs2.batchFailures.Store(1)
	u.st = bs2
	rep, err = u.Sync(ctx)
	if !errors.Is(err, errInjected) || rep.Accepted != len(more) {
		t.Fatalf("round with a failing batch: %+v, %v; want every dossier accepted one by one and the injected error", rep, err)
	}
	for _, d := range more {
		if got := k.dossier(t, d.ID); got.State != store.Accepted {
			t.Errorf("dossier %s after a failed batch: %s", d.ID, got.State)
		}
	}
	g.checkExactlyOnce(t, k)
}
