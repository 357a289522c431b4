// Command gwbench measures the reference gateway's ingest: N concurrent simulated
// kiosks (plain net/http clients that sign like real kiosks) each upload the pages of
// their dossiers and submit them, against real gateway processes on loopback, on
// SQLite, on PostgreSQL (env KIOSK_TEST_PG_DSN; a fresh database per run) and on
// PostgreSQL with page bytes in S3 (backend postgres+s3; env KIOSK_TEST_S3_ENDPOINT,
// KIOSK_TEST_S3_ACCESS_KEY, KIOSK_TEST_S3_SECRET_KEY; a fresh bucket per run). With
// -gateways N the PostgreSQL backends run N gateway processes behind a round-robin
// reverse proxy (net/http/httputil), as behind a city's load balancer. It prints
// named figures: dossiers per second, page MB/s, p50/p99 latency of a whole dossier
// (pages + submission) and of the submission alone, and as the baseline measured in
// the same run, the rate of signed requests that store nothing (catalog 304) at the
// same concurrency. -kiosks takes a list (50,200): each backend is measured at each
// count and the growth from the first to the last is printed. It checks that exactly
// the submitted dossiers were stored.
//
//	go run -tags sqlite_fts5 ./sync/gateway/gwbench -gateway bin/gateway -catalog cmd/gateway/testdata/catalog.json
package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

type options struct {
	gateway, catalog string
	kiosks           int
	kioskList        []int
	dossiers         int
	pages, pageKB    int
	goalRate         float64
	goalP99          time.Duration
	backends         string
	// -mode heartbeat (heartbeat.go)
	mode                string
	rounds, concurrency int
	headroom            float64
	gateways            int
}

// result is one measured run.
type result struct {
	rate, mbps float64
	p99        time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.gateway, "gateway", "bin/gateway", "gateway binary")
	flag.StringVar(&o.catalog, "catalog", "cmd/gateway/testdata/catalog.json", "catalog to serve")
	kiosks := flag.String("kiosks", "50", "concurrent simulated kiosks: a count or a list (50,200)")
	flag.IntVar(&o.dossiers, "dossiers", 8, "dossiers per kiosk")
	flag.IntVar(&o.pages, "pages", 3, "pages per dossier")
	flag.IntVar(&o.pageKB, "page-kb", 100, "page size in KiB")
	flag.Float64Var(&o.goalRate, "goal-rate", 10, "goal: dossiers per second at least")
	flag.DurationVar(&o.goalP99, "goal-p99", 2*time.Second, "goal: p99 of a whole dossier at most")
	flag.StringVar(&o.backends, "backends", "sqlite,postgres", "backends to measure: sqlite, postgres, postgres+s3")
	flag.IntVar(&o.gateways, "gateways", 1, "gateway processes behind a reverse proxy for the PostgreSQL backends")
	flag.StringVar(&o.mode, "mode", "dossiers", "dossiers, or heartbeat: heartbeat ingest of -kiosks kiosks every 5 minutes")
	flag.IntVar(&o.rounds, "rounds", 3, "heartbeat mode: heartbeats per kiosk")
	flag.IntVar(&o.concurrency, "concurrency", 50, "heartbeat mode: concurrent connections")
	flag.Float64Var(&o.headroom, "headroom", 10, "heartbeat mode: goal, requests per second at least this many times the needed rate")
	proxy := flag.String("proxy", "", "instead of measuring, run a health-checked round-robin reverse proxy on this address over -targets (demos)")
	targets := flag.String("targets", "", "gateway base URLs for -proxy, comma-separated")
	flag.Parse()
	if *proxy != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := serveProxy(ctx, *proxy, strings.Split(*targets, ",")); err != nil {
			fmt.Fprintln(os.Stderr, "gwbench -proxy:", err)
			os.Exit(1)
		}
		return
	}
	if o.pageKB < 1 {
		fmt.Fprintf(os.Stderr, "gwbench: -page-kb %d: want at least 1 (pages are a real JPEG plus filler)\n", o.pageKB)
		os.Exit(2)
	}
	for _, k := range strings.Split(*kiosks, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(k))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "gwbench: -kiosks %q: want counts like 50,200\n", *kiosks)
			os.Exit(2)
		}
		o.kioskList = append(o.kioskList, n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	failed := false
	for _, be := range strings.Split(o.backends, ",") {
		if o.mode == "heartbeat" {
			o.kiosks = o.kioskList[0]
			if err := runHeartbeats(ctx, o, be); err != nil {
				fmt.Printf("gateway.%s.error=%q\n", be, err.Error())
				failed = true
			}
			continue
		}
		var results []result
		for _, n := range o.kioskList {
			o.kiosks = n
			r, err := runBackend(ctx, o, be)
			if err != nil {
				fmt.Printf("%s.error=%q\n", figure(o, be), err.Error())
				failed = true
				break
			}
			results = append(results, r)
		}
		if len(results) > 1 && len(results) == len(o.kioskList) {
			first, last := results[0], results[len(results)-1]
			fmt.Printf("gateway.%s.growth_%d_to_%d: dossiers_per_s x%.2f  pages_mb_per_s x%.2f  dossier_p99 x%.2f (kiosks x%.1f)\n",
				name(be), o.kioskList[0], o.kioskList[len(o.kioskList)-1], last.rate/first.rate, last.mbps/first.mbps,
				float64(last.p99)/float64(first.p99), float64(o.kioskList[len(o.kioskList)-1])/float64(o.kioskList[0]))
		}
	}
	if failed {
		os.Exit(1)
	}
}

