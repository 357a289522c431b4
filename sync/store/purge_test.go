package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// A purged resident's name and CCCD number must not be readable in kiosk.db or its WAL
// (`strings kiosk.db` found 8 of 8 synced residents): neither while the kiosk runs nor
// after it stops. The files are owner-only.
func TestPurgedResidentNotInDatabaseFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportCatalog(ctx, testCatalog()); err != nil {
		t.Fatal(err)
	}
	const name, cccd, phone = "Nguyễn Thị Ngọc Hường", "092158001234", "0912345678"
	secrets := []string{name, cccd, phone, "12 Trần Hưng Đạo"}
	var ids []string
	for i := range 3 {
		d, err := st.SaveDossier(ctx, store.NewDossier{ProcedureCode: "1.001193",
			Applicant: store.Applicant{Name: name, IDNumber: cccd, Phone: phone, Address: "12 Trần Hưng Đạo, phường Tân An"},
			Fields:    map[string]string{"ho_ten": name},
			Pages:     []store.PageInput{{DocumentID: "to-khai", Format: "jpeg", Data: []byte{0xff, 0xd8, 0xff, byte(i + 1)}}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	// found reports, for each secret, whether any database file holds its bytes.
	found := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			b, err := os.ReadFile(f)
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if bytes.Contains(b, []byte(s)) {
					out[s] = filepath.Base(f)
				}
			}
		}
		return out
	}
	grep := func(when string, want bool) {
		t.Helper()
		got := found()
		for _, s := range secrets {
			if f, ok := got[s]; ok != want {
				t.Errorf("%s: %q found (in %q): %v, want %v", when, s, f, ok, want)
			}
		}
	}
	grep("before the purge", true)
	// A second name for a page file's blocks, as free space would keep them.
	d0, err := st.Dossier(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	blocks := filepath.Join(dir, "blocks-of-page")
	if err := os.Link(d0.Pages[0].Path, blocks); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:2] {
		if err := st.MarkAccepted(ctx, id, "000.00.21.H13-261127-0001", "received"); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteDossier(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	// Purges in a burst share one checkpoint, at most a second after the first.
	deadline := time.Now().Add(10 * time.Second)
	for len(found()) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	grep("kiosk running, after the purge", false)
	if b, _ := os.ReadFile(blocks); len(b) == 0 || !bytes.Equal(b, make([]byte, len(b))) {
		t.Errorf("a purged page file's blocks still hold %q", b)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	grep("kiosk stopped", false)
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(f); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(f), fi.Mode().Perm())
		}
	}
}
