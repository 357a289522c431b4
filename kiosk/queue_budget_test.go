package kiosk

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// fixedUplink reports a fixed sync progress.
type fixedUplink struct{ p uplink.Progress }

func (f fixedUplink) Kick()                   {}
func (f fixedUplink) Online() bool            { return f.p.Online }
func (f fixedUplink) Status() uplink.Progress { return f.p }
func (f fixedUplink) Lookup(context.Context, string) (RemoteStatus, error) {
	return RemoteStatus{}, uplink.ErrOffline
}

// Staff see the metered link's budget in the queue: used today against the cap, the
// sending window, why scanned pages wait and until when, and a slow line as slow.
func TestQueueShowsTheBandwidthBudget(t *testing.T) {
	up := fixedUplink{}
	h := newHarness(t, func(d *Deps) { d.Uplink = &up; d.TickEvery = 0 })
	now := h.clock.Now()
	up.p = uplink.Progress{Online: true, Configured: true, LastSync: now, QueuedDossiers: 2,
		LinkRate: 150 << 10, SlowLink: true, BudgetMB: 50, BudgetWindow: "22:00-06:00", BytesToday: 12<<20 + 512<<10,
		BudgetWait: "ngoài khung giờ gửi 22:00-06:00", BudgetUntil: time.Date(now.Year(), now.Month(), now.Day(), 22, 0, 0, 0, now.Location())}
	h.setPINs()
	h.saveTestDossier("Lê Thị Bảy")
	h.signIn(testStaffPIN)
	h.mustSeePart("Đường truyền chậm: khoảng 150 KB/giây (vẫn đang gửi).")
	h.mustSeePart("Hạn mức dữ liệu: đã gửi 12.5 / 50 MB hôm nay.")
	h.mustSeePart("Chỉ gửi trang scan trong khung giờ 22:00-06:00.")
	h.mustSeePart("Trang scan đang chờ (ngoài khung giờ gửi 22:00-06:00), gửi tiếp lúc 22:00")
	h.deskFits()
	if dir := os.Getenv("KIOSK_SHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		f, err := os.Create(filepath.Join(dir, "backoffice-queue-budget.png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, h.w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
}
