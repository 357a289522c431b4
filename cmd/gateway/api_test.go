package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// page returns n bytes the gateway takes for a JPEG (a real one, random after it).
func page(n int) []byte {
	var seed [8]byte
	rand.Read(seed[:])
	return gwtest.Page(n, binary.LittleEndian.Uint64(seed[:]))
}

func uuid() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func dossier(pages ...[]byte) wire.Dossier {
	d := wire.Dossier{
		ID: uuid(), ReceiptCode: "K7Q-" + strings.ToUpper(uuid()[:4]), ProcedureCode: "1.001193",
		Applicant: wire.Applicant{Name: "Nguyễn Thị Lựu", IDNumber: "092190001234", DOB: "1990-05-04", Sex: "Nữ"},
		Fields:    map[string]string{"ho_ten": "Nguyễn Thị Lựu", "ten_tre": "Trần Minh Đức", "gioi_tinh": "Nam"},
		Language:  "vi", CreatedAt: time.Now().UTC().Truncate(time.Second),
	}
	for i, p := range pages {
		s := sha256.Sum256(p)
		d.Pages = append(d.Pages, wire.PageRef{Seq: i + 1, DocumentID: "to-khai", SHA256: hex.EncodeToString(s[:]), Size: int64(len(p)), Format: "jpeg"})
	}
	return d
}

// must returns the answer, failing the test on a transport error.
func must(t *testing.T) func(*gwtest.Response, error) *gwtest.Response {
	return func(r *gwtest.Response, err error) *gwtest.Response {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}

// expect checks status, error code (when want has one) and the gateway signature.
func expect(t *testing.T, what string, r *gwtest.Response, status int, code string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d; body %s", what, r.Status, status, r.Body)
	}
	if !r.Signed {
		t.Fatalf("%s: answer not signed by the gateway: %v", what, r.SigErr)
	}
	if code != "" {
		var e wire.Error
		if err := r.JSON(&e); err != nil || e.Code != code {
			t.Fatalf("%s: error code %q, want %q (%s)", what, e.Code, code, r.Body)
		}
	}
	if ct := r.Header.Get("Content-Type"); len(r.Body) > 0 && ct != wire.ContentTypeJSON {
		t.Fatalf("%s: Content-Type %q", what, ct)
	}
}

func TestHealthAndCatalog(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 1")
		gw := startGateway(t, b)
		c := gw.client(id, secret)

		resp, err := http.Get(gw.URL + wire.HealthPath)
		if err != nil {
			t.Fatal(err)
		}
		var h wire.Health
		json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if resp.StatusCode != 200 || h.Status != "ok" || h.Gateway != wire.GatewayName || time.Since(h.Time) > time.Minute {
			t.Fatalf("health: %d %+v", resp.StatusCode, h)
		}

		file, _ := os.ReadFile("testdata/catalog.json")
		want := `"` + wire.BodyHash(file) + `"`
		r := must(t)(c.Do(ctx, "GET", wire.CatalogPath, nil, nil))
		expect(t, "catalog", r, 200, "")
		if r.Header.Get("ETag") != want || !bytes.Equal(r.Body, file) {
			t.Fatalf("catalog: ETag %q want %q; body equal %v", r.Header.Get("ETag"), want, bytes.Equal(r.Body, file))
		}
		for _, inm := range []string{want, "W/" + want, `"old", ` + want} {
			r = must(t)(c.Do(ctx, "GET", wire.CatalogPath, nil, http.Header{"If-None-Match": {inm}}))
			expect(t, "catalog If-None-Match "+inm, r, 304, "")
			if len(r.Body) != 0 || r.Header.Get("ETag") != want {
				t.Fatalf("304 with body %q, ETag %q", r.Body, r.Header.Get("ETag"))
			}
		}
		r = must(t)(c.Do(ctx, "GET", wire.CatalogPath, nil, http.Header{"If-None-Match": {`"stale"`}}))
		expect(t, "catalog stale ETag", r, 200, "")

		// An unknown endpoint is still authenticated and answered in JSON.
		r = must(t)(c.Do(ctx, "GET", wire.BasePath+"/nope", nil, nil))
		expect(t, "unknown endpoint", r, 404, wire.CodeNotFound)
	})
}

