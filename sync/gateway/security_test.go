package gateway_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// zeros is an endless reader of zero bytes that allocates nothing.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// Forged uploads with a real kiosk id must cost the gateway no memory, whatever size
// they declare: the signature is checked on the headers, before the body is read.
// (Before: the body was read into memory first; 40 forged 20 MiB uploads took the
// gateway from 75 MiB to 1.9 GiB.)
func TestForgedUploadsCostNoMemory(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const uploads, size = 40, wire.MaxPageSize
	sha := strings.Repeat("ab", 32)
	send := func() {
		req, _ := http.NewRequestWithContext(ctx, "PUT", f.srv.URL+wire.PagePath(sha), io.LimitReader(zeros{}, size))
		req.ContentLength = size
		req.Header.Set(wire.HeaderKioskID, "k1") // kiosk ids are not secret
		req.Header.Set(wire.HeaderTimestamp, wire.Timestamp(time.Now()))
		req.Header.Set(wire.HeaderNonce, wire.NewNonce())
		req.Header.Set(wire.HeaderContentSHA256, sha)
		req.Header.Set(wire.HeaderSignature, strings.Repeat("0", 64))
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			return // the gateway may close the connection before the body is sent: fine
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 401 || resp.Header.Get(wire.HeaderGatewaySignature) != "" {
			t.Errorf("forged upload: %d, signed %q; want an unsigned 401", resp.StatusCode, resp.Header.Get(wire.HeaderGatewaySignature))
		}
	}
	send() // warm up connections and the store
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range uploads {
		send()
	}
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d forged %d MiB uploads: %.1f MiB allocated in the process (client included)", uploads, size>>20, float64(allocated)/(1<<20))
	if allocated > 8<<20 {
		t.Fatalf("%d forged uploads allocated %d MiB: the gateway reads bodies before authenticating", uploads, allocated>>20)
	}
}

// tamper sends a correctly signed request whose body (and Content-Length) a man in the
// middle replaced.
func tamper(t *testing.T, f *fixture, method, path string, signed, sent []byte) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(signed))
	if _, err := wire.SignRequest(req, "k1", "secret-1", signed, time.Now()); err != nil {
		t.Fatal(err)
	}
	req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(sent)), int64(len(sent))
	req.GetBody = nil
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// A man in the middle who alters a kiosk's request must not obtain a signed refusal
// (413, 400, 422), which the kiosk takes as final and would mark the dossier rejected.
func TestTamperedRequestGetsNoSignedRefusal(t *testing.T) {
	f := newFixture(t)
	page := gwtest.Page(800, 1)
	big := bytes.Repeat([]byte{0xff}, wire.MaxPageSize+1)
	dj, _ := json.Marshal(wire.Dossier{ID: "d1", ProcedureCode: "2.000815", Applicant: wire.Applicant{Name: "Lê Văn Tám"}})
	for _, tc := range []struct {
		name, method, path string
		signed, sent       []byte
	}{
		{"page made too large", "PUT", wire.PagePath(wire.BodyHash(page)), page, big},
		{"page bytes changed", "PUT", wire.PagePath(wire.BodyHash(page)), page, gwtest.Page(800, 2)},
		{"page truncated", "PUT", wire.PagePath(wire.BodyHash(page)), page, page[:4]},
		{"dossier made too large", "PUT", wire.DossierPath("d1"), dj, bytes.Repeat([]byte(" "), wire.MaxJSONSize+1)},
		{"dossier made unreadable", "PUT", wire.DossierPath("d1"), dj, append(bytes.Clone(dj[:len(dj)-1]), ']')},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			resp := tamper(t, f, tc.method, tc.path, tc.signed, tc.sent)
			if resp.StatusCode != 401 || resp.Header.Get(wire.HeaderGatewaySignature) != "" {
				t.Fatalf("%d, signed %q: want an unsigned 401", resp.StatusCode, resp.Header.Get(wire.HeaderGatewaySignature))
			}
		})
	}
	if has, _ := f.store.HasPage(context.Background(), wire.BodyHash(page)); has {
		t.Fatal("a tampered page was stored")
	}
}

