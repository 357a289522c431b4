package uplink

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// benchEnv reads an integer setting of the rural bench.
func benchEnv(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		fmt.Sscan(v, &def)
	}
	return def
}

// TestRuralBenchFigures prints the figures of scripts/bench.d/rural.sh (KIOSK_BENCH=1):
//
//   - the rural link: 10 pages of 6 MB through a link throttled to 150 KB/s
//     that resets every connection every 20 s (about 7 minutes): the effective page
//     throughput against the link's rate (the baseline, measured by the same proxy),
//     and the bytes that crossed the link against the page bytes (goal ≤ 1.1×);
//   - the uplink's peak heap while it sends one 1 MB page and one 10 MB page on
//     loopback (goal: the same order, not 10×: pages stream from disk).
//
// RURAL_PAGES, RURAL_PAGE_KB, RURAL_RATE_KB and RURAL_RESET_S scale the first part down.
func TestRuralBenchFigures(t *testing.T) {
	if os.Getenv("KIOSK_BENCH") != "1" {
		t.Skip("KIOSK_BENCH=1 runs the benchmark")
	}
	pages := benchEnv("RURAL_PAGES", 10)
	pageKB := benchEnv("RURAL_PAGE_KB", 6<<10)
	rateKB := benchEnv("RURAL_RATE_KB", 150)
	resetS := benchEnv("RURAL_RESET_S", 20)
	ctx := context.Background()

	// 1. The rural link.
	g, clk, k := sqliteRig(t)
	saved := k.saveDossiers(t, 201, pages, 1, pageKB<<10, false)
	total := pageBytes(saved)
	p := startRuralLink(t, g, int64(rateKB)<<10, time.Duration(resetS)*time.Second)
	u := newUplink(t, k, g, p.URL(), clk, func(c *Config) { c.Logf = nil })
	start := time.Now()
	before := p.BytesUp()
	rounds := 0
	for ; rounds < 100; rounds++ {
		rep, err := u.Sync(ctx)
		if err == nil && rep.Remaining == 0 {
			break
		}
		clk.Add(time.Hour)
	}
	el := time.Since(start)
	sent := p.BytesUp() - before
	g.checkExactlyOnce(t, k)
	eff := float64(total) / el.Seconds() / 1024
	ratio := float64(sent) / float64(total)
	verdict := "PASS"
	if ratio > 1.1 {
		verdict = "FAIL"
	}
	fmt.Printf("rural.pages=%d rural.page_mb=%.1f rural.link_kb_s=%d rural.reset_every_s=%d rural.resets=%d rural.rounds=%d\n",
		pages, float64(pageKB)/1024, rateKB, resetS, p.Resets()/2, rounds+1)
	fmt.Printf("rural.elapsed_s=%.1f rural.effective_kb_s=%.1f rural.link_rate_kb_s=%d rural.effective_vs_link=%.2f\n",
		el.Seconds(), eff, rateKB, eff/float64(rateKB))
	fmt.Printf("rural.link_bytes=%d rural.page_bytes=%d rural.bytes_ratio=%.3fx goal=<=1.1x %s\n", sent, total, ratio, verdict)

	// 2. Peak heap while sending a 1 MB page and a 10 MB page.
	var peaks [2]uint64
	for i, mb := range []int{1, 10} {
		g2 := startGateway(t, "sqlite")
		k2 := newKiosk(t, clk.Now)
		k2.importCatalog(t, testCatalog(t))
		k2.saveDossiers(t, uint64(300+i), 1, 1, mb<<20, false)
		k2.pages = nil // the fixture's copies of the bytes are not the uplink's
		u2 := newUplink(t, k2, g2, "", clk, func(c *Config) { c.Logf = nil })
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(2 * time.Millisecond):
				}
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}()
		rep, err := u2.Sync(ctx)
		close(done)
		if err != nil || rep.Accepted != 1 {
			t.Fatalf("%d MB page: %+v, %v", mb, rep, err)
		}
		if pk := peak.Load(); pk > base.HeapInuse {
			peaks[i] = pk - base.HeapInuse
		}
	}
	verdict = "PASS"
	if peaks[1] > 3*peaks[0]+(1<<20) {
		verdict = "FAIL"
	}
	fmt.Printf("rural.peak_heap_1mb_page_kb=%d rural.peak_heap_10mb_page_kb=%d goal=10MB<=3x1MB %s\n", peaks[0]>>10, peaks[1]>>10, verdict)
}