// Without --catalog the gateway serves the embedded sample catalog.
func TestDefaultCatalog(t *testing.T) {
	dir := t.TempDir()
	b := backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir}
	id, secret := addKiosk(t, b, "Nhà văn hóa ấp 11")
	gw := startGateway(t, b, "--catalog", "")
	r := must(t)(gw.client(id, secret).Do(testCtx(t), "GET", wire.CatalogPath, nil, nil))
	expect(t, "catalog", r, 200, "")
	if want := assets.SampleCatalog(); !bytes.Equal(r.Body, want) || r.Header.Get("ETag") != `"`+wire.BodyHash(want)+`"` {
		t.Fatalf("served %d bytes (ETag %s), want the %d-byte sample catalog", len(r.Body), r.Header.Get("ETag"), len(want))
	}
}

func TestPagesAndDossiers(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 2")
		id2, secret2 := addKiosk(t, b, "Bưu điện văn hóa xã")
		gw := startGateway(t, b)
		c, other := gw.client(id, secret), gw.client(id2, secret2)
		store := b.open(t)

		p1, p2 := page(200<<10), page(1000)
		sha1 := wire.BodyHash(p1)
		expect(t, "HEAD absent", must(t)(c.Do(ctx, "HEAD", wire.PagePath(sha1), nil, nil)), 404, "")
		expect(t, "PUT page", must(t)(c.PutPage(ctx, p1, "jpeg")), 201, "")
		expect(t, "PUT page again", must(t)(c.PutPage(ctx, p1, "jpeg")), 200, "")
		expect(t, "HEAD present", must(t)(c.Do(ctx, "HEAD", wire.PagePath(sha1), nil, nil)), 200, "")
		if got, err := store.Page(ctx, sha1); err != nil || !bytes.Equal(got, p1) {
			t.Fatalf("stored page differs (%v)", err)
		}

		// Hash check: bytes that do not hash to the path are refused and not stored.
		sha2 := wire.BodyHash(p2)
		bad := append([]byte(nil), p2...)
		bad[10] ^= 1
		r := must(t)(c.Do(ctx, "PUT", wire.PagePath(sha2), bad, nil))
		expect(t, "hash mismatch", r, 422, wire.CodeHashMismatch)
		expect(t, "HEAD after mismatch", must(t)(c.Do(ctx, "HEAD", wire.PagePath(sha2), nil, nil)), 404, "")
		if has, _ := store.HasPage(ctx, wire.BodyHash(bad)); has {
			t.Fatal("a page with a hash mismatch was stored")
		}
		// Too large.
		big := make([]byte, wire.MaxPageSize+1)
		expect(t, "too large", must(t)(c.Do(ctx, "PUT", wire.PagePath(wire.BodyHash(big)), big, nil)), 413, wire.CodeTooLarge)

		// A dossier whose page is missing: 424 listing it; nothing stored.
		d := dossier(p1, p2)
		r = must(t)(c.PutDossier(ctx, d))
		expect(t, "pages missing", r, 424, wire.CodePagesMissing)
		var e wire.Error
		r.JSON(&e)
		if len(e.Missing) != 1 || e.Missing[0] != sha2 {
			t.Fatalf("missing = %v, want [%s]", e.Missing, sha2)
		}
		expect(t, "GET before stored", must(t)(c.Do(ctx, "GET", wire.DossierPath(d.ID), nil, nil)), 404, wire.CodeNotFound)

		expect(t, "PUT page 2", must(t)(c.PutPage(ctx, p2, "jpeg")), 201, "")
		first := must(t)(c.PutDossier(ctx, d))
		expect(t, "submit", first, 201, "")
		var ack wire.DossierAck
		first.JSON(&ack)
		wantPrefix := wire.DefaultAgencyCode + "-" + time.Now().In(gateway.Vietnam).Format("060102") + "-"
		if ack.ID != d.ID || ack.Status != wire.StatusReceived || !strings.HasPrefix(ack.OfficialCode, wantPrefix) ||
			!regexp.MustCompile(`-\d{4}$`).MatchString(ack.OfficialCode) {
			t.Fatalf("ack = %+v (want code %sNNNN)", ack, wantPrefix)
		}

		// Idempotency: the same body again (even re-encoded differently) gets the same answer.
		again := must(t)(c.PutDossier(ctx, d))
		expect(t, "resubmit", again, 200, "")
		if !bytes.Equal(again.Body, first.Body) {
			t.Fatalf("resubmission answered %s, first answer %s", again.Body, first.Body)
		}
		raw, _ := json.MarshalIndent(d, "", "   ")
		r = must(t)(c.Do(ctx, "PUT", wire.DossierPath(d.ID), raw, nil))
		expect(t, "resubmit re-encoded", r, 200, "")
		if !bytes.Equal(r.Body, first.Body) {
			t.Fatalf("re-encoded resubmission answered %s", r.Body)
		}
		// A different body under the same id: 409, and the stored one is unchanged.
		changed := d
		changed.Fields = map[string]string{"ho_ten": "Nguyễn Thị Lựu", "ten_tre": "Trần Minh Tâm", "gioi_tinh": "Nam"}
		expect(t, "conflict", must(t)(c.PutDossier(ctx, changed)), 409, wire.CodeConflict)
		// Another kiosk cannot claim or read it.
		// (Pages are per kiosk: the other kiosk must upload its own copy before the store
		// refuses the id, so its answers are those of an unused id until then.)
		expect(t, "other kiosk same id, pages not its own", must(t)(other.PutDossier(ctx, d)), 424, wire.CodePagesMissing)
		expect(t, "other kiosk page", must(t)(other.PutPage(ctx, p1, "jpeg")), 201, "")
		expect(t, "other kiosk page", must(t)(other.PutPage(ctx, p2, "jpeg")), 201, "")
		expect(t, "other kiosk same id", must(t)(other.PutDossier(ctx, d)), 409, wire.CodeConflict)
		expect(t, "other kiosk GET", must(t)(other.Do(ctx, "GET", wire.DossierPath(d.ID), nil, nil)), 404, wire.CodeNotFound)
		expect(t, "other kiosk by code", must(t)(other.Do(ctx, "GET", wire.DossierByCodePath(ack.OfficialCode), nil, nil)), 404, wire.CodeNotFound)

		stored, err := store.DossierByID(ctx, d.ID)
		if err != nil || stored.OfficialCode != ack.OfficialCode || stored.PageCount != 2 {
			t.Fatalf("stored %+v, %v", stored, err)
		}
		var body wire.Dossier
		json.Unmarshal(stored.Body, &body)
		if body.Fields["ten_tre"] != "Trần Minh Đức" {
			t.Fatalf("stored body changed: %s", stored.Body)
		}

		// Status by id, official code and receipt code.
		for _, path := range []string{wire.DossierPath(d.ID), wire.DossierByCodePath(ack.OfficialCode), wire.DossierByCodePath(d.ReceiptCode)} {
			r := must(t)(c.Do(ctx, "GET", path, nil, nil))
			expect(t, "status "+path, r, 200, "")
			var st wire.DossierStatus
			r.JSON(&st)
			wantID := d.ID
			if path == wire.DossierByCodePath(ack.OfficialCode) {
				wantID = "" // a guessable official code does not lead to the dossier's id
			}
			if st.ID != wantID || st.OfficialCode != ack.OfficialCode || st.Status != wire.StatusReceived {
				t.Fatalf("%s: %+v", path, st)
			}
		}

		// Permanent refusals with a Vietnamese reason, nothing stored.
		unknown := dossier(p1)
		unknown.ProcedureCode = "9.999999"
		r = must(t)(c.PutDossier(ctx, unknown))
		expect(t, "unknown procedure", r, 422, wire.CodeInvalid)
		r.JSON(&e)
		if !strings.Contains(e.Message, "Thủ tục") || !strings.Contains(e.Message, "9.999999") {
			t.Fatalf("message %q", e.Message)
		}
		badFields := dossier(p1)
		badFields.Fields = map[string]string{"ho_ten": "A", "gioi_tinh": "Khác", "so_dien_thoai": "12"}
		r = must(t)(c.PutDossier(ctx, badFields))
		expect(t, "bad fields", r, 422, wire.CodeInvalid)
		r.JSON(&e)
		for _, want := range []string{"Họ và tên trẻ", "Giới tính của trẻ", "Số điện thoại"} {
			if !strings.Contains(e.Message, want) {
				t.Errorf("message %q does not name %q", e.Message, want)
			}
		}
		wrongSize := dossier(p1)
		wrongSize.Pages[0].Size++
		expect(t, "wrong page size", must(t)(c.PutDossier(ctx, wrongSize)), 422, wire.CodeInvalid)
		mismatch := dossier(p1)
		raw, _ = json.Marshal(mismatch)
		expect(t, "id mismatch", must(t)(c.Do(ctx, "PUT", wire.DossierPath(uuid()), raw, nil)), 422, wire.CodeInvalid)
		all, _ := store.Dossiers(ctx, gwstore.DossierFilter{})
		if len(all) != 1 {
			t.Fatalf("%d dossiers stored, want 1", len(all))
		}
	})
}

