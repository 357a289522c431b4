package kiosk

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/cantho-kiosk/kiosk/kiosk/report"
	"github.com/cantho-kiosk/kiosk/kiosk/report/reporttest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// knownDayHarness is a kiosk whose store holds the known day of usage, with the clock
// at 18:00 that day.
func knownDayHarness(t *testing.T) *harness {
	h := newHarness(t, nil)
	h.clock.Set(time.Date(2026, 11, 20, 18, 0, 0, 0, time.Local))
	for _, ev := range reporttest.Events(time.Local) {
		if err := h.st.Record(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	h.setPINs()
	return h
}

// figureTable reads the summary table on screen: label → value.
func (h *harness) figureTable() map[string]string {
	out := map[string]string{}
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 {
			return false
		}
		if _, ok := c.Layout.(statLine); !ok {
			return false
		}
		l, ok1 := c.Objects[0].(*canvas.Text)
		v, ok2 := c.Objects[1].(*canvas.Text)
		if ok1 && ok2 {
			out[l.Text] = v.Text
		}
		return false
	})
	return out
}

// screenValue is how the screen writes a figure's plain value in Vietnamese.
func screenValue(f report.Figure, plain string) string {
	switch {
	case plain == "":
		return "—"
	case f.Kind == report.Percent:
		return plain + "%"
	case f.Kind == report.Score:
		return strings.Replace(plain, ".", ",", 1)
	}
	return plain
}

func TestStatisticsScreenShowsTheKnownDay(t *testing.T) {
	h := knownDayHarness(t)
	h.signIn(testOfficialPIN)
	h.mustBeOnStats(tabSummary)
	h.mustSee("Ngày 20/11/2026")
	h.deskFits()

	// Every figure of the summary, against the hand-counted values.
	table := h.figureTable()
	labels := (&report.Figures{}).Summary()
	if len(table) != len(labels) {
		t.Fatalf("table has %d rows, want %d: %v", len(table), len(labels), table)
	}
	for _, f := range labels {
		want := screenValue(f, reporttest.Summary[f.Key])
		if got := table[f.Vi]; got != want {
			t.Errorf("%s (%s) shows %q, want %q", f.Key, f.Vi, got, want)
		}
	}

	// The hourly chart: opening hours, the values above the bars, taller bars for more.
	h.tapText("Biểu đồ")
	h.mustBeOnStats(tabChart)
	h.deskFits()
	h.mustSee("Lượt sử dụng và hồ sơ đã nộp theo giờ")
	s := h.ui.desk.screen.(*statsView)
	c := s.chart
	if len(c.labels) != 12 || c.labels[0] != "7h" || c.labels[11] != "18h" {
		t.Fatalf("hour labels %v", c.labels)
	}
	for i := range c.labels {
		w := reporttest.Hours[7+i]
		for si, n := range w {
			want := ""
			if n > 0 {
				want = strconv.Itoa(n)
			}
			if got := c.value(si, i); got != want {
				t.Errorf("hour %d series %d shows %q, want %q", 7+i, si, got, want)
			}
		}
	}
	if h8, h7 := c.bars[0][1].Size().Height, c.bars[0][0].Size().Height; !(h8 > h7 && h7 > 0) || c.bars[0][3].Size().Height != 0 {
		t.Errorf("bar heights: 8h %v, 7h %v, 10h %v", h8, h7, c.bars[0][3].Size().Height)
	}

	// Per procedure: names, bars and the figures of each.
	h.tapText("Theo thủ tục")
	h.mustBeOnStats(tabProcedures)
	h.deskFits()
	h.mustSee("Đăng ký khai sinh")
	// Two to a page at 768 lines (a third would be cut by the page's bottom).
	procs := h.ui.desk.screen.(*statsView).procs
	if procs.perPage != 2 {
		t.Errorf("%d procedures a page at 1366×768, want 2", procs.perPage)
	}
	for i, p := range reporttest.Procedures {
		procs.setPage(i / procs.perPage)
		h.mustSee(fmt.Sprintf("Mã %s · bắt đầu %d · đã nộp %d · nhân viên nộp giúp %d · %d trang", p.Code, p.Started, p.Submitted, p.Assisted, p.Pages))
	}

	// The last 30 days: the day before counts, the chart has a bar group per day.
	h.tapText("30 ngày qua")
	h.mustSee("Từ ngày 22/10/2026 đến ngày 20/11/2026")
	h.tapText("Bảng số liệu")
	if got := h.figureTable()["Lượt sử dụng"]; got != "7" {
		t.Fatalf("30-day sessions %q, want 7", got)
	}
	h.tapText("Biểu đồ")
	h.mustSee("Lượt sử dụng và hồ sơ đã nộp theo ngày")
	h.deskFits()
	c = h.ui.desk.screen.(*statsView).chart
	if len(c.labels) != 30 || c.labels[29] != "20" || c.value(0, 29) != "6" || c.value(0, 28) != "1" || c.value(1, 29) != "3" {
		t.Fatalf("day chart labels %v values %q %q %q", c.labels, c.value(0, 29), c.value(0, 28), c.value(1, 29))
	}
	// Last month (October) had nothing.
	h.tapText("Tháng trước")
	h.tapText("Bảng số liệu")
	h.mustSee("Từ ngày 01/10/2026 đến ngày 31/10/2026")
	if got := h.figureTable()["Lượt sử dụng"]; got != "0" {
		t.Fatalf("last month's sessions %q", got)
	}

	// What waits to sync is counted now.
	h.saveTestDossier("Võ Văn Năm")
	h.tapText("Hôm nay")
	if got := h.figureTable()["Hồ sơ đang chờ gửi (bây giờ)"]; got != "1" {
		t.Fatalf("waiting %q", got)
	}
}

