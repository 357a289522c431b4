package gateway_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// openSQLite is a fresh SQLite gateway store in a temporary directory, closed at
// cleanup, holding kiosks (created now when their CreatedAt is zero).
func openSQLite(t testing.TB, kiosks ...gwstore.Kiosk) *gwstore.SQLite {
	t.Helper()
	st := gwtest.SQLiteGatewayStore(t)
	addKiosks(t, st, kiosks...)
	return st
}

// addKiosks adds kiosks to st (created now when their CreatedAt is zero).
func addKiosks(t testing.TB, st gwstore.Interface, kiosks ...gwstore.Kiosk) {
	t.Helper()
	for _, k := range kiosks {
		if k.CreatedAt.IsZero() {
			k.CreatedAt = time.Now()
		}
		if err := st.AddKiosk(context.Background(), k); err != nil {
			t.Fatal(err)
		}
	}
}

// gatewayCatalog is the gateway command's test catalog.
func gatewayCatalog(t testing.TB) []byte {
	t.Helper()
	cat, err := os.ReadFile("../../cmd/gateway/testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
