package gwtest

import (
	"context"
	"os"
	"testing"
	"time"
)

// PGAdminDSN returns the PostgreSQL server of the tests (KIOSK_TEST_PG_DSN, which
// scripts/test.sh sets after starting one). When it is not set the test is skipped, or
// fails under KIOSK_TEST_REQUIRE_ALL=1 (CI), so that a suite that should have run on
// PostgreSQL never passes without it.
func PGAdminDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("KIOSK_TEST_PG_DSN")
	if dsn == "" {
		Unavailable(t, "KIOSK_TEST_PG_DSN is not set (scripts/test.sh starts a PostgreSQL server)",
			"KIOSK_TEST_PG_DSN not set: PostgreSQL skipped")
	}
	return dsn
}

// Unavailable ends a test that needs a part the machine lacks (a server, a program,
// a library): skipped with skip, or failed with fatal under KIOSK_TEST_REQUIRE_ALL=1
// (CI, where scripts/deps.sh installs everything), so that a suite never passes
// there without the parts it claims to test.
func Unavailable(t testing.TB, fatal, skip string) {
	t.Helper()
	if os.Getenv("KIOSK_TEST_REQUIRE_ALL") == "1" {
		t.Fatal(fatal)
	}
	t.Skip(skip)
}

// PGDatabase creates a fresh database on the tests' PostgreSQL server (PGAdminDSN:
// skipped or failed when there is none), dropped at the test's cleanup, and returns
// its DSN.
func PGDatabase(t testing.TB, prefix string) string {
	t.Helper()
	admin := PGAdminDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn, drop, err := NewPGDatabase(ctx, admin, prefix)
	if err != nil {
		t.Fatalf("postgres test database: %v", err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Logf("dropping the test database: %v", err)
		}
	})
	return dsn
}
