package store_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// A database that cannot grow (max_page_count) refuses the save with ErrDiskFull and
// keeps every earlier dossier.
func TestFullDatabaseRefusesSaveKeepsData(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	s, err := store.Open(ctx(t), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportCatalog(ctx(t), testCatalog()); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = store.Open(ctx(t), path, store.Options{MaxPageCount: 120})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var kept []*store.Dossier
	var fullErr error
	for i := 0; i < 200 && fullErr == nil; i++ {
		nd := sampleDossier([]byte("page"))
		nd.Fields["ghi_chu"] = strings.Repeat("Ghi chú dài. ", 1500)
		d, err := s.SaveDossier(ctx(t), nd)
		if err != nil {
			fullErr = err
			break
		}
		kept = append(kept, d)
	}
	if !errors.Is(fullErr, store.ErrDiskFull) {
		t.Fatalf("want ErrDiskFull once the database is full, got %v after %d saves", fullErr, len(kept))
	}
	if len(kept) == 0 {
		t.Fatal("the cap was too small to save anything: the test proves nothing")
	}
	if err := s.IntegrityCheck(ctx(t)); err != nil {
		t.Fatal(err)
	}
	for _, d := range kept {
		got, err := s.Dossier(ctx(t), d.ID)
		if err != nil || got.Fields["ghi_chu"] != d.Fields["ghi_chu"] {
			t.Fatalf("earlier dossier damaged: %v", err)
		}
		if _, err := os.Stat(got.Pages[0].Path); err != nil {
			t.Fatalf("earlier dossier's page lost: %v", err)
		}
	}
	// The refused save left no page directory behind.
	entries, _ := os.ReadDir(s.PageDir())
	if len(entries) != len(kept) {
		t.Fatalf("%d page dirs for %d dossiers", len(entries), len(kept))
	}
}

// Page files on a full filesystem: a real small tmpfs (needs root to mount).
func TestFullPageDiskRefusesSaveKeepsData(t *testing.T) {
	mnt := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).Run(); err != nil {
		if os.Getenv("KIOSK_TEST_REQUIRE_ALL") != "" && os.Geteuid() == 0 {
			t.Fatalf("cannot mount a small tmpfs: %v", err)
		}
		t.Skipf("cannot mount a small tmpfs: %v", err)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	s := openStore(t, store.Options{PageDir: mnt})
	first, err := s.SaveDossier(ctx(t), sampleDossier(bytes.Repeat([]byte("a"), 300<<10)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.SaveDossier(ctx(t), sampleDossier(bytes.Repeat([]byte("b"), 400<<10), bytes.Repeat([]byte("c"), 400<<10)))
	if !errors.Is(err, store.ErrDiskFull) {
		t.Fatalf("want ErrDiskFull, got %v", err)
	}
	if ds, _ := s.ListDossiers(ctx(t)); len(ds) != 1 {
		t.Fatalf("%d dossiers stored, want only the first", len(ds))
	}
	data, err := os.ReadFile(first.Pages[0].Path)
	if err != nil || len(data) != 300<<10 {
		t.Fatalf("first dossier's page damaged: %v", err)
	}
	if entries, _ := os.ReadDir(mnt); len(entries) != 1 {
		t.Fatalf("refused save left files: %v", entries)
	}
	// Space freed: saving works again.
	if _, err := s.SaveDossier(ctx(t), sampleDossier([]byte("small"))); err != nil {
		t.Fatalf("save after the failure: %v", err)
	}
}
