package uplink

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
)

// The discarding gateway of the uplink bench: the real gateway HTTP handler (kiosk
// authentication, signatures, nonces, resumable uploads, page checks, dossier
// submission, signed answers) over a real SQLite gwstore whose page bytes go nowhere
// (discardBlobs), whose database lives on tmpfs (/dev/shm, where an fsync costs
// nothing), and whose per-request records (the kiosk, spent nonces) are kept in memory
// (discardStore). The uplink's drain against it shows the uplink's own overhead, where
// the drain against a real gateway mostly measures the gateway's fsyncs. It runs in a
// process of its own (this test binary, started with discardGatewayFlag), like
// the real gateway, so that the uplink's heap and profiles are the uplink's alone.

// discardBlobs is a page store that keeps no byte: Put reads the page to the end,
// checks its size and SHA-256 (the PageBlobs contract) and remembers only its size.
type discardBlobs struct{ sizes sync.Map } // sha → int64

func (d *discardBlobs) Put(_ context.Context, sha string, size int64, r io.Reader) error {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("page %s: %d bytes, want %d: %w", sha, n, size, pagestore.ErrSize)
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		return fmt.Errorf("page %s: %w", sha, pagestore.ErrChecksum)
	}
	d.sizes.Store(sha, size)
	return nil
}

// Open: the bytes are gone (nothing in the bench reads a page back).
func (d *discardBlobs) Open(_ context.Context, sha string) (io.ReadCloser, error) {
	return nil, fmt.Errorf("page %s discarded: %w", sha, pagestore.ErrNotFound)
}

func (d *discardBlobs) Stat(_ context.Context, sha string) (int64, error) {
	if v, ok := d.sizes.Load(sha); ok {
		return v.(int64), nil
	}
	return 0, fmt.Errorf("page %s: %w", sha, pagestore.ErrNotFound)
}

func (d *discardBlobs) Delete(_ context.Context, sha string) error {
	d.sizes.Delete(sha)
	return nil
}

// discardStore is the discarding gateway's store: the real SQLite store, except for
// what every request writes or reads, kept in memory: the kiosk's record (read at each
// request's authentication) and the spent nonces (a write at each). Pages and claims
// stay in SQLite: a dossier names pages the store must know.
type discardStore struct {
	*gwstore.SQLite
	kiosk  gwstore.Kiosk
	mu     sync.Mutex
	nonces map[string]time.Time // kiosk id + nonce → when it expires
}

func (s *discardStore) Kiosk(ctx context.Context, id string) (gwstore.Kiosk, error) {
	if id == s.kiosk.ID {
		return s.kiosk, nil
	}
	return s.SQLite.Kiosk(ctx, id)
}

// UseNonce is the stores' contract (gwstore.ErrReplay for a nonce used before it
// expires), in memory.
func (s *discardStore) UseNonce(_ context.Context, kioskID, nonce string, now, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := kioskID + "\x00" + nonce
	if exp, ok := s.nonces[key]; ok && now.Before(exp) {
		return gwstore.ErrReplay
	}
	s.nonces[key] = expires
	return nil
}

// discardGatewayFlag makes the test binary the discarding gateway (TestMain): it is
// started as `BIN serve --addr ADDR --uplink-discard-gateway DIR KIOSK_ID SECRET`, the
// command line of gwtest.StartGateway.
const discardGatewayFlag = "--uplink-discard-gateway"

// discardGatewayArgs returns the address, directory and kiosk of a discarding gateway
// command line, ok false when args is not one.
func discardGatewayArgs(args []string) (addr, dir, id, secret string, ok bool) {
	i := slices.Index(args, discardGatewayFlag)
	if i < 0 || len(args) < i+4 {
		return "", "", "", "", false
	}
	addr = "127.0.0.1:0"
	if a := slices.Index(args, "--addr"); a >= 0 && a+1 < len(args) {
		addr = args[a+1]
	}
	return addr, args[i+1], args[i+2], args[i+3], true
}

// serveDiscardGateway is the discarding gateway process: its store under dir, the
// kiosk id with secret registered, then listening= and the API served on addr until
// SIGTERM.
func serveDiscardGateway(addr, dir, id, secret string) int {
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "discarding gateway:", err); return 2 }
	ctx := context.Background()
	st, err := gwstore.OpenSQLite(ctx, filepath.Join(dir, "gateway.db"), dir, gwstore.WithPages(&discardBlobs{}))
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	k := gwstore.Kiosk{ID: id, Name: "Nhà văn hóa ấp Thới Thuận (bench)", Commune: "Thới Lai", Secret: secret, CreatedAt: time.Now()}
	if err := st.AddKiosk(ctx, k); err != nil {
		return fail(err)
	}
	cat, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		return fail(err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})) // as `gateway serve`
	ds := &discardStore{SQLite: st, kiosk: k, nonces: map[string]time.Time{}}
	srv, err := gateway.New(gateway.Config{Store: ds, Catalog: cat, Logger: log})
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(err)
	}
	// The timeouts of `gateway serve` (cmd/gateway/cmd_serve.go).
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	if path := os.Getenv("UPLINK_DISCARD_GW_CPUPROFILE"); path != "" { // the gateway's side of a profile run
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	go hs.Serve(ln)
	fmt.Printf("listening=%s\n", ln.Addr())
	<-stop
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	return 0
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// startDiscardGateway starts a discarding gateway process (this test binary, through
// gwtest's launcher) and returns it as a testGateway (Store opens its database, for
// the test's checks: its pages have no bytes). Stopped with SIGTERM at cleanup.
func startDiscardGateway(t testing.TB) *testGateway {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "uplink-discard-gw-")
	if err != nil { // no tmpfs there: a disk directory (fsyncs then cost what they cost)
		dir = t.TempDir()
	} else {
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	g := &testGateway{ID: "k-" + randomHex(8), Secret: randomHex(32), db: filepath.Join(dir, "gateway.db"),
		data: filepath.Join(dir, "data"), logs: &gwtest.Buffer{}, t: t}
	t.Cleanup(func() { // runs after the gateway's stop
		if t.Failed() {
			t.Logf("discarding gateway log (tail):\n%s", tail(g.logs.String(), 3000))
		}
	})
	g.URL = gwtest.ServeGateway(t, os.Args[0], g.logs, discardGatewayFlag, dir, g.ID, g.Secret).URL
	return g
}
