package kiosk

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// saveTestDossier stores a dossier of the marriage registration with one page.
func (h *harness) saveTestDossier(name string) *store.Dossier {
	h.t.Helper()
	d, err := h.st.SaveDossier(context.Background(), store.NewDossier{
		ProcedureCode: "1.000894", Language: "vi",
		Applicant: store.Applicant{Name: name, IDNumber: "092158001234"},
		Fields:    map[string]string{"ho_ten": name},
		Pages:     []store.PageInput{{DocumentID: "to-khai", Format: "png", Width: 85, Height: 120, Data: testPage(1).Data}},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

func TestQueueShowsStatesInPlainWordsAndActs(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	ctx := context.Background()
	waiting := h.saveTestDossier("Trần Văn Một")
	h.clock.Add(time.Minute)
	refused := h.saveTestDossier("Trần Văn Hai")
	h.clock.Add(time.Minute)
	sent := h.saveTestDossier("Trần Văn Ba")
	for _, id := range []string{waiting.ID, refused.ID, sent.ID} {
		if err := h.st.MarkSending(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	next := h.clock.Now().Add(10 * time.Minute)
	if err := h.st.MarkRetry(ctx, waiting.ID, next, store.FailOffline, `dossier PUT: Put "http://10.0.0.1/v1/dossiers/x": dial tcp 10.0.0.1:443: connect: connection refused`); err != nil {
		t.Fatal(err)
	}
	if err := h.st.MarkRejected(ctx, refused.ID, store.FailInvalid, "invalid: thiếu tờ khai"); err != nil {
		t.Fatal(err)
	}
	if err := h.st.MarkAccepted(ctx, sent.ID, "000.00.19.H13-261127-0001", "received"); err != nil {
		t.Fatal(err)
	}

	h.signIn(testStaffPIN)
	h.mustBeOnDesk(deskQueue)
	h.deskFits()
	// Newest first; each with its state, attempts and last error in plain words.
	// At 768 lines a page holds the dossiers that show whole: the sent one and the
	// refused one with its reason do not both fit.
	h.mustSee(sent.ReceiptCode + " · Đăng ký kết hôn")
	// The failures grouped by the kind the uplink recorded, worded by the UI.
	h.mustSee("Hồ sơ chưa gửi được: 1 bị từ chối vì hồ sơ không hợp lệ, 1 do mất mạng.")
	h.mustSeePart("Đã gửi đến hệ thống một cửa. Mã hồ sơ: 000.00.19.H13-261127-0001. · nộp lúc ")
	if n := h.queueRowsShown(); n != 1 || h.sees(refused.ReceiptCode+" · Đăng ký kết hôn") {
		t.Fatalf("page 1 shows %d dossiers at 768 lines, want the sent one alone (the refused one would be cut)", n)
	}
	h.tapText("Trang sau")
	h.mustSee(refused.ReceiptCode + " · Đăng ký kết hôn")
	h.mustSeePart("Hệ thống một cửa không nhận hồ sơ. · nộp lúc ")
	h.mustSeePart("\nHồ sơ cần làm lại hoặc xóa. Lý do từ hệ thống: invalid: thiếu tờ khai")
	h.tapText("Trang sau")
	h.mustSee(waiting.ReceiptCode + " · Đăng ký kết hôn")
	h.mustSeePart("Đang chờ gửi. Sẽ thử lại lúc " + next.Format("15:04") + ". · nộp lúc " + waiting.CreatedAt.In(time.Local).Format("15:04 02/01/2006") + " · đã thử gửi 1 lần")
	h.mustSeePart("\nLần gửi trước không được: không kết nối được máy chủ của thành phố (mất mạng hoặc mạng chập chờn), máy sẽ tự gửi lại.")
	if b := h.rowButton(waiting.ReceiptCode, "Xóa hồ sơ"); b != nil {
		t.Fatal("a waiting dossier offers Delete")
	}

	// Retry one: due at once.
	h.tapRow(waiting.ReceiptCode, "Gửi lại")
	h.mustSee("Hồ sơ " + waiting.ReceiptCode + " sẽ được gửi ngay.")
	got, _ := h.st.Dossier(ctx, waiting.ID)
	if got.State != store.Queued || got.NextAttempt.After(h.clock.Now()) {
		t.Fatalf("after retry: %s next %v", got.State, got.NextAttempt)
	}
	h.mustSeePart("Đang chờ gửi. · nộp lúc ")
	h.tapText("Trang trước")

	// Delete a refused dossier: only after confirming; its page files go with it.
	h.mustSee(refused.ReceiptCode + " · Đăng ký kết hôn")
	h.tapRow(refused.ReceiptCode, "Xóa hồ sơ")
	if txt := h.dialogText(); !strings.Contains(txt, "Xóa hẳn hồ sơ "+refused.ReceiptCode+" và các trang giấy tờ đã quét khỏi máy?") {
		t.Fatalf("confirmation %q", txt)
	}
	h.tapDialog("Không xóa")
	if _, err := h.st.Dossier(ctx, refused.ID); err != nil {
		t.Fatalf("declined delete removed the dossier: %v", err)
	}
	pagePath := refused.Pages[0].Path
	if _, err := os.Stat(pagePath); err != nil {
		t.Fatal(err)
	}
	h.tapRow(refused.ReceiptCode, "Xóa hồ sơ")
	h.tapDialog("Xóa hẳn")
	if _, err := h.st.Dossier(ctx, refused.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted dossier still there: %v", err)
	}
	if _, err := os.Stat(pagePath); !os.IsNotExist(err) {
		t.Fatalf("page file left after delete: %v", err)
	}
	h.mustSee("Đã xóa hồ sơ " + refused.ReceiptCode + " và các trang giấy tờ của hồ sơ.")
	if h.sees(refused.ReceiptCode + " · Đăng ký kết hôn") {
		t.Fatal("deleted dossier still listed")
	}

	// Show a receipt again: the resident's receipt screen with the code and official code.
	h.tapText("Trang trước")
	if b := h.rowButton(sent.ReceiptCode, "Xóa hồ sơ"); b != nil {
		t.Fatal("an accepted dossier offers Delete")
	}
	h.tapRow(sent.ReceiptCode, "Xem lại biên nhận")
	h.mustBeOn(scrReceipt)
	h.mustSee(sent.ReceiptCode)
	h.mustSee("Mã hồ sơ chính thức: 000.00.19.H13-261127-0001")
	h.tapText("Xong")
	h.mustBeOn(scrAttract)
	// Still signed in: the corner goes straight back to the queue.
	h.tapCorner()
	h.mustBeOnDesk(deskQueue)
}

func TestLeaveFullScreen(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Windowed = false })
	h.setPINs()
	if !h.w.FullScreen() {
		t.Fatal("kiosk did not start full screen")
	}
	h.signIn(testStaffPIN)
	h.tapText("Thoát toàn màn hình")
	if h.w.FullScreen() {
		t.Fatal("still full screen")
	}
	h.mustSee("Đã thoát chế độ toàn màn hình.")
}

// testGateway is the reference gateway in-process on 127.0.0.1 over SQLite, with one
// registered kiosk; it records the bodies of the usage days pushed to it.
type testGateway struct {
	URL, ID, Secret string
	Store           gwstore.Interface

	mu    sync.Mutex
	usage [][]byte
}

func startGateway(t *testing.T) *testGateway {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	gs, err := gwstore.Open(ctx, filepath.Join(dir, "gateway.db"), filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gs.Close() })
	cat, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := gateway.New(gateway.Config{Store: gs, Catalog: cat, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	g := &testGateway{ID: "k-staff-test", Secret: "s3cret-staff-test", Store: gs}
	inner := srv.Handler()
	rec := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/usage/") && r.Body != nil {
			b, _ := io.ReadAll(r.Body)
			g.mu.Lock()
			g.usage = append(g.usage, b)
			g.mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		inner.ServeHTTP(w, r)
	})
	url := gwtest.Serve(t, rec)
	if err := gs.AddKiosk(ctx, gwstore.Kiosk{ID: g.ID, Name: "Nhà văn hóa ấp Mỹ Phụng", Secret: g.Secret, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	g.URL = url
	return g
}

// uplinkFor builds the real uplink of the harness' store registered at g.
func (h *harness) uplinkFor(g *testGateway) *uplink.Uplink {
	h.t.Helper()
	ctx := context.Background()
	for k, v := range map[string]string{uplink.KeyGatewayURL: g.URL, uplink.KeyKioskID: g.ID, uplink.KeyKioskSecret: g.Secret} {
		if err := h.st.SetSetting(ctx, k, v); err != nil {
			h.t.Fatal(err)
		}
	}
	up, err := uplink.New(h.st, uplink.Config{Now: h.clock.Now, Timeout: 5 * time.Second, Retries: -1, Logf: h.t.Logf,
		OnChange: func(uplink.Progress) { h.ui.SyncChanged() }})
	if err != nil {
		h.t.Fatal(err)
	}
	return up
}

// uplinkAdapter is cmd/kiosk's adapter in miniature: the UI's Uplink over the real one
// (set once the harness' store exists; offline until then).
type uplinkAdapter struct{ up *uplink.Uplink }

func (a *uplinkAdapter) Kick() {
	if a.up != nil {
		a.up.Kick()
	}
}
func (a *uplinkAdapter) Online() bool { return a.up != nil && a.up.Online() }
func (a *uplinkAdapter) Status() uplink.Progress {
	if a.up == nil {
		return uplink.Progress{}
	}
	return a.up.Status()
}
func (a *uplinkAdapter) Lookup(ctx context.Context, code string) (RemoteStatus, error) {
	s, err := a.up.Lookup(ctx, code)
	if err != nil {
		return RemoteStatus{}, err
	}
	return RemoteStatus{OfficialCode: s.OfficialCode, Status: s.Status}, nil
}

func TestSendNowDrainsTheQueueWithProgress(t *testing.T) {
	g := startGateway(t)
	var ad uplinkAdapter
	h := newHarness(t, func(d *Deps) { d.Uplink = &ad; d.TickEvery = 0 })
	ad.up = h.uplinkFor(g)
	h.setPINs()
	ds := h.saveTestDossier("Phạm Thị Bốn")
	h.signIn(testStaffPIN)
	h.mustSeePart("Đang chờ gửi. · nộp lúc")
	h.mustSee("Máy tự gửi hồ sơ khi có mạng.")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := ad.up.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ad.up.Stop)
	wait := asyncWaiter(h)
	h.tapText("Gửi ngay")
	wait("sync")
	got, err := h.st.Dossier(ctx, ds.ID)
	if err != nil || got.State != store.Accepted || got.OfficialCode == "" {
		t.Fatalf("after send now: %+v %v", got, err)
	}
	gd, err := g.Store.DossierByID(ctx, ds.ID)
	if err != nil || gd.OfficialCode != got.OfficialCode {
		t.Fatalf("gateway has %+v %v", gd, err)
	}
	h.mustSeePrefix("Gửi xong lúc ")
	h.mustSeePart("Đã gửi đến hệ thống một cửa. Mã hồ sơ: " + got.OfficialCode + ".")
}
