package uplink

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestBenchFigures prints the uplink's throughput figures (scripts/bench.d/uplink.sh):
// draining 500 dossiers × 3 pages × 200 KB through the uplink, in the same run and at
// the same concurrency as its baselines:
//
//   - to a real gateway process on loopback, against plain net/http PUTs of the same
//     page bytes to a gateway process started the same way (both sides pay the
//     gateway's fsyncs);
//   - to a stub (bench_stub_test.go: in process, reads and discards every body, answers
//     each request with the smallest signed answer the uplink takes, verifies and
//     stores nothing), against PUTs of the same bytes to a server that discards the
//     body (discardServer): the uplink's own overhead, the goal (≥ 0.8×);
//   - to a discarding gateway (discardgw_test.go: the real handler, page bytes thrown
//     away, its database on tmpfs, its own process), against the same discardServer
//     PUTs: the gateway handler's own cost (hashing, SQLite, signatures) included.
//     Plain PUTs to another discarding gateway are printed too: what the gateway's
//     handler itself costs.
//
// Each side has its own gateway and each drain its own kiosk holding the same
// dossiers (pages are content-addressed: uploading the same bytes twice to one gateway
// would make the second side a no-op). The machine is shared, so the work is cut into
// chunks of 50 dossiers and the sides alternate chunk by chunk (and which goes first),
// so a burst of load elsewhere hits all alike; the figures are total bytes over total
// time per side. Then the uplink's peak heap while it drains 1 MB pages and 10 MB
// pages to a discarding gateway (benchPeakHeap). Runs only with KIOSK_BENCH=1.
//
// UPLINK_BENCH_PROFILE=1 runs the drain to the discarding gateway alone, =stub the
// drain to the stub alone (no baselines, no real gateway, no heap part), for go test
// -cpuprofile/-blockprofile.
func TestBenchFigures(t *testing.T) {
	if os.Getenv("KIOSK_BENCH") != "1" {
		t.Skip("KIOSK_BENCH=1 runs the benchmark")
	}
	dossiers, pages, pageSize, chunk := 500, 3, 200<<10, 50
	workers := 2 // the uplink's default
	if v := os.Getenv("UPLINK_BENCH_DOSSIERS"); v != "" {
		fmt.Sscan(v, &dossiers)
	}
	if v := os.Getenv("UPLINK_BENCH_WORKERS"); v != "" {
		fmt.Sscan(v, &workers)
	}
	profileMode := os.Getenv("UPLINK_BENCH_PROFILE")
	profile := profileMode == "1" || profileMode == "stub"
	ctx := context.Background()
	clk := newFakeClock()
	tweak := func(c *Config) { c.Workers = workers; c.Timeout = 30 * time.Second; c.Logf = nil }
	// The drain to the stub (bench_stub_test.go): the goal's figure.
	gS := startStubGateway(t)
	kS := newKiosk(t, clk.Now)
	kS.importCatalog(t, testCatalog(t))
	uS := newUplink(t, kS, gS.testGateway, "", clk, tweak)
	marks := &timedStore{Store: kS.st}
	uS.st = marks
	if _, err := uS.Sync(ctx); err != nil { // connections warm
		t.Fatal(err)
	}
	var gD *testGateway
	var kD *kioskFixture
	var uD *Uplink
	if profileMode != "stub" {
		gD = startDiscardGateway(t)
		kD = newKiosk(t, clk.Now)
		kD.importCatalog(t, testCatalog(t))
		uD = newUplink(t, kD, gD, "", clk, tweak)
		if _, err := uD.Sync(ctx); err != nil { // catalog pulled, connections warm
			t.Fatal(err)
		}
	}
	var k *kioskFixture
	var g, gRawD *testGateway
	var u *Uplink
	var cl, clDiscard, clRawD *gwtest.Client
	var discarded *atomic.Int64
	if !profile {
		k = newKiosk(t, clk.Now)
		k.importCatalog(t, testCatalog(t))
		gRaw := startGateway(t, "sqlite")
		g = startGateway(t, "sqlite")
		gRawD = startDiscardGateway(t)
		cl = &gwtest.Client{BaseURL: gRaw.URL, ID: gRaw.ID, Secret: gRaw.Secret}
		clRawD = &gwtest.Client{BaseURL: gRawD.URL, ID: gRawD.ID, Secret: gRawD.Secret}
		var discard *httptest.Server
		discard, discarded = discardServer(t)
		clDiscard = &gwtest.Client{BaseURL: discard.URL, ID: gRaw.ID, Secret: gRaw.Secret}
		u = newUplink(t, k, g, "", clk, tweak)
		if _, err := u.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}

	var rawTime, upTime, discardTime, upDTime, rawDTime, upSTime time.Duration
	var total int64
	nPages, nDossiers := 0, 0
	for c := 0; c*chunk < dossiers; c++ {
		n := min(chunk, dossiers-c*chunk)
		saved := kS.saveDossiers(t, uint64(100+c), n, pages, pageSize, false)
		kS.pages = map[string][]byte{} // the fixture's copies: not needed here
		// The baselines' bytes are read beforehand (untimed: an advantage for the
		// baselines; the uplink reads its page files inside its time, and purges them).
		var files [][]byte
		for _, d := range saved {
			for _, p := range d.Pages {
				total += p.Size
				if profile {
					continue
				}
				data, err := os.ReadFile(p.Path)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, data)
			}
			nPages += len(d.Pages)
		}
		nDossiers += n
		drain := func(u *Uplink, took *time.Duration) func() {
			return func() {
				start := time.Now()
				rep, err := u.Sync(ctx)
				*took += time.Since(start)
				if err != nil || rep.Accepted != n {
					t.Fatalf("uplink drain: %+v, %v", rep, err)
				}
			}
		}
		put := func(cl *gwtest.Client, took *time.Duration, what string) func() {
			return func() {
				start := time.Now()
				if err := rawPut(ctx, cl, files, workers); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				*took += time.Since(start)
			}
		}
		var sides []func()
		if profileMode != "1" {
			sides = append(sides, drain(uS, &upSTime))
		}
		if profileMode != "stub" {
			kD.saveDossiers(t, uint64(100+c), n, pages, pageSize, false) // the same dossiers, for the discarding gateway
			kD.pages = map[string][]byte{}
			sides = append(sides, drain(uD, &upDTime))
		}
		if !profile {
			k.saveDossiers(t, uint64(100+c), n, pages, pageSize, false) // the same dossiers, for the real gateway
			k.pages = map[string][]byte{}
			sides = append(sides, put(cl, &rawTime, "baseline"), put(clDiscard, &discardTime, "discarding baseline"),
				put(clRawD, &rawDTime, "baseline to a discarding gateway"), drain(u, &upTime))
		}
		if c%2 == 1 {
			slices.Reverse(sides)
		}
		for _, side := range sides {
			side()
		}
	}
	if gD != nil {
		if ds, err := gD.Store().Dossiers(ctx, gwDossierFilter(gD)); err != nil || len(ds) != nDossiers {
			t.Fatalf("the discarding gateway holds %d dossiers (%v), want %d", len(ds), err, nDossiers)
		}
	}
	if profileMode != "1" && (gS.pageBytes.Load() != total || gS.dossiers.Load() != int64(nDossiers)) {
		t.Fatalf("the stub read %d page bytes and %d dossiers, want %d and %d", gS.pageBytes.Load(), gS.dossiers.Load(), total, nDossiers)
	}
	mbs := func(d time.Duration) float64 { return float64(total) / 1e6 / d.Seconds() }
	verdict := func(r float64) string {
		if r < 0.8 {
			return "FAIL"
		}
		return "PASS"
	}
	fmt.Printf("uplink.dossiers=%d uplink.pages=%d uplink.mb=%.0f uplink.workers=%d\n", nDossiers, nPages, float64(total)/1e6, workers)
	if profileMode != "1" {
		fmt.Printf("uplink.drain_to_stub_mb_s=%.1f uplink.drain_to_stub_s=%.2f uplink.stub_dossiers_per_s=%.1f  (the uplink to a stub that discards the bodies and answers the protocol, verifying nothing)\n",
			mbs(upSTime), upSTime.Seconds(), float64(nDossiers)/upSTime.Seconds())
	}
	if profileMode != "stub" {
		fmt.Printf("uplink.drain_discard_gw_mb_s=%.1f uplink.drain_discard_gw_s=%.2f uplink.discard_gw_dossiers_per_s=%.1f  (the uplink to the real gateway handler over discarded page bytes)\n",
			mbs(upDTime), upDTime.Seconds(), float64(nDossiers)/upDTime.Seconds())
	}
	fmt.Printf("uplink.kiosk_accept_record_ms=%.1f uplink.kiosk_accept_records=%d uplink.kiosk_accepted=%d  (the kiosk store's records of acceptances in the drain to the stub: commit, page files shredded; per call, %d calls at once at most)\n",
		float64(marks.ns.Load())/1e6/float64(max(marks.calls.Load(), 1)), marks.calls.Load(), marks.n.Load(), bookkeepers)
	if profile {
		return
	}
	if ds, err := g.Store().Dossiers(ctx, gwDossierFilter(g)); err != nil || len(ds) != nDossiers {
		t.Fatalf("gateway holds %d dossiers (%v), want %d", len(ds), err, nDossiers)
	}
	if discarded.Load() != total {
		t.Fatalf("the discarding server read %d bytes, want %d", discarded.Load(), total)
	}
	ratio := mbs(upTime) / mbs(rawTime)
	sRatio := mbs(upSTime) / mbs(discardTime)
	fmt.Printf("uplink.raw_put_mb_s=%.1f uplink.raw_put_s=%.2f\n", mbs(rawTime), rawTime.Seconds())
	fmt.Printf("uplink.drain_mb_s=%.1f uplink.drain_s=%.2f uplink.dossiers_per_s=%.1f\n", mbs(upTime), upTime.Seconds(), float64(nDossiers)/upTime.Seconds())
	fmt.Printf("uplink.ratio=%.2fx  (to a real gateway against PUTs to a real gateway: its fsyncs weigh on both sides)\n", ratio)
	fmt.Printf("uplink.raw_put_discard_mb_s=%.1f uplink.raw_put_discard_gw_mb_s=%.1f  (PUTs to a server that discards the body; to a discarding gateway)\n",
		mbs(discardTime), mbs(rawDTime))
	fmt.Printf("uplink.ratio_stub_vs_discard=%.2fx goal=>=0.8x %s  (the uplink to the stub against PUTs to the discarding server: the uplink's own overhead, the issue's goal)\n",
		sRatio, verdict(sRatio))
	fmt.Printf("uplink.ratio_vs_discard=%.2fx  (the uplink to a discarding gateway against PUTs to the discarding server: the gateway handler's cost included)\n",
		mbs(upDTime)/mbs(discardTime))
	fmt.Printf("uplink.ratio_vs_discard_gw=%.2fx  (the same drain against PUTs to a discarding gateway: both pay the gateway's handler)\n",
		mbs(upDTime)/mbs(rawDTime))
	benchPeakHeap(t, clk)
}

