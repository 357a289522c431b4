package uplink

import (
	"context"
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink/faultproxy"
)

// startRuralLink is a proxy throttled to rate bytes per second that resets every open
// connection every period (0: never).
func startRuralLink(t testing.TB, g *testGateway, rate int64, period time.Duration) *faultproxy.Proxy {
	t.Helper()
	p := startProxy(t, g, nil)
	p.SetRate(rate)
	if period > 0 {
		stop := p.ResetEvery(period)
		t.Cleanup(stop)
	}
	return p
}

// pageBytes sums the page sizes of dossiers.
func pageBytes(ds []*store.Dossier) int64 {
	var n int64
	for _, d := range ds {
		for _, p := range d.Pages {
			n += p.Size
		}
	}
	return n
}

// The figure scaled down (the full one, 10 pages of 6 MB at 150 KB/s with a
// reset every 20 s, is scripts/bench.d/rural.sh): 10 pages of 240 KB through a
// 200 KB/s link that resets every connection every 1.5 s. Every page arrives
// byte-identical, and the bytes that crossed the link stay within 1.1× the page bytes:
// nothing is sent twice but the few bytes in flight at each reset.
func TestFlakyThrottledLinkResumesSQLite(t *testing.T)   { testFlakyThrottledLink(t, "sqlite") }
func TestFlakyThrottledLinkResumesPostgres(t *testing.T) { testFlakyThrottledLink(t, "postgres") }

func testFlakyThrottledLink(t *testing.T, backend string) {
	ctx := context.Background()
	g := startGateway(t, backend)
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	saved := k.saveDossiers(t, 31, 5, 2, 240<<10, false)
	total := pageBytes(saved)
	p := startRuralLink(t, g, 200<<10, 1500*time.Millisecond)
	u := newUplink(t, k, g, p.URL(), clk, func(c *Config) { c.StallTimeout = 5 * time.Second })
	start := time.Now()
	before := p.BytesUp()
	rounds := 0
	for ; rounds < 20; rounds++ {
		rep, err := u.Sync(ctx)
		if err == nil && rep.Remaining == 0 {
			break
		}
		clk.Add(time.Hour) // past any backoff: the test is about bytes, not waits
	}
	el := time.Since(start)
	sent := p.BytesUp() - before
	resets := p.Resets()
	t.Logf("%d rounds, %v, %d resets, %d link bytes for %d page bytes (%.3f×), kiosk counted %d",
		rounds+1, el.Round(time.Millisecond), resets, sent, total, float64(sent)/float64(total), u.stats.BytesUploaded)
	if c := k.counts(t); c[store.Accepted] != len(saved) {
		t.Fatalf("outbox %v, want all %d accepted", c, len(saved))
	}
	g.checkExactlyOnce(t, k)
	if resets < 4 {
		t.Errorf("only %d connections reset: the test did not exercise the resume", resets)
	}
	if float64(sent) > 1.1*float64(total) {
		t.Errorf("%d bytes crossed the link for %d page bytes: more than 1.1×", sent, total)
	}
}

// A kiosk killed in the middle of a page resumes, after its restart, from the offset
// the gateway kept: the bytes before it are not sent again.
func TestKilledMidPageResumesFromGatewayOffset(t *testing.T) {
	g := startGateway(t, "sqlite")
	p := startRuralLink(t, g, 400<<10, 0)
	k := newKiosk(t, nil)
	k.importCatalog(t, testCatalog(t))
	saved := k.saveDossiers(t, 41, 1, 1, 1600<<10, false)
	page := saved[0].Pages[0]
	newUplink(t, k, g, p.URL(), newFakeClock()) // the settings for the child
	child := func() *exec.Cmd {
		cmd, _ := gwtest.StartChild(t, context.Background(), "UPLINK_TEST_CHILD=1", "UPLINK_CHILD_DATA="+k.dir)
		return cmd
	}
	ctx := context.Background()
	cmd := child()
	var held int64
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		up, err := g.Store().UploadState(ctx, g.ID, page.SHA256)
		if err == nil && up.Received >= 500<<10 {
			held = up.Received
			break
		}
		if err != nil && !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if held == 0 {
		t.Fatal("the gateway never held 500 KB of the page")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	// The dead process's socket still drains its send buffer through the link (a
	// graceful close) and the gateway keeps those bytes too: wait until the upload
	// stops growing, as a kiosk's restart takes longer than that anyway.
	var up gwstore.Upload
	var err error
	for last := int64(-1); ; {
		time.Sleep(300 * time.Millisecond)
		if up, err = g.Store().UploadState(ctx, g.ID, page.SHA256); err != nil {
			t.Fatalf("after the kill: %v", err)
		}
		if up.Received == last {
			break
		}
		last = up.Received
	}
	if up.Received < held || up.Received >= page.Size {
		t.Fatalf("after the kill the gateway holds %d; want ≥ %d and not the whole %d", up.Received, held, page.Size)
	}
	firstRun := p.BytesUp()
	cmd = child()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the restarted sync: %v", err)
	}
	second := p.BytesUp() - firstRun
	t.Logf("killed with %d of %d bytes at the gateway; the restart sent %d bytes, %d in all", up.Received, page.Size, second, p.BytesUp())
	if rest := page.Size - up.Received; float64(second) > float64(rest)*1.02+16<<10 {
		t.Errorf("the restart sent %d bytes for the %d the gateway lacked", second, rest)
	}
	if c := k.counts(t); c[store.Accepted] != 1 {
		t.Fatalf("outbox %v after the restart", c)
	}
	g.checkExactlyOnce(t, k)
	if _, err := g.Store().UploadState(ctx, g.ID, page.SHA256); !errors.Is(err, gwstore.ErrNotFound) {
		t.Errorf("the finished upload is still open: %v", err)
	}
}