// A recorded request is refused when replayed, even within the clock window: a
// replayed usage upload used to roll the day's figures back.
func TestReplayRefused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	record := func(sessions int) *http.Request {
		b, _ := json.Marshal(wire.Usage{Sessions: sessions})
		req, _ := http.NewRequest("PUT", f.srv.URL+wire.UsagePath("2026-11-27"), bytes.NewReader(b))
		if _, err := wire.SignRequest(req, "k1", "secret-1", b, time.Now()); err != nil {
			t.Fatal(err)
		}
		return req
	}
	send := func(req *http.Request) *http.Response {
		c := req.Clone(ctx)
		c.Body, _ = req.GetBody()
		resp, err := f.srv.Client().Do(c)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	old, fresh := record(5), record(9)
	if r := send(old); r.StatusCode != 200 {
		t.Fatalf("first upload: %d", r.StatusCode)
	}
	if r := send(fresh); r.StatusCode != 200 {
		t.Fatalf("second upload: %d", r.StatusCode)
	}
	r := send(old)
	if r.StatusCode != 401 || r.Header.Get(wire.HeaderGatewaySignature) != "" {
		t.Fatalf("replay: %d signed %q, want an unsigned 401", r.StatusCode, r.Header.Get(wire.HeaderGatewaySignature))
	}
	u, err := f.store.Usage(ctx, gwstore.UsageFilter{})
	if err != nil || len(u) != 1 || u[0].Usage.Sessions != 9 {
		t.Fatalf("usage after the replay: %+v %v, want 9 sessions", u, err)
	}
	if !strings.Contains(f.logs.String(), "replayed nonce") {
		t.Errorf("replay not logged:\n%s", f.logs)
	}
}

// slowUpload starts a signed page upload whose body stalls after a few bytes; it
// returns the answer channel and a func that ends the body.
func slowUpload(t *testing.T, f *fixture, id, secret string, size int) (<-chan *http.Response, func()) {
	t.Helper()
	data := bytes.Repeat([]byte{7}, size)
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("PUT", f.srv.URL+wire.PagePath(wire.BodyHash(data)), pr)
	if _, err := wire.SignRequest(req, id, secret, data, time.Now()); err != nil {
		t.Fatal(err)
	}
	req.Body = pr // SignRequest set the length; the body is the stalling pipe
	out := make(chan *http.Response, 1)
	go func() {
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			out <- nil
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out <- resp
	}()
	go pw.Write(data[:10])
	return out, func() { pw.CloseWithError(io.ErrUnexpectedEOF) }
}

