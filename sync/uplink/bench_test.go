package uplink

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// TestBenchFigures prints the uplink's throughput figures (scripts/bench.d/uplink.sh):
// draining 500 dossiers × 3 pages × 200 KB through the uplink to a gateway process on
// loopback, against plain net/http PUTs of the same page bytes to a gateway process
// started the same way, at the same concurrency, in the same run. Runs only with
// KIOSK_BENCH=1.
//
// Each side has its own gateway (pages are content-addressed: uploading the same bytes
// twice to one gateway would make the second side a no-op). A second baseline PUTs
// the same bytes to a server that discards them (discardServer). The machine is
// shared, so the work is cut into chunks of 50 dossiers and the sides alternate chunk
// by chunk (and which goes first), so a burst of load elsewhere hits all alike; the
// figures are total bytes over total time per side.
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
	ctx := context.Background()
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	gRaw := startGateway(t, "sqlite")
	g := startGateway(t, "sqlite")
	cl := &gwtest.Client{BaseURL: gRaw.URL, ID: gRaw.ID, Secret: gRaw.Secret}
	discard, discarded := discardServer(t)
	clDiscard := &gwtest.Client{BaseURL: discard.URL, ID: gRaw.ID, Secret: gRaw.Secret}
	u := newUplink(t, k, g, "", clk, func(c *Config) { c.Workers = workers; c.Timeout = 30 * time.Second; c.Logf = nil })
	if _, err := u.Sync(ctx); err != nil { // catalog pulled, connections warm
		t.Fatal(err)
	}

	var rawTime, upTime, discardTime time.Duration
	var total int64
	nPages, nDossiers := 0, 0
	for c := 0; c*chunk < dossiers; c++ {
		n := min(chunk, dossiers-c*chunk)
		saved := k.saveDossiers(t, uint64(100+c), n, pages, pageSize, false)
		// The baseline's bytes are read beforehand (untimed: an advantage for the
		// baseline; the uplink reads its page files inside its time, and purges them).
		var files [][]byte
		for _, d := range saved {
			for _, p := range d.Pages {
				data, err := os.ReadFile(p.Path)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, data)
				total += p.Size
			}
		}
		nPages += len(files)
		nDossiers += n
		raw := func() {
			start := time.Now()
			if err := rawPut(ctx, cl, files, workers); err != nil {
				t.Fatalf("baseline: %v", err)
			}
			rawTime += time.Since(start)
		}
		rawDiscard := func() {
			start := time.Now()
			if err := rawPut(ctx, clDiscard, files, workers); err != nil {
				t.Fatalf("discarding baseline: %v", err)
			}
			discardTime += time.Since(start)
		}
		up := func() {
			start := time.Now()
			rep, err := u.Sync(ctx)
			upTime += time.Since(start)
			if err != nil || rep.Accepted != n {
				t.Fatalf("uplink drain: %+v, %v", rep, err)
			}
		}
		if c%2 == 0 {
			raw()
			rawDiscard()
			up()
		} else {
			up()
			rawDiscard()
			raw()
		}
	}
	if ds, err := g.Store().Dossiers(ctx, gwDossierFilter(g)); err != nil || len(ds) != nDossiers {
		t.Fatalf("gateway holds %d dossiers (%v), want %d", len(ds), err, nDossiers)
	}
	rawMBs := float64(total) / 1e6 / rawTime.Seconds()
	upMBs := float64(total) / 1e6 / upTime.Seconds()
	ratio := upMBs / rawMBs
	verdict := "PASS"
	if ratio < 0.8 {
		verdict = "FAIL"
	}
	if discarded.Load() != total {
		t.Fatalf("the discarding server read %d bytes, want %d", discarded.Load(), total)
	}
	discardMBs := float64(total) / 1e6 / discardTime.Seconds()
	dRatio := upMBs / discardMBs
	dVerdict := "PASS"
	if dRatio < 0.8 {
		dVerdict = "FAIL"
	}
	fmt.Printf("uplink.dossiers=%d uplink.pages=%d uplink.mb=%.0f uplink.workers=%d\n", nDossiers, nPages, float64(total)/1e6, workers)
	fmt.Printf("uplink.raw_put_mb_s=%.1f uplink.raw_put_s=%.2f\n", rawMBs, rawTime.Seconds())
	fmt.Printf("uplink.drain_mb_s=%.1f uplink.drain_s=%.2f uplink.dossiers_per_s=%.1f\n", upMBs, upTime.Seconds(), float64(nDossiers)/upTime.Seconds())
	fmt.Printf("uplink.ratio=%.2fx goal=>=0.8x %s  (against PUTs to a gateway: its fsyncs weigh on both sides)\n", ratio, verdict)
	fmt.Printf("uplink.raw_put_discard_mb_s=%.1f uplink.ratio_vs_discard=%.2fx goal=>=0.8x %s  (against PUTs to a server that discards the body: the uplink's own overhead; the uplink still writes to a real gateway)\n",
		discardMBs, dRatio, dVerdict)
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
