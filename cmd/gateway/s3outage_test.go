package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/uplink/faultproxy"
)

// The object store goes away (connections refused) while kiosks sync: no dossier is
// acknowledged without its pages, the gateway says so in its log, and once the store
// is back every dossier arrives exactly once with every page in the bucket.
func TestS3OutagePostgres(t *testing.T) {
	b := withS3(t, pgBackend(t))
	s3 := *b.s3
	fp, err := faultproxy.New(s3.Endpoint, func(int) faultproxy.Fault { return faultproxy.Fault{Kind: faultproxy.Pass} })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fp.Close() })
	viaProxy := s3
	viaProxy.Endpoint = fp.Addr()
	b.s3 = &viaProxy // the gateway (and the test's own checks) reach the bucket through fp
	id, secret := addKiosk(t, b, "Nhà văn hóa xã Nhơn Ái")
	gw := startGateway(t, b, "--log-level", "info")

	const n = 6
	k := newTestKiosk(t, n, 3, 64<<10, 7)
	var clock time.Time = time.Now()
	u, err := uplink.New(k.st, uplink.Config{GatewayURL: gw.URL, KioskID: id, Secret: secret,
		Now: func() time.Time { return clock }, Timeout: 20 * time.Second, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	gwStore := b.open(t) // while the bucket answers: opening checks it exists
	if err := fp.SetRefusing(true); err != nil {
		t.Fatal(err)
	}
	rep, _ := u.Sync(ctx)
	if rep.Accepted != 0 {
		t.Fatalf("%d dossiers acknowledged while the object store was down", rep.Accepted)
	}
	counts, err := k.st.OutboxCounts(ctx)
	if err != nil || counts[store.Accepted] != 0 || counts[store.Rejected] != 0 {
		t.Fatalf("outbox while the object store is down: %v, %v", counts, err)
	}
	ds, err := gwStore.Dossiers(ctx, gwstore.DossierFilter{KioskID: id})
	if err != nil || len(ds) != 0 {
		t.Fatalf("gateway holds %d dossiers (%v) with its object store down", len(ds), err)
	}
	// The log names the page and the real cause, not a wrong one.
	named := false
	for _, l := range strings.Split(gw.Logs(), "\n") {
		if strings.Contains(l, "put page") && strings.Contains(l, "connection refused") && !strings.Contains(l, "declared size") {
			named = true
		}
	}
	if !named {
		t.Errorf("no log line names the failed page write and its cause:\n%s", tail(gw.Logs(), 2000))
	}

	if err := fp.SetRefusing(false); err != nil {
		t.Fatal(err)
	}
	for round := 0; ; round++ {
		clock = clock.Add(time.Hour) // every backoff is over
		rep, err := u.Sync(ctx)
		if err == nil && rep.Remaining == 0 {
			break
		}
		if round > 10 || ctx.Err() != nil {
			t.Fatalf("outbox not drained after the object store came back: %+v, %v", rep, err)
		}
	}
	checkStored(t, b, id, k)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
