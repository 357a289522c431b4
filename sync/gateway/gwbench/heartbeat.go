package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// runHeartbeats measures heartbeat ingest (-mode heartbeat): o.kiosks kiosks
// (1,000) each send o.rounds heartbeats, as fast as o.concurrency connections allow
// (time compressed: each round stands for 5 minutes of a real fleet), to a real
// gateway process. The rate needed is kiosks / 300 s; the figures are requests per
// second, p50/p99 latency over every heartbeat, and as the baseline, signed
// requests that store nothing (catalog 304) over the same connections.
func runHeartbeats(ctx context.Context, o options, be string) error {
	dir, err := os.MkdirTemp("", "hbbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "gateway.db")
	if be == "postgres" {
		admin := os.Getenv("KIOSK_TEST_PG_DSN")
		if admin == "" {
			fmt.Println("heartbeat.postgres=skipped (KIOSK_TEST_PG_DSN not set)")
			return nil
		}
		dsn, drop, err := gwtest.NewPGDatabase(ctx, admin, "hbbench")
		if err != nil {
			return err
		}
		defer drop()
		db = dsn
	}
	store, err := gwstore.Open(ctx, db, dir)
	if err != nil {
		return err
	}
	tr := &http.Transport{MaxIdleConnsPerHost: o.concurrency * 2}
	hc := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	clients := make([]*gwtest.Client, o.kiosks)
	for i := range clients {
		id, secret := fmt.Sprintf("k-hb-%04d", i), randHex(32)
		if err := store.AddKiosk(ctx, gwstore.Kiosk{ID: id, Name: "Ki-ốt " + id, Commune: fmt.Sprintf("Xã %d", i%80), Secret: secret, CreatedAt: time.Now()}); err != nil {
			store.Close()
			return err
		}
		clients[i] = &gwtest.Client{ID: id, Secret: secret, HTTP: hc}
	}
	store.Close()

	g, err := gwtest.StartGateway(ctx, o.gateway, nil, "--db", db, "--data", dir, "--catalog", o.catalog, "--log-level", "warn")
	if err != nil {
		return err
	}
	defer g.Stop(time.Minute)
	base := g.URL
	for _, c := range clients {
		c.BaseURL = base
	}
	// Each of o.concurrency workers serves an equal share of the kiosks.
	share := func(w int) []*gwtest.Client {
		var cs []*gwtest.Client
		for i := w; i < len(clients); i += o.concurrency {
			cs = append(cs, clients[i])
		}
		return cs
	}

	// Baseline: signed no-op requests, one per kiosk, over the same connections.
	cat, _ := clients[0].Do(ctx, "GET", wire.CatalogPath, nil, nil)
	etag := cat.Header.Get("ETag")
	start := time.Now()
	if err := parallel(o.concurrency, func(w int) error {
		for _, c := range share(w) {
			if err := baselineGet(ctx, c, etag); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	baseRate := float64(len(clients)) / time.Since(start).Seconds()

	var mu sync.Mutex
	var lat []time.Duration
	start = time.Now()
	err = parallel(o.concurrency, func(w int) error {
		for round := 0; round < o.rounds; round++ {
			for i, c := range share(w) {
				hb := wire.Heartbeat{Version: "1.4.0", StartedAt: start.Add(-time.Hour), SentAt: time.Now(), UptimeSeconds: int64(3600 + 300*round),
					OutboxDepth: (i + round) % 3, OldestQueuedSecs: int64(((i + round) % 3) * 600), Scanner: wire.DeviceReady,
					QRReader: wire.DeviceReady, Printer: wire.DeviceNone, DiskFreeBytes: 30 << 30, SessionsToday: round + i%7}
				if (i+round)%10 == 0 { // a tenth of the kiosks change state each round: history rows too
					hb.Scanner = wire.DeviceNoPaper
				}
				body, _ := json.Marshal(hb)
				t0 := time.Now()
				r, err := c.Do(ctx, http.MethodPut, wire.HeartbeatPath, body, http.Header{"Content-Type": {wire.ContentTypeJSON}})
				if err != nil {
					return err
				}
				if r.Status != http.StatusOK || !r.Signed {
					return fmt.Errorf("heartbeat: %d %s", r.Status, r.Body)
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}
		return nil
	})
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	store, err = gwstore.Open(ctx, db, dir)
	if err != nil {
		return err
	}
	beats, err := store.Heartbeats(ctx)
	store.Close()
	if err != nil {
		return err
	}
	if len(beats) != len(clients) {
		return fmt.Errorf("%d latest heartbeats stored, %d kiosks sent", len(beats), len(clients))
	}
	total := len(clients) * o.rounds
	rps := float64(total) / elapsed.Seconds()
	need := float64(len(clients)) / 300
	p99 := pct(lat, 99)
	verdict := "PASS"
	if rps < need*o.headroom || p99 > o.goalP99 {
		verdict = "FAIL"
	}
	fmt.Printf("heartbeat.%s.kiosks=%d  rounds=%d  heartbeats=%d  connections=%d\n", be, len(clients), o.rounds, total, o.concurrency)
	fmt.Printf("heartbeat.%s.rps=%.0f  needed_rps=%.2f  headroom=%.0fx  p50_ms=%.1f  p99_ms=%.1f  baseline_signed_noop_rps=%.0f\n",
		be, rps, need, rps/need, ms(pct(lat, 50)), ms(p99), baseRate)
	fmt.Printf("heartbeat.%s.goal=rps>=%.0fx needed and p99<=%dms %s\n", be, o.headroom, o.goalP99.Milliseconds(), verdict)
	return nil
}
