package uplink

import (
	"context"
	"os"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// A page file whose bytes changed on the kiosk (same size, other bytes) is a local
// problem, found although a whole page is declared by its recorded hash without reading
// the file first: the gateway refuses the bytes (hash mismatch), the kiosk hashes its
// file and marks the dossier waiting with a local page problem, never rejected; the
// gateway keeps nothing of it; the other dossiers go up. Restored, the file goes up.
func TestDamagedPageFileIsALocalError(t *testing.T) {
	ctx := context.Background()
	g, clk, k := sqliteRig(t)
	saved := k.saveDossiers(t, 91, 3, 2, 40<<10, false)
	bad := saved[1].Pages[0]
	good, err := os.ReadFile(bad.Path)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), good...)
	damaged[len(damaged)/2] ^= 0xff
	if err := os.WriteFile(bad.Path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	u := newUplink(t, k, g, "", clk)
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != 2 || rep.Rejected != 0 || rep.LocalErrors != 1 {
		t.Fatalf("sync with a damaged page file: %+v, %v", rep, err)
	}
	got := k.dossier(t, saved[1].ID)
	if got.State != store.Queued || got.Failure != store.FailLocalPage || got.RejectReason != "" {
		t.Errorf("dossier with a damaged page: state %s, failure %q, reject reason %q", got.State, got.Failure, got.RejectReason)
	}
	if has, err := g.Store().HasPage(ctx, bad.SHA256); err != nil || has {
		t.Errorf("the gateway holds the damaged page: %v, %v", has, err)
	}
	if _, err := g.Store().DossierByID(ctx, saved[1].ID); err == nil {
		t.Errorf("the gateway holds the dossier of the damaged page")
	}

	if err := os.WriteFile(bad.Path, good, 0o600); err != nil {
		t.Fatal(err)
	}
	clk.Add(24 * 3600e9) // past the local problem's backoff
	if rep, err := u.Sync(ctx); err != nil || rep.Accepted != 1 {
		t.Fatalf("sync with the file restored: %+v, %v", rep, err)
	}
	g.checkExactlyOnce(t, k)
}