// Concurrent duplicate submissions: exactly one row, one 201, one official code.
func TestConcurrentDuplicates(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 3")
		gw := startGateway(t, b)
		c := gw.client(id, secret)
		p := page(5000)
		expect(t, "page", must(t)(c.PutPage(ctx, p, "jpeg")), 201, "")
		const n = 16
		ds := []wire.Dossier{dossier(p), dossier(p), dossier(p)}
		type result struct {
			status int
			ack    wire.DossierAck
			err    error
		}
		results := make([]result, n*len(ds))
		var wg sync.WaitGroup
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := c.PutDossier(ctx, ds[i%len(ds)])
				if err != nil {
					results[i].err = err
					return
				}
				if !r.Signed {
					results[i].err = fmt.Errorf("unsigned answer %d %s", r.Status, r.Body)
				}
				results[i].status = r.Status
				r.JSON(&results[i].ack)
			}()
		}
		wg.Wait()
		created := map[string]int{}
		codes := map[string]string{}
		for i, r := range results {
			if r.err != nil {
				t.Fatal(r.err)
			}
			did := ds[i%len(ds)].ID
			if r.status == 201 {
				created[did]++
			} else if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			if prev, ok := codes[did]; ok && prev != r.ack.OfficialCode {
				t.Fatalf("%s answered two codes: %s, %s", did, prev, r.ack.OfficialCode)
			}
			codes[did] = r.ack.OfficialCode
		}
		for _, d := range ds {
			if created[d.ID] != 1 {
				t.Fatalf("%s created %d times", d.ID, created[d.ID])
			}
		}
		out := cli(t, b, "dossier", "list")
		if lines := strings.Count(out, "\n"); lines != 1+len(ds) {
			t.Fatalf("dossier list has %d lines, want header + %d:\n%s", lines, len(ds), out)
		}
		seen := map[string]bool{}
		for _, code := range codes {
			if seen[code] {
				t.Fatalf("official code %s given twice", code)
			}
			seen[code] = true
		}
	})
}

