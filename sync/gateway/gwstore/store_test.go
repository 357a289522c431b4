package gwstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore/pagestoretest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// stores runs f against every storage setup: SQLite with page files, PostgreSQL with
// page bytes in PostgreSQL, and both with page bytes in an S3 bucket. open returns a
// new handle on the same storage (a second "process").
func stores(t *testing.T, f func(t *testing.T, open func() gwstore.Interface)) {
	sqlite := func(t *testing.T, opts func(t *testing.T) []gwstore.Option) {
		dir := t.TempDir()
		o := opts(t)
		f(t, func() gwstore.Interface { return gwtest.GatewayStore(t, filepath.Join(dir, "gw.db"), dir, o...) })
	}
	postgres := func(t *testing.T, opts func(t *testing.T) []gwstore.Option) {
		dsn := gwtest.PGDatabase(t, "gwstore")
		o := opts(t)
		f(t, func() gwstore.Interface { return gwtest.GatewayStore(t, dsn, "", o...) })
	}
	none := func(*testing.T) []gwstore.Option { return nil }
	t.Run("sqlite", func(t *testing.T) { sqlite(t, none) })
	t.Run("postgres", func(t *testing.T) { postgres(t, none) })
	t.Run("sqlite+s3", func(t *testing.T) { sqlite(t, s3Pages) })
	t.Run("postgres+s3", func(t *testing.T) { postgres(t, s3Pages) })
}

// s3Pages puts page bytes in a fresh bucket of the test S3 server.
func s3Pages(t *testing.T) []gwstore.Option {
	b, err := pagestore.NewS3(context.Background(), pagestoretest.S3Config(t))
	if err != nil {
		t.Fatal(err)
	}
	return []gwstore.Option{gwstore.WithPages(b)}
}

func hash(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

var day = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// addKiosk adds k (created on day) to s.
func addKiosk(t *testing.T, s gwstore.Interface, k gwstore.Kiosk) {
	t.Helper()
	k.CreatedAt = day
	if err := s.AddKiosk(context.Background(), k); err != nil {
		t.Fatal(err)
	}
}

// onBoth runs f(i, handle) for i from 0 to n-1 at once, the even ones on a and the odd
// ones on b (two processes on one database), and waits for them all.
func onBoth(n int, a, b gwstore.Interface, f func(i int, s gwstore.Interface)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			f(i, s)
		}()
	}
	wg.Wait()
}

func newDossier(kiosk, id string, pages ...[]byte) gwstore.NewDossier {
	d := wire.Dossier{ID: id, ReceiptCode: "R-" + id, ProcedureCode: "1.001193", Fields: map[string]string{"a": "b"},
		CreatedAt: day}
	for i, p := range pages {
		d.Pages = append(d.Pages, wire.PageRef{Seq: i + 1, DocumentID: "doc", SHA256: hash(p), Size: int64(len(p)), Format: "jpeg"})
	}
	body, _ := wire.Canonical(d)
	return gwstore.NewDossier{KioskID: kiosk, Dossier: d, Body: body, BodySHA256: hash(body),
		ReceivedAt: day.Add(9 * time.Hour), Day: day, Agency: wire.DefaultAgencyCode}
}