// A body that stops arriving is cut at its deadline (a signed 408, transient for the
// kiosk) instead of holding the connection (it was 5 minutes whatever the size).
func TestSlowBodyCut(t *testing.T) {
	f := newFixtureLimits(t, gateway.Limits{BodyGrace: 300 * time.Millisecond, MinBodyRate: 1 << 30})
	out, stop := slowUpload(t, f, "k1", "secret-1", 64<<10)
	defer stop()
	select {
	case resp := <-out:
		if resp == nil || resp.StatusCode != http.StatusRequestTimeout || resp.Header.Get(wire.HeaderGatewaySignature) == "" {
			t.Fatalf("stalled body: %+v, want a signed 408", resp)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a stalled body held its connection for 30 s")
	}
}

// One kiosk cannot hold more than its upload slots; the next upload waits, then gets a
// signed 503 with Retry-After (transient), and another kiosk is not affected.
func TestUploadSlotsPerKiosk(t *testing.T) {
	f := newFixtureLimits(t, gateway.Limits{PerKiosk: 1, SlotWait: 200 * time.Millisecond})
	ctx := context.Background()
	if err := f.store.AddKiosk(ctx, gwstore.Kiosk{ID: "k2", Name: "k2", Secret: "secret-2", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	out, stop := slowUpload(t, f, "k1", "secret-1", 64<<10)
	defer func() { stop(); <-out }()
	// Wait until the slow upload holds its slot.
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, err := f.client.PutPage(ctx, gwtest.Page(800, 3), "jpeg")
		if err != nil {
			t.Fatal(err)
		}
		if r.Status == http.StatusServiceUnavailable {
			if !r.Signed || r.Header.Get("Retry-After") == "" {
				t.Fatalf("busy answer: signed=%v Retry-After=%q", r.Signed, r.Header.Get("Retry-After"))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a kiosk's second upload was never deferred: %d %s", r.Status, r.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	other := *f.client
	other.ID, other.Secret = "k2", "secret-2"
	if r, err := other.PutPage(ctx, gwtest.Page(800, 4), "jpeg"); err != nil || r.Status != 201 {
		t.Fatalf("another kiosk's upload: %+v %v", r, err)
	}
}

// One kiosk's usage figure of 2^63−1 made the dashboard's sums overflow (500 for every
// account): figures are bounded on the way in.
func TestUsageFiguresBounded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for name, u := range map[string]wire.Usage{
		"sessions 2^63-1":  {Sessions: 1<<63 - 1},
		"pages over bound": {PagesScanned: gateway.MaxUsageFigure + 1},
		"rating huge":      {Ratings: [5]int{0, 0, 0, 0, 1 << 62}},
		"procedure huge":   {ProcedureViews: map[string]int{"1.001193": 1 << 62}},
		"procedure key":    {DossiersByProcedure: map[string]int{"1.001193\u202e": 1}},
		"many procedures": {ProcedureViews: func() map[string]int {
			m := map[string]int{}
			for i := range gateway.MaxUsageProcedure + 1 {
				m[fmt.Sprintf("9.%06d", i)] = 1
			}
			return m
		}()},
	} {
		b, _ := json.Marshal(u)
		r, err := f.client.Do(ctx, "PUT", wire.UsagePath("2026-11-27"), b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != 422 || !r.Signed {
			t.Errorf("%s: %d signed=%v, want a signed 422", name, r.Status, r.Signed)
		}
	}
	if u, _ := f.store.Usage(ctx, gwstore.UsageFilter{}); len(u) != 0 {
		t.Fatalf("out-of-bounds usage stored: %+v", u)
	}
	b, _ := json.Marshal(wire.Usage{Sessions: gateway.MaxUsageFigure, ProcedureViews: map[string]int{"1.001193": gateway.MaxUsageFigure}})
	if r, _ := f.client.Do(ctx, "PUT", wire.UsagePath("2026-11-27"), b, nil); r.Status != 200 {
		t.Fatalf("figures at the bound: %d %s", r.Status, r.Body)
	}
}

// Applicant fields and form values are bounded in length and characters: a 900 KiB
// address, NUL bytes and right-to-left overrides were accepted.
func TestApplicantFieldsValidated(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	good := wire.Applicant{Name: "Nguyễn Thị Ngọc Hường", IDNumber: "092158001234", DOB: "1958-03-05", Sex: "Nữ",
		Address: "12 Trần Hưng Đạo, phường Tân An, quận Ninh Kiều, Cần Thơ", Phone: "0912 345 678"}
	for i, tc := range []struct {
		name   string
		tweak  func(d *wire.Dossier)
		reason string
	}{
		{"900 KiB address", func(d *wire.Dossier) { d.Applicant.Address = strings.Repeat("đường ", 100<<10) }, "địa chỉ dài quá"},
		{"NUL in the name", func(d *wire.Dossier) { d.Applicant.Name = "Lê Văn\x00Tám" }, "họ tên chứa ký tự"},
		{"right-to-left override", func(d *wire.Dossier) { d.Applicant.Name = "Lê Văn \u202eмáT" }, "họ tên chứa ký tự không hợp lệ"},
		{"zero-width in address", func(d *wire.Dossier) { d.Applicant.Address = "12\u200b Trần Hưng Đạo" }, "địa chỉ chứa ký tự"},
		{"id number with text", func(d *wire.Dossier) { d.Applicant.IDNumber = "0921<script>" }, "số định danh không hợp lệ"},
		{"bad date of birth", func(d *wire.Dossier) { d.Applicant.DOB = "1958-13-45" }, "ngày sinh"},
		{"bad sex", func(d *wire.Dossier) { d.Applicant.Sex = "x" }, "giới tính"},
		{"bad phone", func(d *wire.Dossier) { d.Applicant.Phone = "call me" }, "số điện thoại"},
		{"huge field value", func(d *wire.Dossier) { d.Fields["ho_ten"] = strings.Repeat("a", 5000) }, "dài quá"},
		{"control in a field", func(d *wire.Dossier) { d.Fields["ho_ten"] = "Lê\x1bVăn" }, "chứa ký tự không hợp lệ"},
		{"control in the receipt code", func(d *wire.Dossier) { d.ReceiptCode = "AB\nCD" }, "mã biên nhận"},
	} {
		d := wire.Dossier{ID: fmt.Sprintf("v%d", i), ReceiptCode: "R", ProcedureCode: "2.000815", Applicant: good,
			Fields: map[string]string{"ho_ten": good.Name}}
		tc.tweak(&d)
		r, err := f.client.PutDossier(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != 422 || !strings.Contains(string(r.Body), tc.reason) {
			t.Errorf("%s: %d %.200s, want 422 mentioning %q", tc.name, r.Status, r.Body, tc.reason)
		}
	}
	d := wire.Dossier{ID: "ok", ReceiptCode: "R", ProcedureCode: "2.000815", Applicant: good, Fields: map[string]string{"ho_ten": good.Name}}
	if r, _ := f.client.PutDossier(ctx, d); r.Status != 201 {
		t.Fatalf("a proper dossier: %d %s", r.Status, r.Body)
	}
}

// Pages are scoped per kiosk: a kiosk can neither see (HEAD) nor attach another
// kiosk's page by its hash; it must upload the bytes itself. A dossier id used by
// another kiosk gets the same answers as an unused one until the store refuses it.
func TestPagesAndIDsScopedPerKiosk(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.store.AddKiosk(ctx, gwstore.Kiosk{ID: "k2", Name: "k2", Secret: "secret-2", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	other := *f.client
	other.ID, other.Secret = "k2", "secret-2"
	page := gwtest.Page(300, 5) // k1's scan of a birth certificate
	sha := wire.BodyHash(page)
	if r, _ := f.client.PutPage(ctx, page, "jpeg"); r.Status != 201 {
		t.Fatalf("k1 page: %d", r.Status)
	}
	if r, _ := other.Do(ctx, "HEAD", wire.PagePath(sha), nil, nil); r.Status != 404 {
		t.Fatalf("k2 probing k1's page: %d, want 404", r.Status)
	}
	d := wire.Dossier{ID: "k2-d1", ReceiptCode: "R", ProcedureCode: "2.000815", Applicant: wire.Applicant{Name: "Lê Văn Tám"},
		Fields: map[string]string{"ho_ten": "Lê Văn Tám"},
		Pages:  []wire.PageRef{{Seq: 1, DocumentID: "ban-chinh", SHA256: sha, Size: int64(len(page)), Format: "jpeg"}}}
	r, _ := other.PutDossier(ctx, d)
	var e wire.Error
	json.Unmarshal(r.Body, &e)
	if r.Status != 424 || len(e.Missing) != 1 || e.Missing[0] != sha {
		t.Fatalf("k2 attaching k1's page: %d %s, want 424 naming it", r.Status, r.Body)
	}
	if r, _ := other.PutPage(ctx, page, "jpeg"); r.Status != 201 {
		t.Fatalf("k2 uploading the same bytes: %d, want 201 (not 200: that would say k1 has it)", r.Status)
	}
	if r, _ := other.PutDossier(ctx, d); r.Status != 201 {
		t.Fatalf("k2 dossier with its own upload: %d %s", r.Status, r.Body)
	}
	// k1 now submits invalid bodies under k2's id and under an unused id: same answer.
	bad := wire.Dossier{ProcedureCode: "no-such-procedure", Applicant: wire.Applicant{Name: "X"}}
	var answers []string
	for _, id := range []string{"k2-d1", "never-used"} {
		bad.ID = id
		r, _ := f.client.PutDossier(ctx, bad)
		answers = append(answers, fmt.Sprintf("%d %s", r.Status, strings.ReplaceAll(string(r.Body), id, "ID")))
	}
	if answers[0] != answers[1] || !strings.HasPrefix(answers[0], "422") {
		t.Fatalf("an existing foreign id and an unused one answer differently: %q", answers)
	}
}

// A lookup by official code (sequential, guessable) answers the status, not the
// receipt code or id; by the receipt code, everything.
func TestLookupByOfficialCodeAnswersStatusOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := wire.Dossier{ID: "d-look", ReceiptCode: "K7Q4-M2PX", ProcedureCode: "2.000815", Applicant: wire.Applicant{Name: "Lê Văn Tám"},
		Fields: map[string]string{"ho_ten": "Lê Văn Tám"}}
	r, _ := f.client.PutDossier(ctx, d)
	var ack wire.DossierAck
	if err := r.JSON(&ack); err != nil || r.Status != 201 {
		t.Fatalf("submit: %d %v", r.Status, err)
	}
	if _, err := f.store.SetStatus(ctx, d.ID, string(wire.StatusNeedsMore), "Bổ sung giấy khai sinh của bé Lê Minh", time.Now()); err != nil {
		t.Fatal(err)
	}
	var byOfficial, byReceipt wire.DossierStatus
	r, _ = f.client.Do(ctx, "GET", wire.DossierByCodePath(ack.OfficialCode), nil, nil)
	if err := r.JSON(&byOfficial); err != nil {
		t.Fatal(err)
	}
	if byOfficial.Status != wire.StatusNeedsMore || byOfficial.ReceiptCode != "" || byOfficial.ID != "" {
		t.Fatalf("by official code: %+v, want the status without receipt code or id", byOfficial)
	}
	r, _ = f.client.Do(ctx, "GET", wire.DossierByCodePath(d.ReceiptCode), nil, nil)
	if err := r.JSON(&byReceipt); err != nil {
		t.Fatal(err)
	}
	if byReceipt.ReceiptCode != d.ReceiptCode || byReceipt.Note == "" || byReceipt.ID != d.ID {
		t.Fatalf("by receipt code: %+v, want everything", byReceipt)
	}
}

// Page bytes must be the JPEG or PNG they claim: any bytes were accepted as a JPEG.
func TestPagesMustBeImages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 20, 30)))
	good := gwtest.Page(2000, 9)
	// A PNG header claiming 100000×100000 pixels (a decompression bomb).
	bomb := bytes.Clone(pngBuf.Bytes())
	binary.BigEndian.PutUint32(bomb[16:], 100000)
	binary.BigEndian.PutUint32(bomb[20:], 100000)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))
	for name, data := range map[string][]byte{
		"random bytes":         bytes.Repeat([]byte("not an image "), 50),
		"jpeg magic, no image": []byte("\xff\xd8\xffpage"),
		"png magic, no image":  append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...),
		"truncated jpeg":       good[:len(tinyJPEGLen(good))-20],
		"png header too large": bomb,
		"html page":            []byte("<html><script>alert(1)</script></html>"),
	} {
		r, err := f.client.PutPage(ctx, data, "jpeg")
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != 422 || !r.Signed {
			t.Errorf("%s: %d %s, want a signed 422", name, r.Status, r.Body)
		}
		if has, _ := f.store.HasPage(ctx, wire.BodyHash(data)); has {
			t.Errorf("%s: stored", name)
		}
	}
	for name, data := range map[string][]byte{"jpeg": good, "png": pngBuf.Bytes()} {
		if r, _ := f.client.PutPage(ctx, data, name); r.Status != 201 {
			t.Errorf("a real %s: %d %s", name, r.Status, r.Body)
		}
	}
}

