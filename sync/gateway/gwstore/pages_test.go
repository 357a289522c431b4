package gwstore_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore/pagestoretest"
)

// The page-store contract holds for where each setup keeps page bytes (the data
// directory, PostgreSQL's page_bytes table, an S3 bucket).
func TestPageBlobsContract(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		pagestoretest.Run(t, open().Pages())
	})
}

// Erasing a page (retention, a resident's request) removes its bytes from where they
// live, and refuses while a dossier still refers to it.
func TestDeletePage(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		s := open()
		addKiosk(t, s, gwstore.Kiosk{ID: "k1", Name: "k1", Secret: "s"})
		kept, loose := []byte("trang của hồ sơ"), []byte("trang không thuộc hồ sơ nào")
		for _, p := range [][]byte{kept, loose} {
			if _, err := s.PutPage(ctx, hash(p), p); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := s.SubmitDossier(ctx, newDossier("k1", "d1", kept)); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePage(ctx, hash(kept)); !errors.Is(err, gwstore.ErrPageInUse) {
			t.Fatalf("delete a referenced page: %v, want ErrPageInUse", err)
		}
		if b, err := s.Page(ctx, hash(kept)); err != nil || !bytes.Equal(b, kept) {
			t.Fatalf("referenced page after a refused delete: %q, %v", b, err)
		}
		if err := s.DeletePage(ctx, hash(loose)); err != nil {
			t.Fatal(err)
		}
		if has, err := s.HasPage(ctx, hash(loose)); err != nil || has {
			t.Fatalf("deleted page still listed: %v %v", has, err)
		}
		if _, err := s.Page(ctx, hash(loose)); !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatalf("deleted page read: %v", err)
		}
		if _, err := open().Pages().Stat(ctx, hash(loose)); !errors.Is(err, pagestore.ErrNotFound) {
			t.Fatalf("deleted page's bytes: %v, want gone", err)
		}
		if err := s.DeletePage(ctx, hash(loose)); err != nil {
			t.Fatalf("delete twice: %v", err)
		}
	})
}

// A deleted page is gone from the bucket itself, as an S3 client listing it sees.
func TestDeletePageLeavesTheBucket(t *testing.T) {
	ctx := context.Background()
	cfg := pagestoretest.S3Config(t)
	b, err := pagestore.NewS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s, err := gwstore.Open(ctx, filepath.Join(dir, "gw.db"), dir, gwstore.WithPages(b))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p1, p2 := []byte("giấy khai sinh, trang 1"), []byte("giấy khai sinh, trang 2")
	for _, p := range [][]byte{p1, p2} {
		if _, err := s.PutPage(ctx, hash(p), p); err != nil {
			t.Fatal(err)
		}
	}
	key := func(p []byte) string { return "pages/" + hash(p)[:2] + "/" + hash(p) }
	want := []string{key(p1), key(p2)}
	slices.Sort(want)
	if got := pagestoretest.Keys(t, cfg); !slices.Equal(got, want) {
		t.Fatalf("bucket holds %q, want %q", got, want)
	}
	if err := s.DeletePage(ctx, hash(p1)); err != nil {
		t.Fatal(err)
	}
	if got := pagestoretest.Keys(t, cfg); !slices.Equal(got, []string{key(p2)}) {
		t.Fatalf("after deleting page 1 the bucket holds %q", got)
	}
	// Nothing of the page stayed on the gateway's own disk either.
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(path) == hash(p1) {
			t.Errorf("page file on the gateway's disk: %s", path)
		}
		return nil
	})
}
