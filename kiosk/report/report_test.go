package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/report"
	"github.com/cantho-kiosk/kiosk/kiosk/report/reporttest"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// knownStore is a real store holding the known day and the test catalog's names.
func knownStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	raw, err := os.ReadFile("../testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportCatalog(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, ev := range reporttest.Events(time.UTC) {
		if err := st.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestKnownDayFigures(t *testing.T) {
	st := knownStore(t)
	f, err := report.Compute(context.Background(), st, reporttest.Day, reporttest.Day)
	if err != nil {
		t.Fatal(err)
	}
	reporttest.CheckFigures(t, f)
	// The text of the screen: Vietnamese decimal comma, percent signs, dashes.
	if x, _ := f.Lookup("rating_avg"); x.Text("vi") != "3,7" || x.Text("en") != "3.7" {
		t.Fatalf("average rating shows %q / %q", x.Text("vi"), x.Text("en"))
	}
	if x, _ := f.Lookup("abandon_pct"); x.Text("vi") != "33%" {
		t.Fatalf("abandonment shows %q", x.Text("vi"))
	}
	if f.Procedures[0].Name != "Đăng ký khai sinh" {
		t.Fatalf("procedure name %q", f.Procedures[0].Name)
	}
}

func TestThirtyDaysIncludeEveryDay(t *testing.T) {
	st := knownStore(t)
	from, to := report.LastDays(time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), 30)
	if from != "2026-10-23" || to != "2026-11-21" {
		t.Fatalf("range %s..%s", from, to)
	}
	f, err := report.Compute(context.Background(), st, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Days) != 30 || f.Hours != nil {
		t.Fatalf("%d days, hours %v", len(f.Days), f.Hours)
	}
	byDay := map[string]int{}
	for _, d := range f.Days {
		byDay[d.Day] = d.Sessions
	}
	if byDay["2026-11-19"] != 1 || byDay["2026-11-20"] != 6 || byDay["2026-11-21"] != 1 || byDay["2026-10-23"] != 0 || f.Sessions != 8 {
		t.Fatalf("sessions by day %v, total %d", byDay, f.Sessions)
	}
	for _, bad := range [][2]string{{"2026-11-21", "2026-11-20"}, {"20-11-2026", "2026-11-20"}, {"2020-01-01", "2026-01-01"}} {
		if _, err := report.Compute(context.Background(), st, bad[0], bad[1]); err == nil {
			t.Errorf("range %v accepted", bad)
		}
	}
}

func TestCSVHoldsTheSameFigures(t *testing.T) {
	st := knownStore(t)
	f, err := report.Compute(context.Background(), st, reporttest.Day, reporttest.Day)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, f); err != nil {
		t.Fatal(err)
	}
	reporttest.CheckCSV(t, buf.Bytes())
}

func TestTextHoldsTheSameFigures(t *testing.T) {
	st := knownStore(t)
	f, _ := report.Compute(context.Background(), st, reporttest.Day, reporttest.Day)
	var buf bytes.Buffer
	if err := report.WriteText(&buf, f); err != nil {
		t.Fatal(err)
	}
	reporttest.CheckText(t, buf.String())
	if !strings.Contains(buf.String(), "Đăng ký khai sinh") {
		t.Fatal("procedure names missing")
	}
}

func TestExportWritesTheFileDurably(t *testing.T) {
	st := knownStore(t)
	f, _ := report.Compute(context.Background(), st, reporttest.Day, reporttest.Day)
	dir := t.TempDir()
	p, err := report.Export(dir, f)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "thong-ke-kiosk_2026-11-20_2026-11-20.csv" {
		t.Fatalf("file %s", p)
	}
	b, _ := os.ReadFile(p)
	reporttest.CheckCSV(t, b)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left %v", entries)
	}
	// Again: replaced, not duplicated.
	if _, err := report.Export(dir, f); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left %v", entries)
	}
	if _, err := report.Export(filepath.Join(dir, "gone"), f); !errors.Is(err, report.ErrNoFolder) {
		t.Fatalf("missing folder: %v", err)
	}
}

func TestDrivesListsWritableFolders(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "media", "USB_XA"), 0o755)
	os.MkdirAll(filepath.Join(root, "mnt", "the-stick"), 0o755)
	os.WriteFile(filepath.Join(root, "mnt", "file.txt"), nil, 0o644)
	got := report.Drives([]string{filepath.Join(root, "media"), filepath.Join(root, "mnt"), filepath.Join(root, "none")})
	if len(got) != 2 || got[0].Name != "USB_XA" || got[1].Name != "the-stick" {
		t.Fatalf("drives %+v", got)
	}
}

// TestFeesCollected: the fees the gateway reported paid count on the day the kiosk
// learnt it, in the figures, the CSV and the text; a period without fees has no fee
// section at all.
func TestFeesCollected(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{Location: time.UTC, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := &catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{{Code: "1.1", Name: "Cấp giấy", Field: "Hộ tịch", Agency: "UBND",
		Level: catalog.Level4, ProcessingTime: "1 ngày", Fees: []catalog.Fee{{Label: "Lệ phí", AmountVND: 15000}}, Steps: []string{"Nộp"},
		Documents: []catalog.Document{{ID: "don", Name: "Đơn", Copies: 1}}, Form: []catalog.Field{{ID: "ho_ten", Label: "Họ tên", Type: catalog.Text}}}}}
	if err := st.ImportCatalog(ctx, c); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		d, err := st.SaveDossier(ctx, store.NewDossier{ProcedureCode: "1.1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.SetRemoteFee(ctx, d.ID, wire.FeeStatus{DueVND: 15000, PaidVND: 15000, Payment: "paid"}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := report.Compute(ctx, st, "2026-11-19", "2026-11-21")
	if err != nil {
		t.Fatal(err)
	}
	if f.Fees.TotalVND != 30000 || len(f.Fees.Days) != 3 || f.Fees.Days[1] != (report.DayFee{Day: "2026-11-20", VND: 30000}) {
		t.Fatalf("fees %+v", f.Fees)
	}
	var csvOut, text bytes.Buffer
	if err := report.WriteCSV(&csvOut, f); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvOut.String(), "Ngày,Lệ phí đã thu qua VietQR (đồng)\n2026-11-19,0\n2026-11-20,30000\n2026-11-21,0\nTổng,30000\n") {
		t.Fatalf("csv:\n%s", csvOut.String())
	}
	if err := report.WriteText(&text, f); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "fees_vnd") || !strings.Contains(text.String(), "30000") {
		t.Fatalf("text:\n%s", text.String())
	}
	none, err := report.Compute(ctx, st, "2026-11-01", "2026-11-02")
	if err != nil {
		t.Fatal(err)
	}
	csvOut.Reset()
	report.WriteCSV(&csvOut, none)
	if none.Fees.TotalVND != 0 || strings.Contains(csvOut.String(), "VietQR") {
		t.Fatalf("a period without fees has a fee section: %+v", none.Fees)
	}
}
