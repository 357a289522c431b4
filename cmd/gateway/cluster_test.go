package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore/pagestoretest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/uplink/faultproxy"
)

// cluster is several gateway processes on one storage behind a round-robin reverse
// proxy (what a city's load balancer does), with in-flight requests counted per
// process so a test knows whether a kill landed mid-request.
type cluster struct {
	b     backend
	mu    sync.Mutex
	procs []*proc
	urls  []*url.URL
	next  atomic.Int64
	srv   *http.Server
	URL   string

	inflight sync.Map // host → *atomic.Int64
	methods  sync.Map // method → *atomic.Int64: which upload protocol the kiosk spoke
}

func startCluster(t *testing.T, b backend, n int) *cluster {
	t.Helper()
	c := &cluster{b: b}
	for i := 0; i < n; i++ {
		p := startGateway(t, b, "--log-level", "info")
		u, _ := url.Parse(p.URL)
		c.procs, c.urls = append(c.procs, p), append(c.urls, u)
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			c.mu.Lock()
			u := c.urls[int(c.next.Add(1))%len(c.urls)]
			c.mu.Unlock()
			r.SetURL(u)
			r.Out.Host = r.In.Host // as a load balancer does: the dashboard checks Origin against Host
		},
		Transport: countingTransport{c},
		ErrorLog:  log.New(io.Discard, "", 0), // a killed process's refused dials are the point
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.srv = &http.Server{Handler: rp}
	go c.srv.Serve(ln)
	t.Cleanup(func() { c.srv.Close() })
	c.URL = "http://" + ln.Addr().String()
	return c
}

type countingTransport struct{ c *cluster }

