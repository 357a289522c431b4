package gwstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Erasing a dossier removes its applicant, form values, notes and the pages no other
// dossier uses, records the erasure once, and keeps what answers the kiosk (codes,
// status, the body's hash).
func TestEraseDossier(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		s := open()
		addKiosk(t, s, gwstore.Kiosk{ID: "k1", Name: "k1", Secret: "s1"})
		own, shared := []byte("page only the first dossier has"), []byte("page both dossiers have")
		for _, p := range [][]byte{own, shared} {
			if _, err := s.PutPage(ctx, hash(p), p); err != nil {
				t.Fatal(err)
			}
		}
		nd := newDossier("k1", "d1", own, shared)
		nd.Dossier.Applicant = wire.Applicant{Name: "Nguyễn Thị Ngọc Hường", IDNumber: "092158001234"}
		nd.Body, _ = wire.Canonical(nd.Dossier)
		nd.BodySHA256 = hash(nd.Body)
		first, _, err := s.SubmitDossier(ctx, nd)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SubmitDossier(ctx, newDossier("k1", "d2", shared)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStatus(ctx, "d1", string(wire.StatusDone), "Bà Hường nhận kết quả tại bộ phận một cửa", day.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if ids, err := s.FinishedBefore(ctx, day.Add(72*time.Hour), 10); err != nil || len(ids) != 1 || ids[0] != "d1" {
			t.Fatalf("finished before: %v %v", ids, err)
		}
		at := day.Add(400 * 24 * time.Hour)
		if _, err := s.EraseDossier(ctx, first.OfficialCode, at, "request: đơn số 12"); err != nil {
			t.Fatal(err)
		}
		got, err := s.DossierByID(ctx, "d1")
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"Nguyễn", "092158001234", `"a":"b"`} {
			if strings.Contains(string(got.Body), secret) {
				t.Errorf("erased body holds %q: %s", secret, got.Body)
			}
		}
		var body wire.Dossier
		if err := json.Unmarshal(got.Body, &body); err != nil || body.ReceiptCode != "R-d1" || len(body.Pages) != 2 {
			t.Errorf("erased body lost what is not personal: %s %v", got.Body, err)
		}
		if got.BodySHA256 != first.BodySHA256 || got.OfficialCode != first.OfficialCode || got.Status != wire.StatusDone || got.Note != "" {
			t.Errorf("after erasure: %+v", got)
		}
		h, _ := s.History(ctx, "d1")
		for _, ch := range h {
			if ch.Note != "" {
				t.Errorf("history note kept: %q", ch.Note)
			}
		}
		if _, err := s.Page(ctx, hash(own)); !errors.Is(err, gwstore.ErrNotFound) {
			t.Errorf("the erased dossier's own page: %v, want ErrNotFound", err)
		}
		// Its bytes are gone too, wherever the store keeps them (files, page_bytes, a bucket).
		if _, err := s.Pages().Stat(ctx, hash(own)); !errors.Is(err, pagestore.ErrNotFound) {
			t.Errorf("the erased dossier's own page's bytes: %v, want gone", err)
		}
		if n, err := s.Pages().Stat(ctx, hash(shared)); err != nil || n != int64(len(shared)) {
			t.Errorf("the bytes of the page another dossier uses: %d %v", n, err)
		}
		if b, err := s.Page(ctx, hash(shared)); err != nil || string(b) != string(shared) {
			t.Errorf("the page another dossier uses: %q %v", b, err)
		}
		e, err := s.Erasure(ctx, "d1")
		if err != nil || !e.At.Equal(at) || e.Reason != "request: đơn số 12" {
			t.Errorf("erasure record %+v %v", e, err)
		}
		if _, err := s.EraseDossier(ctx, "d1", at, "again"); !errors.Is(err, gwstore.ErrErased) {
			t.Errorf("second erasure: %v, want ErrErased", err)
		}
		if ids, _ := s.FinishedBefore(ctx, at, 10); len(ids) != 0 {
			t.Errorf("an erased dossier is still due: %v", ids)
		}
	})
}
