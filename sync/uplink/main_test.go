package uplink

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// TestMain doubles as the kiosk sync process of the kill test: with UPLINK_TEST_CHILD=1
// the test binary runs childSync instead of the tests; with discardGatewayFlag on its
// command line, the bench's discarding gateway (discardgw_test.go). The gateway binary is built
// once, by the first test that needs it (fuzz workers never do), and removed at the end.
func TestMain(m *testing.M) {
	if os.Getenv("UPLINK_TEST_CHILD") == "1" {
		os.Exit(childSync())
	}
	if addr, dir, id, secret, ok := discardGatewayArgs(os.Args); ok {
		os.Exit(serveDiscardGateway(addr, dir, id, secret))
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// childSync opens the store at UPLINK_CHILD_DATA and syncs until the outbox is empty,
// like `kiosk sync` with fast backoffs. Exit 0 when drained, 3 on 401, 4 on timeout.
func childSync() int {
	dir := os.Getenv("UPLINK_CHILD_DATA")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{PageDir: filepath.Join(dir, "pages")})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	defer st.Close()
	u, err := New(st, Config{
		Timeout: 2 * time.Second, Retries: 1, RetryWait: 5 * time.Millisecond,
		Backoff: Backoff{Min: 5 * time.Millisecond, Max: 50 * time.Millisecond},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	for ctx.Err() == nil {
		rep, err := u.Sync(ctx)
		if errors.Is(err, ErrUnauthorized) {
			return 3
		}
		if err == nil && rep.Remaining == 0 {
			return 0
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 4
}