// RoundTrip counts the writes (page uploads, dossier submissions: anything but GET
// and HEAD) in flight at each process, until its answer's headers arrive.
func (ct countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	m, _ := ct.c.methods.LoadOrStore(r.Method, new(atomic.Int64))
	m.(*atomic.Int64).Add(1)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		v, _ := ct.c.inflight.LoadOrStore(r.URL.Host, new(atomic.Int64))
		n := v.(*atomic.Int64)
		n.Add(1)
		defer n.Add(-1)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// killAndRestart SIGKILLs process i and starts a new one in its place; it returns how
// many writes were in flight at that process when it died. It runs off the test's
// goroutine: it returns errors rather than failing the test.
func (c *cluster) killAndRestart(t *testing.T, i int) (int64, error) {
	c.mu.Lock()
	p, u := c.procs[i], c.urls[i]
	c.mu.Unlock()
	var inflight int64
	if v, ok := c.inflight.Load(u.Host); ok {
		inflight = v.(*atomic.Int64).Load()
	}
	p.Kill()
	np, err := startGatewayErr(t, c.b, "--log-level", "info")
	if err != nil {
		return inflight, err
	}
	nu, _ := url.Parse(np.URL)
	c.mu.Lock()
	c.procs[i], c.urls[i] = np, nu
	c.mu.Unlock()
	return inflight, nil
}

// kioskUnderTest is a kiosk's real store with saved dossiers, and a copy of every page.
type kioskUnderTest struct {
	dir   string
	st    *store.Store
	ids   []string
	pages map[string][]byte
}

func newTestKiosk(t *testing.T, n, pagesEach, pageSize int, seed uint64) *kioskUnderTest {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{PageDir: filepath.Join(dir, "pages")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	raw, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportCatalog(ctx, cat); err != nil {
		t.Fatal(err)
	}
	k := &kioskUnderTest{dir: dir, st: st, pages: map[string][]byte{}}
	r := rand.New(rand.NewPCG(seed, 3))
	for i := 0; i < n; i++ {
		nd := store.NewDossier{ProcedureCode: "1.001193", Language: "vi",
			Applicant: store.Applicant{Name: fmt.Sprintf("Trần Thị Thử %d", i), IDNumber: fmt.Sprintf("0921%08d", i)},
			Fields: map[string]string{"ho_ten": fmt.Sprintf("Trần Thị Thử %d", i), "ten_tre": fmt.Sprintf("Trần Văn Bé %d", i),
				"gioi_tinh": "Nam"}}
		for p := 0; p < pagesEach; p++ {
			// A real JPEG then random bytes: the gateway decodes every page (issue 11).
			data := gwtest.Page(pageSize-r.IntN(pageSize/10), r.Uint64())
			nd.Pages = append(nd.Pages, store.PageInput{DocumentID: "to-khai", Format: "jpeg", Width: 1240, Height: 1754, Data: data})
			s := sha256.Sum256(data)
			k.pages[hex.EncodeToString(s[:])] = data
		}
		d, err := st.SaveDossier(ctx, nd)
		if err != nil {
			t.Fatal(err)
		}
		k.ids = append(k.ids, d.ID)
	}
	return k
}

// checkStored asserts the storage holds exactly the kiosk's dossiers, once each with
// distinct official codes, every page byte-identical, and (with S3) exactly the
// kiosk's pages in the bucket: nothing lost, nothing doubled, no stray object.
func checkStored(t *testing.T, b backend, kioskID string, k *kioskUnderTest) {
	t.Helper()
	ctx := context.Background()
	s := b.open(t)
	ds, err := s.Dossiers(ctx, gwstore.DossierFilter{KioskID: kioskID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range k.ids {
		want[id] = true
	}
	codes := map[string]bool{}
	for _, d := range ds {
		if !want[d.ID] {
			t.Errorf("dossier %s stored twice or never saved", d.ID)
		}
		if codes[d.OfficialCode] {
			t.Errorf("official code %s given twice", d.OfficialCode)
		}
		codes[d.OfficialCode] = true
		delete(want, d.ID)
	}
	for id := range want {
		t.Errorf("dossier %s lost", id)
	}
	for sha, data := range k.pages {
		got, err := s.Page(ctx, sha)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("page %s: %d bytes, %v; want the %d saved", sha[:12], len(got), err, len(data))
		}
	}
	if b.s3 != nil {
		var keys []string
		for sha := range k.pages {
			keys = append(keys, b.s3.Prefix+sha[:2]+"/"+sha)
		}
		slices.Sort(keys)
		if got := pagestoretest.Keys(t, *b.s3); !slices.Equal(got, keys) {
			t.Errorf("bucket holds %d objects, want exactly the kiosk's %d pages", len(got), len(keys))
		}
	}
}

// An official's dashboard session lives in the database, not in a process: signed in
// through one gateway, the next pages come from the others, and signing out on one
// ends it on all.
func TestClusterDashboardSession(t *testing.T) {
	b := withS3(t, pgBackend(t))
	const pw = "mật-khẩu-của-sở-2026"
	if _, errOut, code := cliIn(t, b, pw+"\n", "user", "add", "so.tttt"); code != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	c := startCluster(t, b, 3)
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, form url.Values) (*http.Response, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, c.URL+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", c.URL)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	_, form := do("GET", "/login", nil)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(form)
	if m == nil {
		t.Fatalf("no CSRF token in the sign-in form:\n%s", form)
	}
	if resp, body := do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {"so.tttt"}, "password": {pw}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in through the balancer: %d\n%s", resp.StatusCode, body)
	}
	for i := 0; i < 3; i++ { // one request per gateway
		if resp, _ := do("GET", "/dossiers", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("dossier list %d after signing in elsewhere: %d (%s)", i, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	_, page := do("GET", "/", nil)
	m = regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the overview:\n%s", page)
	}
	if resp, _ := do("POST", "/logout", url.Values{"csrf": {m[1]}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	for i := 0; i < 3; i++ {
		if resp, _ := do("GET", "/dossiers", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("dossier list %d after signing out elsewhere: %d", i, resp.StatusCode)
		}
	}
}

// Three gateway processes on one PostgreSQL database and one S3 bucket behind a
// round-robin reverse proxy. A kiosk's real uplink syncs through a fault proxy
// (connection resets, truncated streams, dropped connections, captive-portal and
// 5xx answers) while, every few hundred milliseconds, one
// gateway is SIGKILLed and replaced: N dossiers saved → exactly N at the gateway,
// every page byte-identical in the bucket, nothing twice, nothing stray.
func TestClusterKilledGatewaysPostgresS3(t *testing.T) {
	b := withS3(t, pgBackend(t))
	id, secret := addKiosk(t, b, "Nhà văn hóa phường Cái Khế")
	c := startCluster(t, b, 3)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	fp, err := faultproxy.New(strings.TrimPrefix(c.URL, "http://"), faultproxy.Mix(seed,
		map[faultproxy.Kind]int{faultproxy.Pass: 8, faultproxy.Reset: 1, faultproxy.Truncate: 1,
			faultproxy.Respond: 1, faultproxy.Drop: 1}, 256<<10))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fp.Close() })

	const n = 40
	k := newTestKiosk(t, n, 3, 200<<10, seed)
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()) }
	u, err := uplink.New(k.st, uplink.Config{GatewayURL: fp.URL(), KioskID: id, Secret: secret, Now: now,
		Timeout: 3 * time.Second, Retries: 1, RetryWait: 5 * time.Millisecond, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	stop := make(chan struct{})
	var kills, midRequest atomic.Int64
	var killer sync.WaitGroup
	var killErr error
	killer.Add(1)
	go func() {
		defer killer.Done()
		r := rand.New(rand.NewPCG(seed, 9))
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(80+r.IntN(200)) * time.Millisecond):
			}
			inflight, err := c.killAndRestart(t, r.IntN(3))
			if err != nil {
				killErr = err
				return
			}
			if inflight > 0 {
				midRequest.Add(1)
			}
			kills.Add(1)
		}
	}()
	rounds := 0
	for {
		rounds++
		rep, err := u.Sync(ctx)
		if errors.Is(err, uplink.ErrUnauthorized) || ctx.Err() != nil {
			close(stop)
			killer.Wait()
			t.Fatalf("round %d: %v", rounds, err)
		}
		if err == nil && rep.Remaining == 0 {
			break
		}
		clock.Add(int64(time.Hour)) // every backoff is over
		if rounds%5 == 0 {
			// Let the last replacement come up before the next round.
			time.Sleep(50 * time.Millisecond)
		}
	}
	close(stop)
	killer.Wait()
	if killErr != nil {
		t.Fatalf("replacing a killed gateway: %v", killErr)
	}
	methods := map[string]int64{}
	c.methods.Range(func(k, v any) bool { methods[k.(string)] = v.(*atomic.Int64).Load(); return true })
	t.Logf("%d rounds, %d gateway kills, %d of them with writes in flight; requests %v; proxy %v",
		rounds, kills.Load(), midRequest.Load(), methods, fp.Counts())
	counts, err := k.st.OutboxCounts(ctx)
	if err != nil || counts[store.Accepted] != n {
		if d, derr := k.st.Dossier(ctx, k.ids[0]); derr == nil {
			t.Logf("first dossier: state %s, reason %q, last error %q", d.State, d.RejectReason, d.LastError)
		}
		t.Fatalf("kiosk outbox %v (%v), want %d accepted", counts, err, n)
	}
	checkStored(t, b, id, k)
	if midRequest.Load() == 0 {
		t.Errorf("no kill landed while a page upload or submission was in flight (%d kills): the test proves less than it claims", kills.Load())
	}
}
