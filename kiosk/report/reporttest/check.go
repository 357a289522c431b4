package reporttest

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/report"
)

// CheckFigures checks every figure of the known day.
func CheckFigures(t testing.TB, f *report.Figures) {
	t.Helper()
	for _, x := range f.Summary() {
		want, ok := Summary[x.Key]
		if !ok {
			t.Errorf("figure %s has no expected value", x.Key)
			continue
		}
		if x.Plain() != want {
			t.Errorf("%s = %q, want %q", x.Key, x.Plain(), want)
		}
	}
	if len(f.Summary()) != len(Summary) {
		t.Errorf("%d figures, %d expected", len(f.Summary()), len(Summary))
	}
	if len(f.Hours) != 24 {
		t.Fatalf("%d hours", len(f.Hours))
	}
	for _, h := range f.Hours {
		if w := Hours[h.Hour]; h.Sessions != w[0] || h.Submitted != w[1] {
			t.Errorf("hour %d: %d sessions %d submitted, want %v", h.Hour, h.Sessions, h.Submitted, w)
		}
	}
	if len(f.Procedures) != len(Procedures) {
		t.Fatalf("procedures %+v", f.Procedures)
	}
	for i, w := range Procedures {
		p := f.Procedures[i]
		if p.Code != w.Code || p.Started != w.Started || p.Submitted != w.Submitted || p.Assisted != w.Assisted || p.Pages != w.Pages {
			t.Errorf("procedure %d: %+v, want %+v", i, p, w)
		}
	}
	if len(f.Days) != 1 || f.Days[0].Totals != f.Totals {
		t.Errorf("days %+v", f.Days)
	}
}

// CheckCSV parses an export of the known day and checks every figure in it.
func CheckCSV(t testing.TB, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("no UTF-8 BOM")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	summary := map[string]string{}
	hours := map[int][2]int{}
	var procs []ProcedureRow
	section := ""
	for _, rec := range recs {
		switch {
		case rec[0] == "Chỉ tiêu" || rec[0] == "Ngày" || rec[0] == "Mã thủ tục" || rec[0] == "Giờ":
			section = rec[0] // a table's header (csv.Reader skips the empty lines between tables)
		case section == "Chỉ tiêu":
			summary[rec[2]] = rec[1]
		case section == "Giờ":
			h, _ := strconv.Atoi(strings.TrimSuffix(rec[0], ":00"))
			s, _ := strconv.Atoi(rec[1])
			d, _ := strconv.Atoi(rec[2])
			if s != 0 || d != 0 {
				hours[h] = [2]int{s, d}
			}
		case section == "Mã thủ tục":
			n := func(s string) int { v, _ := strconv.Atoi(s); return v }
			procs = append(procs, ProcedureRow{Code: rec[0], Started: n(rec[2]), Submitted: n(rec[3]), Assisted: n(rec[4]), Pages: n(rec[5])})
		case section == "Ngày":
			if rec[0] != Day || rec[1] != "6" || rec[5] != "3" || rec[10] != "3.7" {
				t.Errorf("day row %q", rec)
			}
		}
	}
	if len(summary) != len(Summary) {
		t.Errorf("CSV summary has %d figures, want %d: %v", len(summary), len(Summary), summary)
	}
	for k, want := range Summary {
		if summary[k] != want {
			t.Errorf("CSV %s = %q, want %q", k, summary[k], want)
		}
	}
	if len(hours) != len(Hours) {
		t.Errorf("CSV hours %v", hours)
	}
	for h, w := range Hours {
		if hours[h] != w {
			t.Errorf("CSV hour %d = %v, want %v", h, hours[h], w)
		}
	}
	if len(procs) != len(Procedures) {
		t.Fatalf("CSV procedures %+v", procs)
	}
	for i, w := range Procedures {
		if procs[i] != w {
			t.Errorf("CSV procedure %d = %+v, want %+v", i, procs[i], w)
		}
	}
}

// CheckText checks every figure of the known day in WriteText's output (`kiosk stats`).
func CheckText(t testing.TB, out string) {
	t.Helper()
	summary := map[string]string{}
	hours := map[int][2]int{}
	var procs []ProcedureRow
	section := "summary"
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "period":
			if line != "period "+Day+" .. "+Day {
				t.Errorf("period line %q", line)
			}
		case f[0] == "day" || f[0] == "procedure" || f[0] == "hour":
			section = f[0]
		case section == "summary" && len(f) >= 2:
			v := strings.TrimSuffix(f[1], "%")
			if v == "—" {
				v = ""
			}
			summary[f[0]] = v
		case section == "hour" && len(f) == 3:
			h := n(strings.TrimSuffix(f[0], ":00"))
			if f[1] != "0" || f[2] != "0" {
				hours[h] = [2]int{n(f[1]), n(f[2])}
			}
		case section == "procedure" && len(f) >= 6:
			procs = append(procs, ProcedureRow{Code: f[0], Started: n(f[1]), Submitted: n(f[2]), Assisted: n(f[3]), Pages: n(f[4])})
		case section == "day":
			if f[0] != Day || f[1] != "6" || f[5] != "3" || f[10] != "3.7" {
				t.Errorf("day row %q", line)
			}
		}
	}
	if len(summary) != len(Summary) {
		t.Errorf("text summary has %d figures, want %d: %v", len(summary), len(Summary), summary)
	}
	for k, want := range Summary {
		if summary[k] != want {
			t.Errorf("text %s = %q, want %q", k, summary[k], want)
		}
	}
	if len(hours) != len(Hours) {
		t.Errorf("text hours %v", hours)
	}
	for h, w := range Hours {
		if hours[h] != w {
			t.Errorf("text hour %d = %v, want %v", h, hours[h], w)
		}
	}
	if len(procs) != len(Procedures) {
		t.Fatalf("text procedures %+v", procs)
	}
	for i, w := range Procedures {
		if procs[i] != w {
			t.Errorf("text procedure %d = %+v, want %+v", i, procs[i], w)
		}
	}
}
