package uplink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// ErrNoUpdate: the gateway publishes no build for this platform.
var ErrNoUpdate = errors.New("uplink: no build published")

// UpdateInfo asks which build the city publishes for this kiosk's platform
// (ErrNoUpdate when none). Other errors as for Sync.
func (u *Uplink) UpdateInfo(ctx context.Context) (wire.UpdateInfo, error) {
	var info wire.UpdateInfo
	cr, err := u.credentials(ctx)
	if err != nil {
		return info, err
	}
	a, err := u.call(ctx, cr, "update", http.MethodGet, wire.UpdatePathFor(runtime.GOOS, runtime.GOARCH), nil, "", "", nil)
	if err != nil {
		return info, err
	}
	if a.status == http.StatusNotFound {
		return info, ErrNoUpdate
	}
	if a.status != http.StatusOK {
		return info, fmt.Errorf("update: unexpected answer %d", a.status)
	}
	if err := json.Unmarshal(a.body, &info); err != nil || info.File == "" || info.Size <= 0 {
		return info, fmt.Errorf("update: unreadable answer: %v", err)
	}
	return info, nil
}

// DownloadBuild fetches a published build's bytes: at most info.Size bytes are
// read (a longer answer is cut there; the signature check refuses it). A short
// answer is returned as it is, for the caller's verification to name it truncated.
func (u *Uplink) DownloadBuild(ctx context.Context, info wire.UpdateInfo) ([]byte, error) {
	cr, err := u.credentials(ctx)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cr.base+wire.BuildPath(info.File), nil)
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	resp, err := u.http.GetClient().Do(req)
	if err != nil {
		return nil, &transientError{op: "update download", err: fmt.Errorf("%w: %w", ErrOffline, err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &transientError{op: "update download", status: resp.StatusCode, err: fmt.Errorf("HTTP %d", resp.StatusCode)}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, info.Size))
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// A connection cut mid-way leaves b short: returned for Verify to refuse as truncated.
	return b, nil
}