func TestExportToUSBWritesTheKnownDay(t *testing.T) {
	h := knownDayHarness(t)
	root := t.TempDir()
	usb := filepath.Join(root, "media", "USB_XA")
	if err := os.MkdirAll(usb, 0o755); err != nil {
		t.Fatal(err)
	}
	h.ui.desk.driveRoots = []string{filepath.Join(root, "media")}
	h.signIn(testOfficialPIN)
	h.tapText("Xuất ra USB")
	h.mustBeOnStats(tabExport)
	h.deskFits()
	h.mustSee("Chạm vào ổ USB để lưu số liệu của thời gian đang xem thành tệp thong-ke-kiosk_2026-11-20_2026-11-20.csv (mở được bằng Excel).")
	h.tapText("Lưu vào USB_XA")
	h.mustSee("Đã lưu tệp thong-ke-kiosk_2026-11-20_2026-11-20.csv vào USB_XA.")
	b, err := os.ReadFile(filepath.Join(usb, "thong-ke-kiosk_2026-11-20_2026-11-20.csv"))
	if err != nil {
		t.Fatal(err)
	}
	reporttest.CheckCSV(t, b)

	// The stick pulled out: said plainly; looking again lists nothing.
	if err := os.RemoveAll(usb); err != nil {
		t.Fatal(err)
	}
	h.tapText("Lưu vào USB_XA")
	h.mustSee("Không thấy ổ USB này nữa. Hãy cắm lại rồi chạm \"Tìm lại\".")
	h.tapText("Tìm lại")
	h.mustSee("Chưa thấy ổ USB nào. Hãy cắm USB vào máy rồi chạm \"Tìm lại\".")
}

// TestBackOfficeScreenshots writes PNGs of the back-office screens to $KIOSK_SHOTS
// (for review; skipped otherwise).
func TestBackOfficeScreenshots(t *testing.T) {
	dir := os.Getenv("KIOSK_SHOTS")
	if dir == "" {
		t.Skip("KIOSK_SHOTS not set")
	}
	os.MkdirAll(dir, 0o755)
	h := knownDayHarness(t)
	h.ui.desk.driveRoots = []string{t.TempDir()}
	os.MkdirAll(filepath.Join(h.ui.desk.driveRoots[0], "USB_XA"), 0o755)
	q := h.saveTestDossier("Võ Văn Năm")
	h.st.MarkSending(context.Background(), q.ID)
	h.st.MarkRetry(context.Background(), q.ID, h.clock.Now().Add(5*time.Minute), store.FailOffline, "dial tcp: connection refused")
	r := h.saveTestDossier("Võ Văn Sáu")
	h.st.MarkSending(context.Background(), r.ID)
	h.st.MarkRejected(context.Background(), r.ID, store.FailInvalid, "invalid: thiếu tờ khai")
	shot := func(name string) {
		h.deskFits()
		img := h.w.Canvas().Capture()
		f, err := os.Create(filepath.Join(dir, "backoffice-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
	h.tapCorner()
	h.typePIN("0000")
	shot("01-pin")
	h.typePIN(testOfficialPIN)
	shot("02-stats-summary")
	h.tapText("Biểu đồ")
	shot("03-stats-chart-hours")
	h.tapText("30 ngày qua")
	shot("04-stats-chart-days")
	h.tapText("Theo thủ tục")
	shot("05-stats-procedures")
	h.tapText("Xuất ra USB")
	h.tapText("Lưu vào USB_XA")
	shot("06-stats-export")
	h.tapText("Đăng xuất")
	h.signIn(testStaffPIN)
	shot("07-staff-queue")
	h.tapRow(r.ReceiptCode, "Xóa hồ sơ")
	shot("08-staff-remove-confirm")
}
