// Command gwbench measures the reference gateway's ingest: N concurrent simulated
// kiosks (plain net/http clients that sign like real kiosks) each upload the pages of
// their dossiers and submit them, against a real gateway process on loopback, on
// SQLite and on PostgreSQL (env KIOSK_TEST_PG_DSN; a fresh database per run). It
// prints named figures: dossiers per second, p50/p99 latency of a whole dossier
// (pages + submission) and of the submission alone, and as the baseline measured in
// the same run, the rate of signed requests that store nothing (catalog 304) at the
// same concurrency. It checks that exactly the submitted dossiers were stored.
//
//	go run -tags sqlite_fts5 ./sync/gateway/gwbench -gateway bin/gateway -catalog cmd/gateway/testdata/catalog.json
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	kiosks, dossiers int
	pages, pageKB    int
	goalRate         float64
	goalP99          time.Duration
	backends         string
	// -mode heartbeat (heartbeat.go)
	mode                string
	rounds, concurrency int
	headroom            float64
}

func main() {
	var o options
	flag.StringVar(&o.gateway, "gateway", "bin/gateway", "gateway binary")
	flag.StringVar(&o.catalog, "catalog", "cmd/gateway/testdata/catalog.json", "catalog to serve")
	flag.IntVar(&o.kiosks, "kiosks", 50, "concurrent simulated kiosks")
	flag.IntVar(&o.dossiers, "dossiers", 8, "dossiers per kiosk")
	flag.IntVar(&o.pages, "pages", 3, "pages per dossier")
	flag.IntVar(&o.pageKB, "page-kb", 100, "page size in KiB")
	flag.Float64Var(&o.goalRate, "goal-rate", 10, "goal: dossiers per second at least")
	flag.DurationVar(&o.goalP99, "goal-p99", 2*time.Second, "goal: p99 of a whole dossier at most")
	flag.StringVar(&o.backends, "backends", "sqlite,postgres", "backends to measure")
	flag.StringVar(&o.mode, "mode", "dossiers", "dossiers, or heartbeat: heartbeat ingest of -kiosks kiosks every 5 minutes")
	flag.IntVar(&o.rounds, "rounds", 3, "heartbeat mode: heartbeats per kiosk")
	flag.IntVar(&o.concurrency, "concurrency", 50, "heartbeat mode: concurrent connections")
	flag.Float64Var(&o.headroom, "headroom", 10, "heartbeat mode: goal, requests per second at least this many times the needed rate")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	failed := false
	for _, be := range strings.Split(o.backends, ",") {
		run := runBackend
		if o.mode == "heartbeat" {
			run = runHeartbeats
		}
		if err := run(ctx, o, be); err != nil {
			fmt.Printf("gateway.%s.error=%q\n", be, err.Error())
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func runBackend(ctx context.Context, o options, be string) error {
	dir, err := os.MkdirTemp("", "gwbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "gateway.db")
	if be == "postgres" {
		admin := os.Getenv("KIOSK_TEST_PG_DSN")
		if admin == "" {
			fmt.Println("gateway.postgres=skipped (KIOSK_TEST_PG_DSN not set)")
			return nil
		}
		dsn, drop, err := gwtest.NewPGDatabase(ctx, admin, "gwbench")
		if err != nil {
			return err
		}
		defer drop()
		db = dsn
	}
	// Register the kiosks directly in the store, before the gateway starts.
	store, err := gwstore.Open(ctx, db, dir)
	if err != nil {
		return err
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
			return err
		}
		clients[i] = &gwtest.Client{ID: ids[i], Secret: secret, HTTP: hc}
	}
	store.Close()

	cmd := exec.CommandContext(ctx, o.gateway, "serve", "--addr", "127.0.0.1:0", "--db", db, "--data", dir,
		"--catalog", o.catalog, "--log-level", "warn")
	var logs strings.Builder
	cmd.Stderr = &lockedWriter{w: &logs}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	sc := bufio.NewScanner(out)
	var base string
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "listening="); ok {
			base = "http://" + v
			break
		}
	}
	if base == "" {
		return fmt.Errorf("gateway did not start: %s", logs.String())
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
			r, err := clients[i].Do(ctx, "GET", wire.CatalogPath, nil, http.Header{"If-None-Match": {etag}})
			if err != nil {
				return err
			}
			if r.Status != 304 || !r.Signed {
				return fmt.Errorf("baseline answer %d", r.Status)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	baseRate := float64(o.kiosks*baseN) / time.Since(start).Seconds()

	// Pages for every dossier, made before the clock starts.
	pageBytes := o.pageKB << 10
	type job struct {
		pages [][]byte
		d     wire.Dossier
	}
	jobs := make([][]job, o.kiosks)
	for i := range jobs {
		for j := 0; j < o.dossiers; j++ {
			var jb job
			jb.d = wire.Dossier{ID: randHex(16), ReceiptCode: "B-" + randHex(3), ProcedureCode: "1.001193",
				Applicant: wire.Applicant{Name: "Nguyễn Văn Bình", IDNumber: "092190001234"},
				Fields:    map[string]string{"ho_ten": "Nguyễn Văn Bình", "ten_tre": "Nguyễn Văn An", "gioi_tinh": "Nam"},
				Language:  "vi", CreatedAt: time.Now().UTC()}
			for k := 0; k < o.pages; k++ {
				var seed [8]byte
				rand.Read(seed[:])
				p := gwtest.Page(pageBytes, binary.LittleEndian.Uint64(seed[:])) // the gateway checks pages are images
				jb.pages = append(jb.pages, p)
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
		for _, jb := range jobs[i] {
			t0 := time.Now()
			for _, p := range jb.pages {
				r, err := c.PutPage(ctx, p, "jpeg")
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
		return err
	}
	total := o.kiosks * o.dossiers
	rate := float64(total) / elapsed.Seconds()
	mb := float64(total*o.pages*pageBytes) / (1 << 20) / elapsed.Seconds()

	// Exactly the submitted dossiers are stored.
	store, err = gwstore.Open(ctx, db, dir)
	if err != nil {
		return err
	}
	stored, err := store.Dossiers(ctx, gwstore.DossierFilter{})
	store.Close()
	if err != nil {
		return err
	}
	if len(stored) != total {
		return fmt.Errorf("%d dossiers stored, %d submitted", len(stored), total)
	}

	p99 := pct(whole, 99)
	verdict := "PASS"
	if rate < o.goalRate || p99 > o.goalP99 {
		verdict = "FAIL"
	}
	fmt.Printf("gateway.%s.kiosks=%d  dossiers=%d  pages_per_dossier=%d  page_kb=%d\n", be, o.kiosks, total, o.pages, o.pageKB)
	fmt.Printf("gateway.%s.dossiers_per_s=%.1f  pages_mb_per_s=%.1f  dossier_p50_ms=%.1f  dossier_p99_ms=%.1f  submit_p50_ms=%.1f  submit_p99_ms=%.1f\n",
		be, rate, mb, ms(pct(whole, 50)), ms(p99), ms(pct(submit, 50)), ms(pct(submit, 99)))
	fmt.Printf("gateway.%s.baseline_signed_noop_rps=%.0f  stored=%d/%d  goal=>=%.0f dossiers/s and p99<=%dms %s\n",
		be, baseRate, len(stored), total, o.goalRate, o.goalP99.Milliseconds(), verdict)
	return nil
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
