package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/uplink/faultproxy"
)

// childKioskSync is the kiosk's sync process of the kill test: it opens the kiosk store
// at KIOSK_CHILD_DATA and syncs with KIOSK_CHILD_GATEWAY until the outbox is empty,
// with fast backoffs. Exit 0 when drained, 3 on 401, 4 on timeout.
func childKioskSync() int {
	dir := os.Getenv("KIOSK_CHILD_DATA")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{PageDir: filepath.Join(dir, "pages")})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	defer st.Close()
	u, err := uplink.New(st, uplink.Config{
		GatewayURL: os.Getenv("KIOSK_CHILD_GATEWAY"), KioskID: os.Getenv("KIOSK_CHILD_ID"), Secret: os.Getenv("KIOSK_CHILD_SECRET"),
		Timeout: 2 * time.Second, Retries: 1, RetryWait: 5 * time.Millisecond, Workers: 3,
		Backoff: uplink.Backoff{Min: 5 * time.Millisecond, Max: 50 * time.Millisecond},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	for ctx.Err() == nil {
		rep, err := u.Sync(ctx)
		if errors.Is(err, uplink.ErrUnauthorized) {
			return 3
		}
		if err == nil && rep.Remaining == 0 {
			return 0
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 4
}

// The kiosk's sync process is SIGKILLed at random moments and restarted while it
// sends through a fault proxy to three gateways on PostgreSQL + S3 behind a
// round-robin reverse proxy: N dossiers saved → exactly N at the gateway, every page
// byte-identical in the bucket, nothing twice, nothing stray.
func TestKioskKilledDuringSyncPostgresS3(t *testing.T) {
	b := withS3(t, pgBackend(t))
	id, secret := addKiosk(t, b, "Bưu điện văn hóa xã Mỹ Khánh")
	c := startCluster(t, b, 3)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	fp, err := faultproxy.New(strings.TrimPrefix(c.URL, "http://"), faultproxy.Mix(seed,
		map[faultproxy.Kind]int{faultproxy.Pass: 6, faultproxy.Reset: 1, faultproxy.Truncate: 1}, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fp.Close() })
	const n = 30
	k := newTestKiosk(t, n, 3, 100<<10, seed)
	k.st.Close() // the child processes own the store from here

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	accepted := func() int {
		st, err := store.Open(ctx, filepath.Join(k.dir, "kiosk.db"), store.Options{PageDir: filepath.Join(k.dir, "pages")})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		counts, err := st.OutboxCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return counts[store.Accepted]
	}
	kills, midway := gwtest.KillAndFinish(t, gwtest.Kills{
		Kills: 10, Base: 20 * time.Millisecond, Spread: 80 * time.Millisecond, Rand: r, N: n,
		Ctx: ctx, Env: []string{"GATEWAY_TEST_KIOSK_CHILD=1", "KIOSK_CHILD_DATA=" + k.dir,
			"KIOSK_CHILD_GATEWAY=" + fp.URL(), "KIOSK_CHILD_ID=" + id, "KIOSK_CHILD_SECRET=" + secret},
		Done: accepted,
	})
	t.Logf("%d kiosk kills, %d with the outbox partly sent; proxy %v", kills, midway, fp.Counts())
	if a := accepted(); a != n {
		t.Fatalf("%d accepted after the final run, want %d", a, n)
	}
	checkStored(t, b, id, k)
}