// name is a backend's name in figure names.
func name(be string) string { return strings.ReplaceAll(be, "+", "_") }

// figure is the prefix of a run's figures: gateway.BACKEND, plus .kN when several
// kiosk counts are measured.
func figure(o options, be string) string {
	f := "gateway." + name(be)
	if len(o.kioskList) > 1 {
		f += ".k" + strconv.Itoa(o.kiosks)
	}
	return f
}

// gatewaysFor is how many gateway processes serve backend be.
func gatewaysFor(o options, be string) int {
	if strings.HasPrefix(be, "postgres") {
		return max(1, o.gateways)
	}
	return 1
}

func runBackend(ctx context.Context, o options, be string) (result, error) {
	dir, err := os.MkdirTemp("", "gwbench-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "gateway.db")
	var storeOpts []gwstore.Option
	var pageArgs []string
	switch be {
	case "sqlite":
	case "postgres", "postgres+s3":
		admin := os.Getenv("KIOSK_TEST_PG_DSN")
		if admin == "" {
			return result{}, fmt.Errorf("KIOSK_TEST_PG_DSN not set")
		}
		dsn, drop, err := gwtest.NewPGDatabase(ctx, admin, "gwbench")
		if err != nil {
			return result{}, err
		}
		defer drop()
		db = dsn
		if be == "postgres+s3" {
			b, err := newBucket(ctx)
			if err != nil {
				return result{}, err
			}
			defer b.remove()
			storeOpts = append(storeOpts, gwstore.WithPages(b.pages))
			pageArgs = b.args
		}
	default:
		return result{}, fmt.Errorf("unknown backend %q", be)
	}
	// Register the kiosks directly in the store, before the gateway starts.
	store, err := gwstore.Open(ctx, db, dir, storeOpts...)
	if err != nil {
		return result{}, err
	}
	clients := make([]*gwtest.Client, o.kiosks)
	ids := make([]string, o.kiosks)
	tr := &http.Transport{MaxIdleConnsPerHost: o.kiosks * 2}
	hc := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	for i := range clients {
		ids[i] = "k-bench-" + fmt.Sprint(i)
		secret := randHex(32)
		if err := store.AddKiosk(ctx, gwstore.Kiosk{ID: ids[i], Name: "Kiosk " + fmt.Sprint(i), Secret: secret, CreatedAt: time.Now()}); err != nil {
			store.Close()
			return result{}, err
		}
		clients[i] = &gwtest.Client{ID: ids[i], Secret: secret, HTTP: hc}
	}
	store.Close()

	var logs strings.Builder
	lw := &lockedWriter{w: &logs}
	var urls []string
	for g := 0; g < gatewaysFor(o, be); g++ {
		u, stop, err := startGateway(ctx, o, db, dir, pageArgs, lw)
		if err != nil {
			return result{}, err
		}
		defer stop()
		urls = append(urls, u)
	}
	base := urls[0]
	if len(urls) > 1 {
		u, stop, err := roundRobin(urls)
		if err != nil {
			return result{}, err
		}
		defer stop()
		base = u
	}
	for _, c := range clients {
		c.BaseURL = base
	}

	// Baseline: signed requests that store nothing, same concurrency.
	cat, _ := clients[0].Do(ctx, "GET", wire.CatalogPath, nil, nil)
	etag := cat.Header.Get("ETag")
	const baseN = 40
	start := time.Now()
	if err := parallel(o.kiosks, func(i int) error {
		for j := 0; j < baseN; j++ {
			if err := baselineGet(ctx, clients[i], etag); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return result{}, err
	}
	baseRate := float64(o.kiosks*baseN) / time.Since(start).Seconds()

	// Every dossier's page hashes, computed before the clock starts; the bytes are
	// one template (a real small JPEG then random bytes: the gateway decodes pages) with
	// a unique 17-byte tail after the image's end, copied out at upload time (copying
	// 400 KB costs microseconds; holding every page would cost gigabytes at 200 kiosks).
	pageBytes := o.pageKB << 10
	var seed [8]byte
	rand.Read(seed[:])
	template := gwtest.Page(pageBytes, binary.LittleEndian.Uint64(seed[:]))
	pageOf := func(i, j, k int) []byte {
		p := slices.Clone(template)
		m := fmt.Sprintf("%05d-%05d-%04d|", i, j, k)
		copy(p[len(p)-len(m):], m) // -page-kb ≥ 1; the JPEG itself is a few hundred bytes
		return p
	}
	type job struct{ d wire.Dossier }
	jobs := make([][]job, o.kiosks)
	for i := range jobs {
		for j := 0; j < o.dossiers; j++ {
			var jb job
			jb.d = wire.Dossier{ID: randHex(16), ReceiptCode: "B-" + randHex(3), ProcedureCode: "1.001193",
				Applicant: wire.Applicant{Name: "Nguyễn Văn Bình", IDNumber: "092190001234"},
				Fields:    map[string]string{"ho_ten": "Nguyễn Văn Bình", "ten_tre": "Nguyễn Văn An", "gioi_tinh": "Nam"},
				Language:  "vi", CreatedAt: time.Now().UTC()}
			for k := 0; k < o.pages; k++ {
				p := pageOf(i, j, k)
				jb.d.Pages = append(jb.d.Pages, wire.PageRef{Seq: k + 1, DocumentID: "to-khai", SHA256: wire.BodyHash(p), Size: int64(len(p)), Format: "jpeg"})
			}
			jobs[i] = append(jobs[i], jb)
		}
	}

	var mu sync.Mutex
	var whole, submit []time.Duration
	start = time.Now()
	err = parallel(o.kiosks, func(i int) error {
		c := clients[i]
		for j, jb := range jobs[i] {
			t0 := time.Now()
			for k := range jb.d.Pages {
				r, err := c.PutPage(ctx, pageOf(i, j, k), "jpeg")
				if err != nil {
					return err
				}
				if r.Status != 201 || !r.Signed {
					return fmt.Errorf("page: %d %s", r.Status, r.Body)
				}
			}
			t1 := time.Now()
			r, err := c.PutDossier(ctx, jb.d)
			if err != nil {
				return err
			}
			if r.Status != 201 || !r.Signed {
				return fmt.Errorf("dossier: %d %s", r.Status, r.Body)
			}
			t2 := time.Now()
			mu.Lock()
			whole = append(whole, t2.Sub(t0))
			submit = append(submit, t2.Sub(t1))
			mu.Unlock()
		}
		return nil
	})
	elapsed := time.Since(start)
	if err != nil {
		return result{}, err
	}
	total := o.kiosks * o.dossiers
	rate := float64(total) / elapsed.Seconds()
	mb := float64(total*o.pages*pageBytes) / (1 << 20) / elapsed.Seconds()

	// Exactly the submitted dossiers are stored.
	store, err = gwstore.Open(ctx, db, dir, storeOpts...)
	if err != nil {
		return result{}, err
	}
	stored, err := store.Dossiers(ctx, gwstore.DossierFilter{})
	store.Close()
	if err != nil {
		return result{}, err
	}
	if len(stored) != total {
		return result{}, fmt.Errorf("%d dossiers stored, %d submitted", len(stored), total)
	}

	p99 := pct(whole, 99)
	verdict := "PASS"
	if rate < o.goalRate || p99 > o.goalP99 {
		verdict = "FAIL"
	}
	f := figure(o, be)
	fmt.Printf("%s.kiosks=%d  gateways=%d  dossiers=%d  pages_per_dossier=%d  page_kb=%d\n", f, o.kiosks, len(urls), total, o.pages, o.pageKB)
	fmt.Printf("%s.dossiers_per_s=%.1f  pages_mb_per_s=%.1f  dossier_p50_ms=%.1f  dossier_p99_ms=%.1f  submit_p50_ms=%.1f  submit_p99_ms=%.1f\n",
		f, rate, mb, ms(pct(whole, 50)), ms(p99), ms(pct(submit, 50)), ms(pct(submit, 99)))
	fmt.Printf("%s.baseline_signed_noop_rps=%.0f  stored=%d/%d  goal=>=%.0f dossiers/s and p99<=%dms %s\n",
		f, baseRate, len(stored), total, o.goalRate, o.goalP99.Milliseconds(), verdict)
	return result{rate: rate, mbps: mb, p99: p99}, nil
}

func parallel(n int, f func(i int) error) error {
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f(i) }()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

// baselineGet is the baseline's request: a signed conditional GET of the catalog, which
// stores nothing and must answer 304, signed.
func baselineGet(ctx context.Context, c *gwtest.Client, etag string) error {
	r, err := c.Do(ctx, "GET", wire.CatalogPath, nil, http.Header{"If-None-Match": {etag}})
	if err != nil {
		return err
	}
	if r.Status != 304 || !r.Signed {
		return fmt.Errorf("baseline answer %d", r.Status)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w.Len() > 1<<20 {
		return len(p), nil
	}
	return l.w.Write(p)
}
