package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

func sampleDossier(pages ...[]byte) store.NewDossier {
	nd := store.NewDossier{
		ProcedureCode: "1.001193",
		Applicant:     store.Applicant{Name: "Nguyễn Thị Hường", IDNumber: "092186001234", Sex: "Nữ"},
		Fields:        map[string]string{"ho_ten": "Trần Văn Bé", "noi_sinh": "Cần Thơ"},
	}
	for i, p := range pages {
		nd.Pages = append(nd.Pages, store.PageInput{DocumentID: "to-khai", Format: "jpeg", Width: 1654, Height: 2339 + i, Data: p})
	}
	return nd
}

func TestSaveDossierStoresPagesDurably(t *testing.T) {
	s := openStore(t, store.Options{})
	p1, p2 := bytes.Repeat([]byte{0xFF, 0xD8, 1}, 1000), bytes.Repeat([]byte{0xFF, 0xD8, 2}, 2000)
	d, err := s.SaveDossier(ctx(t), sampleDossier(p1, p2))
	if err != nil {
		t.Fatalf("SaveDossier: %v", err)
	}
	if len(d.ID) != 36 || len(d.ReceiptCode) != 9 || d.ReceiptCode[4] != '-' {
		t.Fatalf("bad ID %q or receipt code %q", d.ID, d.ReceiptCode)
	}
	got, err := s.Dossier(ctx(t), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ProcedureName != "Đăng ký khai sinh" || got.Applicant.Name != "Nguyễn Thị Hường" || got.Fields["noi_sinh"] != "Cần Thơ" || got.State != store.Queued {
		t.Fatalf("stored dossier differs: %+v", got)
	}
	for i, want := range [][]byte{p1, p2} {
		pg := got.Pages[i]
		data, err := os.ReadFile(pg.Path)
		if err != nil || !bytes.Equal(data, want) {
			t.Fatalf("page %d file differs: %v", i+1, err)
		}
		sum := sha256.Sum256(want)
		if pg.SHA256 != hex.EncodeToString(sum[:]) || pg.Size != int64(len(want)) || pg.Seq != i+1 {
			t.Fatalf("page %d metadata wrong: %+v", i+1, pg)
		}
	}
	// No temp files left behind.
	entries, _ := os.ReadDir(filepath.Dir(got.Pages[0].Path))
	if len(entries) != 2 {
		t.Fatalf("page dir holds %d entries, want 2", len(entries))
	}
}

func TestSaveDossierRefusesBadInput(t *testing.T) {
	s := openStore(t, store.Options{})
	nd := sampleDossier([]byte("x"))
	nd.ProcedureCode = "9.999999"
	if _, err := s.SaveDossier(ctx(t), nd); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown procedure: %v", err)
	}
	nd = sampleDossier(nil)
	if _, err := s.SaveDossier(ctx(t), nd); err == nil || !strings.Contains(err.Error(), "page 1 is empty") {
		t.Fatalf("empty page: %v", err)
	}
	nd = sampleDossier([]byte("x"))
	nd.Pages[0].Format = "tiff"
	if _, err := s.SaveDossier(ctx(t), nd); err == nil {
		t.Fatal("tiff accepted")
	}
	if ds, _ := s.ListDossiers(ctx(t)); len(ds) != 0 {
		t.Fatalf("a refused dossier was stored")
	}
	if entries, _ := os.ReadDir(s.PageDir()); len(entries) != 0 {
		t.Fatalf("a refused dossier left page files: %v", entries)
	}
}

