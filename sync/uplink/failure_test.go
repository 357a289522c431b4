package uplink

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestFailureOf sorts each failure the uplink produces by its type, not its words: the
// texts below would have fooled the old substring match ("eof", "http 5", "dial").
func TestFailureOf(t *testing.T) {
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: &net.DNSError{Err: "i/o timeout", IsTimeout: true}}
	for _, c := range []struct {
		err  error
		want store.Failure
	}{
		{nil, store.FailNone},
		{&transientError{op: "dossier", err: fmt.Errorf("%w: %w", ErrOffline, errors.New("dial tcp: connect: connection refused"))}, store.FailOffline},
		{&transientError{op: "page", err: fmt.Errorf("%w: %w", ErrOffline, timeout)}, store.FailSlow},
		{&transientError{op: "page", status: 200, err: fmt.Errorf("%w (text/html)", ErrNotGateway)}, store.FailPortal},
		{&transientError{op: "page", status: 503, err: errors.New("eof while dialing")}, store.FailServer},
		{&transientError{op: "page", status: 429, err: errors.New("http 5xx")}, store.FailBusy},
		{fmt.Errorf("dossier: %w", ErrUnauthorized), store.FailAuth},
		{ErrNotConfigured, store.FailNotConfigured},
		{&refusal{op: "dossier", status: 422, code: wire.CodeInvalid, message: "Hồ sơ không hợp lệ: dial eof."}, store.FailInvalid},
		{&refusal{op: "dossier", status: 409, code: wire.CodeConflict}, store.FailRefused},
		{&transientError{op: "page", err: fmt.Errorf("%w: eof", ErrStalled)}, store.FailSlow},
		{fmt.Errorf("dossier: %w", &pageLostError{op: "page 2", path: "pages/x/2.jpg", err: errors.New("no such file")}), store.FailLocalPage},
		{&refusal{op: "page", status: 422, code: wire.CodeHashMismatch}, store.FailLocalPage},
		{context.DeadlineExceeded, store.FailSlow},
		{errors.New("http 500 eof dial"), store.FailOther},
	} {
		if got := failureOf(c.err); got != c.want {
			t.Errorf("failureOf(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
