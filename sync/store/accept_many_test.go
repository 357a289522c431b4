package store_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// MarkAcceptedMany records each acceptance as MarkAccepted does (row purged, codes
// kept, page files shredded), and is all or nothing in the database: one dossier in
// another state leaves every one as it was, files included.
func TestMarkAcceptedMany(t *testing.T) {
	s := openStore(t, store.Options{})
	var ds []*store.Dossier
	for _, page := range []string{"page-a", "page-b", "page-c"} {
		d, err := s.SaveDossier(ctx(t), sampleDossier([]byte(page), []byte(page+"-2")))
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	if err := s.MarkRejected(ctx(t), ds[2].ID, store.FailInvalid, "Thủ tục không còn áp dụng"); err != nil {
		t.Fatal(err)
	}
	all := []store.Acceptance{
		{ID: ds[0].ID, OfficialCode: "000.00.21.H13-261201-0001", Status: "received"},
		{ID: ds[1].ID, OfficialCode: "000.00.21.H13-261201-0002", Status: "received"},
		{ID: ds[2].ID, OfficialCode: "000.00.21.H13-261201-0003", Status: "received"},
	}
	if err := s.MarkAcceptedMany(ctx(t), all); !errors.Is(err, store.ErrBadState) {
		t.Fatalf("a rejected dossier among them: %v, want ErrBadState", err)
	}
	for _, d := range ds[:2] {
		got, _ := s.Dossier(ctx(t), d.ID)
		if got.State != store.Queued || got.Purged || got.OfficialCode != "" {
			t.Errorf("dossier %s changed by a failed MarkAcceptedMany: %+v", d.ID, got)
		}
		for _, p := range d.Pages {
			if _, err := os.Stat(p.Path); err != nil {
				t.Errorf("page file of %s gone after a failed MarkAcceptedMany: %v", d.ID, err)
			}
		}
	}

	if err := s.MarkAcceptedMany(ctx(t), all[:2]); err != nil {
		t.Fatal(err)
	}
	for i, d := range ds[:2] {
		got, _ := s.Dossier(ctx(t), d.ID)
		if got.State != store.Accepted || !got.Purged || got.Applicant.Name != "" || len(got.Fields) != 0 ||
			got.OfficialCode != all[i].OfficialCode || got.Pages[0].Path != "" {
			t.Errorf("accepted dossier %s: %+v", d.ID, got)
		}
		for _, p := range d.Pages {
			if _, err := os.Stat(p.Path); !os.IsNotExist(err) {
				t.Errorf("page file of %s still there: %v", d.ID, err)
			}
		}
	}
	// Recorded again (an acknowledgement resent after a crash): the same outcome.
	if err := s.MarkAcceptedMany(ctx(t), all[:2]); err != nil {
		t.Fatalf("recording the acceptances again: %v", err)
	}
}

// MarkAcceptedMany's page files leave their paths before it returns and are overwritten
// with zeros in the background (a hard link made beforehand sees the inode's bytes);
// Close waits for that. What a crash left to shred (in the shredding directory, or the
// directory of a purged dossier back in the page directory) is shredded at the next Open.
func TestAcceptedPagesShreddedInTheBackground(t *testing.T) {
	dir := t.TempDir()
	opts := store.Options{PageDir: filepath.Join(dir, "pages")}
	s, err := store.Open(ctx(t), filepath.Join(dir, "kiosk.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportCatalog(ctx(t), testCatalog()); err != nil {
		t.Fatal(err)
	}
	var acc []store.Acceptance
	var links []string
	for i, page := range []string{"page-a", "page-b"} {
		d, err := s.SaveDossier(ctx(t), sampleDossier([]byte(page), []byte(page+"-2")))
		if err != nil {
			t.Fatal(err)
		}
		acc = append(acc, store.Acceptance{ID: d.ID, OfficialCode: fmt.Sprintf("000.00.21.H13-261201-%04d", i+1), Status: "received"})
		for j, p := range d.Pages {
			l := filepath.Join(dir, fmt.Sprintf("link-%d-%d", i, j))
			if err := os.Link(p.Path, l); err != nil {
				t.Fatal(err)
			}
			links = append(links, l)
		}
		t.Cleanup(func() {
			for _, p := range d.Pages {
				if _, err := os.Stat(p.Path); !os.IsNotExist(err) {
					t.Errorf("page file %s still there: %v", p.Path, err)
				}
			}
		})
	}
	if err := s.MarkAcceptedMany(ctx(t), acc); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(opts.PageDir); len(entries) != 0 {
		t.Errorf("page directory after MarkAcceptedMany: %d entries, want none", len(entries))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	zeroed := func(when string) {
		t.Helper()
		for _, l := range links {
			b, err := os.ReadFile(l)
			if err != nil || len(b) == 0 || strings.Trim(string(b), "\x00") != "" {
				t.Errorf("%s: %s holds %q (%v), want zeros", when, l, b, err)
			}
		}
	}
	zeroed("after Close")
	if _, err := os.Stat(opts.PageDir + ".shredding"); !os.IsNotExist(err) {
		t.Errorf("shredding directory left after Close: %v", err)
	}

	// A crash left a directory in the shredding directory and an accepted dossier's
	// directory back in the page directory (its rename undone).
	links = links[:0]
	for i, at := range []string{filepath.Join(opts.PageDir+".shredding", "left"), filepath.Join(opts.PageDir, acc[0].ID)} {
		if err := os.MkdirAll(at, 0o700); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(at, "1.jpg")
		if err := os.WriteFile(f, []byte("scan of a birth certificate"), 0o600); err != nil {
			t.Fatal(err)
		}
		l := filepath.Join(dir, fmt.Sprintf("left-%d", i))
		if err := os.Link(f, l); err != nil {
			t.Fatal(err)
		}
		links = append(links, l)
	}
	s, err = store.Open(ctx(t), filepath.Join(dir, "kiosk.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	zeroed("after a restart")
	for _, gone := range []string{opts.PageDir + ".shredding", filepath.Join(opts.PageDir, acc[0].ID)} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s after a restart: %v, want gone", gone, err)
		}
	}
}