func TestOutboxLifecycle(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	s := openStore(t, store.Options{Now: func() time.Time { return now }})
	a, _ := s.SaveDossier(ctx(t), sampleDossier([]byte("page-a")))
	b, _ := s.SaveDossier(ctx(t), sampleDossier([]byte("page-b")))

	due, err := s.DueDossiers(ctx(t), now, 10)
	if err != nil || len(due) != 2 || due[0].ID != a.ID || len(due[0].Pages) != 1 {
		t.Fatalf("due = %v, %v", due, err)
	}
	if err := s.MarkSending(ctx(t), a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRetry(ctx(t), a.ID, now.Add(time.Minute), store.FailSlow, "gateway timed out"); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueDossiers(ctx(t), now, 10)
	if len(due) != 1 || due[0].ID != b.ID {
		t.Fatalf("a is due before its retry time: %v", due)
	}
	due, _ = s.DueDossiers(ctx(t), now.Add(time.Minute), 10)
	if len(due) != 2 || due[0].Attempts != 1 || due[0].LastError != "gateway timed out" {
		t.Fatalf("after the retry time: %+v", due)
	}

	// Acceptance purges personal data and the page files, keeps the codes.
	pagePath := due[0].Pages[0].Path
	if err := s.MarkAccepted(ctx(t), a.ID, "000.00.21.H13-261127-0001", "received"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Dossier(ctx(t), a.ID)
	if got.State != store.Accepted || !got.Purged || got.Applicant.Name != "" || len(got.Fields) != 0 || got.Pages[0].Path != "" {
		t.Fatalf("accepted dossier not purged: %+v", got)
	}
	if _, err := os.Stat(pagePath); !os.IsNotExist(err) {
		t.Fatalf("page file still there: %v", err)
	}
	if found, err := s.FindDossier(ctx(t), "000.00.21.h13-261127-0001"); err != nil || found.ID != a.ID {
		t.Fatalf("find by official code: %v", err)
	}
	rc := strings.ToLower(strings.ReplaceAll(a.ReceiptCode, "-", " "))
	if found, err := s.FindDossier(ctx(t), rc); err != nil || found.ID != a.ID {
		t.Fatalf("find by receipt code typed as %q: %v", rc, err)
	}
	if _, err := s.FindDossier(ctx(t), "ZZZZ-ZZZZ"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown code: %v", err)
	}

	// Status pulls until the dossier is finished.
	if un, _ := s.Unfinished(ctx(t)); len(un) != 1 {
		t.Fatalf("unfinished = %d", len(un))
	}
	if err := s.SetRemoteStatus(ctx(t), a.ID, "", "done"); err != nil {
		t.Fatal(err)
	}
	if un, _ := s.Unfinished(ctx(t)); len(un) != 0 {
		t.Fatalf("done dossier still unfinished")
	}

	// Rejection, then staff retry, then delete.
	if err := s.MarkRejected(ctx(t), b.ID, store.FailInvalid, "Thủ tục không còn áp dụng"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSending(ctx(t), b.ID); !errors.Is(err, store.ErrBadState) {
		t.Fatalf("sending a rejected dossier: %v", err)
	}
	counts, _ := s.OutboxCounts(ctx(t))
	if counts[store.Accepted] != 1 || counts[store.Rejected] != 1 || counts[store.Queued] != 0 {
		t.Fatalf("counts = %v", counts)
	}
	if err := s.RetryNow(ctx(t), b.ID); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueDossiers(ctx(t), now, 10); len(due) != 1 || due[0].RejectReason != "" {
		t.Fatalf("retried dossier not due: %+v", due)
	}
	bPath := due[0].Pages[0].Path
	if err := s.DeleteDossier(ctx(t), b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bPath); !os.IsNotExist(err) {
		t.Fatalf("deleted dossier's page file remains")
	}
	if err := s.DeleteDossier(ctx(t), b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
}

func TestNormalizeReceiptCode(t *testing.T) {
	for in, want := range map[string]string{"k7q4m2px": "K7Q4-M2PX", " K7Q4 - M2PX ": "K7Q4-M2PX"} {
		if got, ok := store.NormalizeReceiptCode(in); !ok || got != want {
			t.Errorf("%q -> %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"K7Q4-M2P", "K7Q4-M2P0", "000.00.21.H13-261127-0001", ""} {
		if _, ok := store.NormalizeReceiptCode(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestOpenSweepsOrphanPageDirs(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	opts := store.Options{Now: func() time.Time { return now }}
	s, err := store.Open(ctx(t), filepath.Join(dir, "kiosk.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportCatalog(ctx(t), testCatalog()); err != nil {
		t.Fatal(err)
	}
	kept, _ := s.SaveDossier(ctx(t), sampleDossier([]byte("keep")))
	s.Close()
	orphan := filepath.Join(dir, "pages", "0000-orphan")
	os.MkdirAll(orphan, 0o700)
	os.WriteFile(filepath.Join(orphan, "001.jpg"), []byte("x"), 0o600)
	fresh := filepath.Join(dir, "pages", "0000-fresh")
	os.MkdirAll(fresh, 0o700)
	old := now.Add(-time.Hour)
	os.Chtimes(orphan, old, old)

	s, err = store.Open(ctx(t), filepath.Join(dir, "kiosk.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Fatalf("old orphan dir not swept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Fatalf("fresh dir (maybe being written) was swept")
	}
	if _, err := os.Stat(kept.Pages[0].Path); err != nil {
		t.Fatalf("a stored dossier's page was swept: %v", err)
	}
}
