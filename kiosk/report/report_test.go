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
