package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// utf8BOM makes spreadsheet programs on Windows read the Vietnamese text as UTF-8.
const utf8BOM = "\ufeff"

// FileName is the export's file name for the period, e.g. thong-ke-kiosk_2026-11-01_2026-11-30.csv.
func (f *Figures) FileName() string {
	return "thong-ke-kiosk_" + f.From + "_" + f.To + ".csv"
}

// WriteCSV writes the figures as a Vietnamese CSV (UTF-8 with a BOM) in sections
// separated by an empty line: the period, the summary (with the machine key of each
// figure), one row per day, one row per procedure and, for a single day, one row per
// hour. Rates are whole percent, the average rating has one decimal with a dot.
func WriteCSV(w io.Writer, f *Figures) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	itoa := strconv.Itoa
	rows := [][]string{
		{"Thống kê sử dụng kiosk dịch vụ công", "Từ ngày", f.From, "Đến ngày", f.To},
		{},
		{"Chỉ tiêu", "Giá trị", "Mã chỉ tiêu"},
	}
	for _, x := range f.Summary() {
		rows = append(rows, []string{x.Vi, x.Plain(), x.Key})
	}
	rows = append(rows, []string{},
		[]string{"Ngày", "Lượt sử dụng", "Hoàn tất", "Bỏ dở", "Hồ sơ bắt đầu", "Hồ sơ đã nộp", "Nhân viên nộp giúp", "Trang đã quét", "Lượt tra cứu", "Lượt đánh giá", "Hài lòng trung bình"})
	for _, d := range f.Days {
		avg := ""
		if a, ok := d.AverageRating(); ok {
			avg = strconv.FormatFloat(a, 'f', 1, 64)
		}
		rows = append(rows, []string{d.Day, itoa(d.Sessions), itoa(d.Completed), itoa(d.Abandoned), itoa(d.DossiersStarted),
			itoa(d.DossiersSubmitted), itoa(d.AssistedDossiers), itoa(d.PagesScanned), itoa(d.Lookups), itoa(d.RatingCount()), avg})
	}
	rows = append(rows, []string{}, []string{"Mã thủ tục", "Tên thủ tục", "Hồ sơ bắt đầu", "Hồ sơ đã nộp", "Nhân viên nộp giúp", "Trang đã quét"})
	for _, p := range f.Procedures {
		rows = append(rows, []string{p.Code, p.Name, itoa(p.Started), itoa(p.Submitted), itoa(p.Assisted), itoa(p.Pages)})
	}
	if f.SingleDay() {
		rows = append(rows, []string{}, []string{"Giờ", "Lượt sử dụng", "Hồ sơ đã nộp"})
		for _, h := range f.Hours {
			rows = append(rows, []string{fmt.Sprintf("%02d:00", h.Hour), itoa(h.Sessions), itoa(h.Submitted)})
		}
	}
	rows = append(rows, f.feeRows()...) // fees.go
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return fmt.Errorf("report: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	return nil
}

// WriteText writes the figures for a terminal, in English with each figure's key.
func WriteText(w io.Writer, f *Figures) error {
	var b strings.Builder
	fmt.Fprintf(&b, "period %s .. %s\n", f.From, f.To)
	for _, x := range f.Summary() {
		fmt.Fprintf(&b, "%-20s %8s   %s\n", x.Key, x.Text("en"), x.En)
	}
	fmt.Fprintf(&b, "\n%-10s %8s %9s %9s %7s %9s %8s %6s %7s %7s %6s\n", "day", "sessions", "completed", "abandoned",
		"started", "submitted", "assisted", "pages", "lookups", "ratings", "avg")
	for _, d := range f.Days {
		avg := "-"
		if a, ok := d.AverageRating(); ok {
			avg = strconv.FormatFloat(a, 'f', 1, 64)
		}
		fmt.Fprintf(&b, "%-10s %8d %9d %9d %7d %9d %8d %6d %7d %7d %6s\n", d.Day, d.Sessions, d.Completed, d.Abandoned,
			d.DossiersStarted, d.DossiersSubmitted, d.AssistedDossiers, d.PagesScanned, d.Lookups, d.RatingCount(), avg)
	}
	fmt.Fprintf(&b, "\n%-10s %7s %9s %8s %6s  %s\n", "procedure", "started", "submitted", "assisted", "pages", "name")
	for _, p := range f.Procedures {
		fmt.Fprintf(&b, "%-10s %7d %9d %8d %6d  %s\n", p.Code, p.Started, p.Submitted, p.Assisted, p.Pages, p.Name)
	}
	if f.SingleDay() {
		fmt.Fprintf(&b, "\n%-5s %8s %9s\n", "hour", "sessions", "submitted")
		for _, h := range f.Hours {
			fmt.Fprintf(&b, "%02d:00 %8d %9d\n", h.Hour, h.Sessions, h.Submitted)
		}
	}
	f.writeFeesText(&b) // fees.go
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("report: text: %w", err)
	}
	return nil
}