// benchPeakHeap prints the uplink's peak heap above its heap before the drain, while
// it drains 2 dossiers × 2 pages of 1 MB, then of 10 MB (two pages in flight), to a
// discarding gateway process. Goal: independent of the page size (10 MB peak ≤ 1 MB
// peak + 1 MB): pages stream from their files.
func benchPeakHeap(t *testing.T, clk *fakeClock) {
	var peaks [2]uint64
	for i, mb := range []int{1, 10} {
		g := startDiscardGateway(t)
		k := newKiosk(t, clk.Now)
		k.importCatalog(t, testCatalog(t))
		u := newUplink(t, k, g, "", clk, func(c *Config) { c.Logf = nil; c.Timeout = 30 * time.Second })
		if _, err := u.Sync(context.Background()); err != nil { // catalog pulled, connections warm
			t.Fatal(err)
		}
		k.saveDossiers(t, uint64(300+i), 2, 2, mb<<20, false)
		k.pages = nil // the fixture's copies of the bytes are not the uplink's
		peaks[i] = peakHeapDuring(func() {
			if rep, err := u.Sync(context.Background()); err != nil || rep.Accepted != 2 {
				t.Fatalf("%d MB pages: %+v, %v", mb, rep, err)
			}
		})
	}
	verdict := "PASS"
	if peaks[1] > peaks[0]+1<<20 {
		verdict = "FAIL"
	}
	fmt.Printf("uplink.peak_heap_1mb_pages_kb=%d uplink.peak_heap_10mb_pages_kb=%d goal=10MB<=1MB+1024KB %s  (heap objects above the heap before the drain, 2 pages in flight)\n",
		peaks[0]>>10, peaks[1]>>10, verdict)
}