// tinyJPEGLen returns the prefix of a gwtest.Page that is the JPEG itself (up to and
// including the end-of-image marker).
func tinyJPEGLen(p []byte) []byte { return p[:bytes.Index(p, []byte{0xFF, 0xD9})+2] }

// Retention: a finished dossier's personal data and pages are erased once the period
// has run out, with an audit line; a kiosk resending it still gets its answer.
func TestRetentionErasesFinishedDossiers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	page := gwtest.Page(3000, 42)
	if r, _ := f.client.PutPage(ctx, page, "jpeg"); r.Status != 201 {
		t.Fatalf("page: %d", r.Status)
	}
	mk := func(id string) wire.Dossier {
		return wire.Dossier{ID: id, ReceiptCode: "R" + id, ProcedureCode: "2.000815",
			Applicant: wire.Applicant{Name: "Nguyễn Thị Ngọc Hường"}, Fields: map[string]string{"ho_ten": "Nguyễn Thị Ngọc Hường"},
			Pages: []wire.PageRef{{Seq: 1, DocumentID: "ban-chinh", SHA256: wire.BodyHash(page), Size: int64(len(page)), Format: "jpeg"}}}
	}
	done, open := mk("done-1"), mk("open-1")
	open.Pages = nil
	for _, d := range []wire.Dossier{done, open} {
		if r, _ := f.client.PutDossier(ctx, d); r.Status != 201 {
			t.Fatalf("submit %s: %d %s", d.ID, r.Status, r.Body)
		}
	}
	now := time.Now()
	if _, err := f.store.SetStatus(ctx, done.ID, string(wire.StatusDone), "Đã trả kết quả", now.Add(-400*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	logs := &gwtest.Buffer{}
	n, err := gateway.EraseExpired(ctx, f.store, 365*24*time.Hour, now, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil || n != 1 {
		t.Fatalf("erased %d, %v; want 1", n, err)
	}
	for id, want := range map[string]bool{done.ID: false, open.ID: true} {
		d, _ := f.store.DossierByID(ctx, id)
		if got := strings.Contains(string(d.Body), "Hường"); got != want {
			t.Errorf("%s holds the name: %v, want %v", id, got, want)
		}
	}
	if has, _ := f.store.HasPage(ctx, wire.BodyHash(page)); has {
		t.Error("the finished dossier's page was kept")
	}
	if !strings.Contains(logs.String(), `"msg":"dossier personal data erased","audit":true,"dossier":"done-1"`) {
		t.Errorf("no audit line:\n%s", logs)
	}
	if r, _ := f.client.PutDossier(ctx, done); r.Status != 200 {
		t.Errorf("the kiosk resending the erased dossier: %d %s, want its 200", r.Status, r.Body)
	}
	if n, _ := gateway.EraseExpired(ctx, f.store, 365*24*time.Hour, now, slog.New(slog.DiscardHandler)); n != 0 {
		t.Errorf("a second sweep erased %d", n)
	}
}
