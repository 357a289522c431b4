package main

// Integration tests: the real gateway binary, built once in TestMain, on loopback,
// once on SQLite and once on the PostgreSQL server at KIOSK_TEST_PG_DSN.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore/pagestoretest"
)

var gatewayBin string

func TestMain(m *testing.M) {
	if os.Getenv("GATEWAY_TEST_KIOSK_CHILD") == "1" {
		os.Exit(childKioskSync()) // the kiosk process of TestKioskKilledDuringSyncPostgresS3
	}
	dir, err := os.MkdirTemp("", "gateway-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	gatewayBin, err = gwtest.BuildGateway(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// backend is one storage setup: the --db and --data the processes share, and the
// S3 bucket of the page bytes when s3 is set.
type backend struct {
	name string
	db   string
	data string
	s3   *pagestore.S3Config
	cred string // AWS shared credentials file for the S3 bucket
}

func (b backend) args() []string {
	a := []string{"--db", b.db, "--data", b.data}
	if b.s3 != nil {
		a = append(a, "--pages", "s3", "--s3-endpoint", b.s3.Endpoint, "--s3-bucket", b.s3.Bucket,
			"--s3-prefix", b.s3.Prefix, "--s3-insecure", "--s3-credentials", b.cred)
	}
	return a
}

// open opens the same storage in the test process, to check what was stored.
func (b backend) open(t *testing.T) gwstore.Interface {
	t.Helper()
	var opts []gwstore.Option
	if b.s3 != nil {
		p, err := pagestore.NewS3(context.Background(), *b.s3)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, gwstore.WithPages(p))
	}
	s, err := gwstore.Open(context.Background(), b.db, b.data, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// eachBackend runs f on a fresh SQLite setup, a fresh PostgreSQL database, and a
// fresh PostgreSQL database with page bytes in a fresh S3 bucket.
func eachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		f(t, backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir})
	})
	t.Run("postgres", func(t *testing.T) { f(t, pgBackend(t)) })
	t.Run("postgres+s3", func(t *testing.T) { f(t, withS3(t, pgBackend(t))) })
}

// withS3 puts b's page bytes in a fresh bucket of the test S3 server; the gateway
// processes read its keys from a credentials file.
func withS3(t *testing.T, b backend) backend {
	t.Helper()
	cfg := pagestoretest.S3Config(t)
	b.name += "+s3"
	b.s3 = &cfg
	b.cred = filepath.Join(t.TempDir(), "s3-credentials")
	if err := os.WriteFile(b.cred, []byte("[default]\naws_access_key_id = "+cfg.AccessKey+"\naws_secret_access_key = "+cfg.SecretKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return b
}

func pgBackend(t *testing.T) backend {
	t.Helper()
	dsn := gwtest.PGDatabase(t, "gwtest")
	return backend{name: "postgres", db: dsn, data: t.TempDir()}
}

// cli runs a gateway command and returns its stdout; it fails the test on error.
func cli(t *testing.T, b backend, args ...string) string {
	t.Helper()
	out, errOut, err := cliErr(b, args...)
	if err != nil {
		t.Fatalf("gateway %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

func cliErr(b backend, args ...string) (stdout, stderr string, err error) {
	return gwtest.RunGateway(gatewayBin, "", append(args, b.args()...)...)
}

// addKiosk registers a kiosk and returns its id and secret.
func addKiosk(t *testing.T, b backend, name string) (id, secret string) {
	t.Helper()
	return gwtest.KioskCredentials(t, cli(t, b, "kiosk", "add", name, "--commune", "Thới Lai"))
}

// proc is a running gateway process.
type proc struct{ *gwtest.Gateway }

// startGateway starts `gateway serve` on a free loopback port and waits for its
// listening= line. The process is stopped (SIGTERM, then SIGKILL) at cleanup.
func startGateway(t *testing.T, b backend, extra ...string) *proc {
	t.Helper()
	p, err := startGatewayErr(t, b, extra...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// startGatewayErr is startGateway for goroutines other than the test's: it returns
// the error instead of failing the test.
func startGatewayErr(t *testing.T, b backend, extra ...string) (*proc, error) {
	args := append([]string{"--log-level", "debug"}, b.args()...)
	if !slices.Contains(extra, "--catalog") {
		args = append(args, "--catalog", "testdata/catalog.json")
	}
	g, err := gwtest.StartGateway(context.Background(), gatewayBin, nil, append(args, extra...)...)
	if err != nil {
		return nil, err
	}
	g.StopAtCleanup(t)
	return &proc{g}, nil
}

func (p *proc) client(id, secret string) *gwtest.Client {
	return &gwtest.Client{BaseURL: p.URL, ID: id, Secret: secret}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