// timedStore times the kiosk store's records of acceptances (one by one, or several
// in one call).
type timedStore struct {
	Store
	n, calls, ns atomic.Int64
}

func (s *timedStore) MarkAccepted(ctx context.Context, id, official string, status wire.Status) error {
	start := time.Now()
	err := s.Store.MarkAccepted(ctx, id, official, status)
	s.ns.Add(int64(time.Since(start)))
	s.n.Add(1)
	s.calls.Add(1)
	return err
}

func (s *timedStore) MarkAcceptedMany(ctx context.Context, acc []store.Acceptance) error {
	start := time.Now()
	err := s.Store.(acceptMany).MarkAcceptedMany(ctx, acc)
	s.ns.Add(int64(time.Since(start)))
	s.n.Add(int64(len(acc)))
	s.calls.Add(1)
	return err
}

// rawPut is the baseline: plain net/http PUTs of the pages' bytes (signed, as the
// gateway demands), workers at a time.
func rawPut(ctx context.Context, cl *gwtest.Client, files [][]byte, workers int) error {
	next := make(chan []byte)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		fail error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for data := range next {
				resp, err := cl.PutPage(ctx, data, "jpeg")
				if err == nil && resp.Status != 201 {
					err = fmt.Errorf("PUT page: %d %s", resp.Status, resp.Body)
				}
				if err != nil {
					mu.Lock()
					fail = err
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range files {
		next <- p
	}
	close(next)
	wg.Wait()
	return fail
}
