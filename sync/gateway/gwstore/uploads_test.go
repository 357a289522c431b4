package gwstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Uploads: appends are a compare-and-set on the offset (a second "process" resumes
// where the first stopped, a stale append is refused), the bytes come back in order,
// kiosks do not share uploads.
func TestUploads(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		a, b := open(), open()
		sha := hash([]byte("x"))
		now := day
		if _, err := a.UploadState(ctx, "k1", sha); !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatalf("no upload yet: %v", err)
		}
		if err := a.AppendUpload(ctx, "k1", sha, 10, 0, []byte("0123"), now); err != nil {
			t.Fatal(err)
		}
		if err := b.AppendUpload(ctx, "k1", sha, 10, 0, []byte("zzzz"), now); !errors.Is(err, gwstore.ErrOffsetMismatch) {
			t.Fatalf("a second open at 0: %v", err)
		}
		if err := b.AppendUpload(ctx, "k1", sha, 10, 2, []byte("zz"), now); !errors.Is(err, gwstore.ErrOffsetMismatch) {
			t.Fatalf("a stale offset: %v", err)
		}
		if err := b.AppendUpload(ctx, "k1", sha, 11, 4, []byte("45"), now); !errors.Is(err, gwstore.ErrOffsetMismatch) {
			t.Fatalf("another size: %v", err)
		}
		if err := b.AppendUpload(ctx, "k1", sha, 10, 4, []byte("456789"), now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := b.AppendUpload(ctx, "k1", sha, 10, 10, []byte("!"), now); !errors.Is(err, gwstore.ErrOffsetMismatch) {
			t.Fatalf("past the size: %v", err)
		}
		if u, err := a.UploadState(ctx, "k1", sha); err != nil || u.Received != 10 || u.Size != 10 {
			t.Fatalf("state %+v, %v", u, err)
		}
		if _, err := a.UploadState(ctx, "k2", sha); !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatalf("another kiosk sees the upload: %v", err)
		}
		if data, err := a.UploadData(ctx, "k1", sha); err != nil || string(data) != "0123456789" {
			t.Fatalf("data %q, %v", data, err)
		}
		if n, err := a.DropStaleUploads(ctx, now); err != nil || n != 0 {
			t.Fatalf("stale before its update: %d, %v", n, err)
		}
		if n, err := a.DropStaleUploads(ctx, now.Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("stale: %d, %v", n, err)
		}
		if _, err := a.UploadState(ctx, "k1", sha); !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatalf("dropped upload: %v", err)
		}
	})
}

// The change feed: submissions and status changes of one kiosk, in order, after a
// cursor; another kiosk's never.
func TestChanges(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		s := open()
		for _, k := range []string{"k1", "k2"} {
			if err := s.AddKiosk(ctx, gwstore.Kiosk{ID: k, Name: k, Secret: "s", CreatedAt: day}); err != nil {
				t.Fatal(err)
			}
		}
		for _, d := range []struct{ kiosk, id string }{{"k1", "a"}, {"k2", "b"}, {"k1", "c"}} {
			if _, _, err := s.SubmitDossier(ctx, newDossier(d.kiosk, d.id)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.SetStatus(ctx, "a", string(wire.StatusProcessing), "", day.Add(10*time.Hour)); err != nil {
			t.Fatal(err)
		}
		all, err := s.Changes(ctx, "k1", -1, 0)
		if err != nil || len(all) != 2 || all[0].ID != "c" || all[1].ID != "a" || all[1].Status != wire.StatusProcessing || all[0].Seq >= all[1].Seq {
			t.Fatalf("changes of k1: %+v, %v", all, err)
		}
		after, err := s.Changes(ctx, "k1", all[0].Seq, 0)
		if err != nil || len(after) != 1 || after[0].ID != "a" {
			t.Fatalf("changes after %d: %+v, %v", all[0].Seq, after, err)
		}
		if none, err := s.Changes(ctx, "k1", all[1].Seq, 0); err != nil || len(none) != 0 {
			t.Fatalf("nothing new: %+v, %v", none, err)
		}
		if k2, err := s.Changes(ctx, "k2", -1, 1); err != nil || len(k2) != 1 || k2[0].ID != "b" {
			t.Fatalf("changes of k2: %+v, %v", k2, err)
		}
	})
}
