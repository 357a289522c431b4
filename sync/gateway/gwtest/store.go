package gwtest

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// KioskStore opens a kiosk store (dir/kiosk.db; page files under dir/pages unless
// opts says otherwise), closed at the test's cleanup, with the catalog of catalogFile
// imported when it is not "".
func KioskStore(t testing.TB, dir string, opts store.Options, catalogFile string) *store.Store {
	t.Helper()
	ctx := context.Background()
	if opts.PageDir == "" {
		opts.PageDir = filepath.Join(dir, "pages")
	}
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if catalogFile == "" {
		return st
	}
	raw, err := os.ReadFile(catalogFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(raw)
	if err != nil {
		t.Fatalf("parse test catalog: %v", err)
	}
	if err := st.ImportCatalog(ctx, c); err != nil {
		t.Fatalf("import catalog: %v", err)
	}
	return st
}

// Serve serves h on a loopback port until the test's cleanup and returns its base URL
// (http://127.0.0.1:PORT): a gateway, or a fault, on a real socket.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String()
}
