package gwstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// A nonce is refused while its request could still be valid; expired ones are swept,
// so the table does not grow with every request the gateway ever took.
func TestNonces(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		s, other := open(), open() // two gateway processes on one store
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		if err := s.UseNonce(ctx, "k1", "n-0001-aaaaaaaaaaaa", now, now.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := other.UseNonce(ctx, "k1", "n-0001-aaaaaaaaaaaa", now, now.Add(5*time.Minute)); !errors.Is(err, gwstore.ErrReplay) {
			t.Fatalf("the same nonce at another gateway: %v, want ErrReplay", err)
		}
		if err := s.UseNonce(ctx, "k2", "n-0001-aaaaaaaaaaaa", now, now.Add(5*time.Minute)); err != nil {
			t.Fatalf("another kiosk's equal nonce: %v", err)
		}
		// After expiry and enough requests to trigger a sweep, the old nonce is gone.
		later := now.Add(time.Hour)
		for i := range 300 {
			if err := s.UseNonce(ctx, "k1", fmt.Sprintf("n-later-%012d", i), later, later.Add(5*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.UseNonce(ctx, "k1", "n-0001-aaaaaaaaaaaa", later, later.Add(5*time.Minute)); err != nil {
			t.Fatalf("an expired nonce was not swept: %v", err)
		}
	})
}