func TestUsageUpsert(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 4")
		gw := startGateway(t, b)
		c := gw.client(id, secret)
		store := b.open(t)
		put := func(u wire.Usage) *gwtest.Response {
			raw, _ := json.Marshal(u)
			return must(t)(c.Do(ctx, "PUT", wire.UsagePath("2026-11-27"), raw, nil))
		}
		u := wire.Usage{Day: "2026-11-27", Sessions: 12, Completed: 7, Abandoned: 5, DossiersStarted: 9, DossiersSubmitted: 7, AssistedDossiers: 2,
			PagesScanned: 30, Lookups: 4, Ratings: [5]int{0, 1, 0, 3, 5},
			ProcedureViews: map[string]int{"1.001193": 9}, DossiersByProcedure: map[string]int{"1.001193": 7}}
		expect(t, "usage", put(u), 200, "")
		expect(t, "usage again", put(u), 200, "")
		got, err := store.Usage(ctx, gwstore.UsageFilter{KioskID: id})
		if err != nil || len(got) != 1 || got[0].Usage.Sessions != 12 || got[0].Usage.DossiersStarted != 9 || got[0].Usage.Ratings != u.Ratings ||
			got[0].Usage.DossiersByProcedure["1.001193"] != 7 {
			t.Fatalf("after two identical PUTs: %+v %v", got, err)
		}
		// Absolute figures replace, even smaller ones; maps too.
		u2 := wire.Usage{Sessions: 3, Ratings: [5]int{1}, ProcedureViews: map[string]int{"2.000815": 1}}
		expect(t, "usage replace", put(u2), 200, "")
		got, _ = store.Usage(ctx, gwstore.UsageFilter{KioskID: id})
		if len(got) != 1 || got[0].Usage.Sessions != 3 || got[0].Usage.Completed != 0 || got[0].Usage.DossiersStarted != 0 ||
			got[0].Usage.ProcedureViews["1.001193"] != 0 ||
			got[0].Usage.ProcedureViews["2.000815"] != 1 || got[0].Usage.Ratings != [5]int{1} {
			t.Fatalf("after replacing: %+v", got)
		}
		u2.Day = "2026-11-28"
		raw, _ := json.Marshal(u2)
		expect(t, "day mismatch", must(t)(c.Do(ctx, "PUT", wire.UsagePath("2026-11-27"), raw, nil)), 422, wire.CodeInvalid)
		expect(t, "bad day", must(t)(c.Do(ctx, "PUT", wire.UsagePath("2026-13-01"), []byte(`{}`), nil)), 422, wire.CodeInvalid)
		expect(t, "negative", must(t)(c.Do(ctx, "PUT", wire.UsagePath("2026-11-27"), []byte(`{"sessions":-1}`), nil)), 422, wire.CodeInvalid)
		expect(t, "negative started", must(t)(c.Do(ctx, "PUT", wire.UsagePath("2026-11-27"), []byte(`{"dossiers_started":-1}`), nil)), 422, wire.CodeInvalid)
		got, _ = store.Usage(ctx, gwstore.UsageFilter{KioskID: id})
		if len(got) != 1 || got[0].Usage.Sessions != 3 {
			t.Fatalf("refused usage changed the stored figures: %+v", got)
		}
	})
}

