package uplink

import (
	"bytes"
	"context"
	"io"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// A man in the middle who swaps a page upload for an oversized body used to get a
// signed 413 from the gateway (it answered before checking the signature), and the
// kiosk rejected the dossier for good. Now the gateway refuses the altered request as
// unauthenticated (unsigned 401), and the kiosk keeps the dossier to send again.
func TestTamperedUploadDoesNotRejectTheDossier(t *testing.T) {
	ctx := context.Background()
	g, clk, k := sqliteRig(t)
	d := k.saveDossiers(t, 11, 1, 1, 8<<10, false)

	target, _ := url.Parse(g.URL)
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(target)
		pr.Out.Host = target.Host
		switch r := pr.Out; {
		case r.Method == "PUT" && strings.Contains(r.URL.Path, "/pages/"):
			big := bytes.Repeat([]byte{0xff}, wire.MaxPageSize+1)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(big)), int64(len(big))
		case r.Method == "PATCH" && r.ContentLength > 0: // resumable uploads: same length, other bytes
			junk := bytes.Repeat([]byte{0x5a}, int(r.ContentLength))
			r.Body = io.NopCloser(bytes.NewReader(junk))
		}
	}}
	proxyURL := gwtest.Serve(t, rp)

	u := newUplink(t, k, g, proxyURL, clk)
	if _, err := u.Sync(ctx); err == nil {
		t.Fatal("sync through the tampering proxy succeeded")
	}
	if got := k.dossier(t, d[0].ID); got.State == store.Rejected || got.State == store.Accepted {
		t.Fatalf("dossier is %s after a tampered upload (reason %q)", got.State, got.RejectReason)
	}
	// Straight to the gateway, the same dossier goes through.
	u = newUplink(t, k, g, "", clk)
	clk.Add(24 * time.Hour)
	if rep, err := u.Sync(ctx); err != nil || rep.Accepted != 1 {
		t.Fatalf("direct sync: %+v %v", rep, err)
	}
}
