package gwtest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// GatewayStore opens the gateway store at dsn (gwstore.Open: a PostgreSQL URL, such as
// PGDatabase's, or a SQLite file whose pages go under dataDir), closed at the test's
// cleanup (before a PGDatabase made earlier in the test is dropped).
func GatewayStore(t testing.TB, dsn, dataDir string, opts ...gwstore.Option) gwstore.Interface {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := gwstore.Open(ctx, dsn, dataDir, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// SQLiteGatewayStore is a fresh SQLite gateway store in a temporary directory.
func SQLiteGatewayStore(t testing.TB, opts ...gwstore.Option) *gwstore.SQLite {
	t.Helper()
	dir := t.TempDir()
	return GatewayStore(t, filepath.Join(dir, "gw.db"), dir, opts...).(*gwstore.SQLite)
}