func TestStatusChanges(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 5")
		gw := startGateway(t, b)
		c := gw.client(id, secret)
		p := page(3000)
		expect(t, "page", must(t)(c.PutPage(ctx, p, "jpeg")), 201, "")
		d := dossier(p)
		r := must(t)(c.PutDossier(ctx, d))
		expect(t, "submit", r, 201, "")
		var ack wire.DossierAck
		r.JSON(&ack)

		check := func(status, note string) {
			t.Helper()
			for _, path := range []string{wire.DossierPath(d.ID), wire.DossierByCodePath(ack.OfficialCode)} {
				r := must(t)(c.Do(ctx, "GET", path, nil, nil))
				expect(t, "status", r, 200, "")
				var st wire.DossierStatus
				r.JSON(&st)
				if st.Status != wire.Status(status) || st.Note != note || st.OfficialCode != ack.OfficialCode {
					t.Fatalf("%s: %+v, want %s %q", path, st, status, note)
				}
			}
		}
		note := "Cần bổ sung bản sao giấy chứng sinh có chứng thực."
		cli(t, b, "dossier", "status", ack.OfficialCode, "processing")
		check(string(wire.StatusProcessing), "")
		cli(t, b, "dossier", "status", ack.OfficialCode, "needs_more", "--note", note)
		check(string(wire.StatusNeedsMore), note)
		cli(t, b, "dossier", "status", d.ID, "processing")
		cli(t, b, "dossier", "status", ack.OfficialCode, "done", "--note", "Đã có kết quả.")
		check(string(wire.StatusDone), "Đã có kết quả.")
		if _, errOut, err := cliErr(b, "dossier", "status", ack.OfficialCode, "processing"); err == nil || !strings.Contains(errOut, "not allowed") {
			t.Fatalf("done → processing accepted: %v %s", err, errOut)
		}
		if _, _, err := cliErr(b, "dossier", "status", ack.OfficialCode, "archived"); err == nil {
			t.Fatal("unknown status accepted")
		}
		check(string(wire.StatusDone), "Đã có kết quả.")
		show := cli(t, b, "dossier", "show", ack.OfficialCode)
		for _, want := range []string{`"status": "done"`, `"needs_more"`, "Trần Minh Đức"} {
			if !strings.Contains(show, want) {
				t.Fatalf("dossier show lacks %s:\n%s", want, show)
			}
		}
		// The resubmission after a status change keeps code and received_at.
		r = must(t)(c.PutDossier(ctx, d))
		expect(t, "resubmit", r, 200, "")
		var ack2 wire.DossierAck
		r.JSON(&ack2)
		if ack2.OfficialCode != ack.OfficialCode || !ack2.ReceivedAt.Equal(ack.ReceivedAt) {
			t.Fatalf("resubmit ack %+v, first %+v", ack2, ack)
		}
		_ = context.Background
	})
}