func TestStore(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		s := open()
		addKiosk(t, s, gwstore.Kiosk{ID: "k1", Name: "Nhà văn hóa An Bình", Commune: "An Bình", Secret: "s1"})
		if err := s.AddKiosk(ctx, gwstore.Kiosk{ID: "k2", Name: "Nhà văn hóa An Bình", Secret: "s2", CreatedAt: day}); !errors.Is(err, gwstore.ErrDuplicateName) {
			t.Fatalf("duplicate name: %v", err)
		}
		if k, err := s.Kiosk(ctx, "k1"); err != nil || k.Secret != "s1" || k.Commune != "An Bình" {
			t.Fatalf("kiosk = %+v, %v", k, err)
		}
		if _, err := s.Kiosk(ctx, "nope"); !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatalf("unknown kiosk: %v", err)
		}

		page := []byte("page-one-bytes")
		if _, _, err := s.SubmitDossier(ctx, newDossier("k1", "d1", page)); !errors.Is(err, gwstore.ErrPagesMissing) {
			t.Fatalf("pages missing: %v", err)
		} else if pm := new(gwstore.PagesMissingError); !errors.As(err, &pm) || len(pm.Missing) != 1 || pm.Missing[0] != hash(page) {
			t.Fatalf("missing list: %v", err)
		}
		if created, err := s.PutPage(ctx, hash(page), page); err != nil || !created {
			t.Fatalf("put page: %v %v", created, err)
		}
		if created, err := s.PutPage(ctx, hash(page), page); err != nil || created {
			t.Fatalf("put page again: %v %v", created, err)
		}
		if b, err := s.Page(ctx, hash(page)); err != nil || string(b) != string(page) {
			t.Fatalf("page = %q, %v", b, err)
		}
		d, created, err := s.SubmitDossier(ctx, newDossier("k1", "d1", page))
		if err != nil || !created || d.OfficialCode != "000.00.21.H13-261127-0001" || d.Status != wire.StatusReceived {
			t.Fatalf("submit: %+v %v %v", d, created, err)
		}
		again, created, err := s.SubmitDossier(ctx, newDossier("k1", "d1", page))
		if err != nil || created || again.OfficialCode != d.OfficialCode || !again.ReceivedAt.Equal(d.ReceivedAt) {
			t.Fatalf("resubmit: %+v %v %v", again, created, err)
		}
		other := newDossier("k1", "d1", page)
		other.BodySHA256 = "different"
		if _, _, err := s.SubmitDossier(ctx, other); !errors.Is(err, gwstore.ErrConflict) {
			t.Fatalf("conflict: %v", err)
		}

		// Status moves, visible by id and code, with history.
		if _, err := s.SetStatus(ctx, d.OfficialCode, string(wire.StatusDone), "", day.Add(10*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStatus(ctx, "d1", string(wire.StatusProcessing), "", day); !errors.Is(err, gwstore.ErrTransition) {
			t.Fatalf("done → processing: %v", err)
		}
		if got, err := s.DossierByCode(ctx, "k1", "R-d1"); err != nil || got.Status != wire.StatusDone {
			t.Fatalf("by receipt code: %+v %v", got, err)
		}
		if _, err := s.DossierByCode(ctx, "k2", d.OfficialCode); !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatalf("another kiosk's code: %v", err)
		}
		if h, err := s.History(ctx, "d1"); err != nil || len(h) != 2 || h[1].Status != wire.StatusDone {
			t.Fatalf("history: %+v %v", h, err)
		}

		// Usage replaces.
		u := gwstore.UsageDay{KioskID: "k1", Day: "2026-11-27", Usage: wire.Usage{Sessions: 5, DossiersStarted: 4, DossiersSubmitted: 2,
			Ratings: [5]int{0, 0, 1, 0, 2}, ProcedureViews: map[string]int{"1.001193": 3}}, UpdatedAt: day}
		for i := 0; i < 2; i++ {
			if err := s.PutUsage(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		u.Usage.Sessions, u.Usage.DossiersStarted = 7, 6
		if err := s.PutUsage(ctx, u); err != nil {
			t.Fatal(err)
		}
		got, err := s.Usage(ctx, gwstore.UsageFilter{Commune: "An Bình"})
		if err != nil || len(got) != 1 || got[0].Usage.Sessions != 7 || got[0].Usage.DossiersStarted != 6 || got[0].Usage.DossiersSubmitted != 2 ||
			got[0].Usage.Ratings[4] != 2 || got[0].Usage.ProcedureViews["1.001193"] != 3 {
			t.Fatalf("usage: %+v %v", got, err)
		}
	})
}

// Concurrent submissions through several handles (processes): duplicates of one id
// give one row and one code; distinct ids get distinct, gapless codes.
func TestStoreConcurrentSubmissions(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		a, b := open(), open()
		addKiosk(t, a, gwstore.Kiosk{ID: "k1", Name: "k1", Secret: "s"})
		const n = 20
		codes := make([]string, 3*n)
		errs := make([]error, 3*n)
		onBoth(3*n, a, b, func(i int, s gwstore.Interface) {
			d, _, err := s.SubmitDossier(ctx, newDossier("k1", fmt.Sprintf("d%02d", i%n)))
			codes[i], errs[i] = d.OfficialCode, err
		})
		seen := map[string]string{}
		for i := range codes {
			if errs[i] != nil {
				t.Fatalf("submit %d: %v", i, errs[i])
			}
			id := fmt.Sprintf("d%02d", i%n)
			if prev, ok := seen[id]; ok && prev != codes[i] {
				t.Fatalf("%s got two codes: %s and %s", id, prev, codes[i])
			}
			seen[id] = codes[i]
		}
		all, err := a.Dossiers(ctx, gwstore.DossierFilter{})
		if err != nil || len(all) != n {
			t.Fatalf("%d dossiers stored, want %d (%v)", len(all), n, err)
		}
		want := map[string]bool{}
		for i := 1; i <= n; i++ {
			want[wire.FormatOfficialCode(wire.DefaultAgencyCode, day, i)] = true
		}
		for _, d := range all {
			if !want[d.OfficialCode] {
				t.Fatalf("unexpected or duplicate code %s", d.OfficialCode)
			}
			delete(want, d.OfficialCode)
		}
	})
}

// A crash leaves temporary page files; opening the store removes the old ones only.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	s, err := gwstore.OpenSQLite(context.Background(), filepath.Join(dir, "gw.db"), dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	tmp := filepath.Join(dir, "pages", "tmp")
	old, fresh := filepath.Join(tmp, "old-1"), filepath.Join(tmp, "fresh-1")
	os.WriteFile(old, []byte("x"), 0o600)
	os.WriteFile(fresh, []byte("x"), 0o600)
	past := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, past, past)
	s, err = gwstore.OpenSQLite(context.Background(), filepath.Join(dir, "gw.db"), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("old temp file kept: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temp file removed: %v", err)
	}
}
