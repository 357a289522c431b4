package store_test

import (
	"errors"
	"os"
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
