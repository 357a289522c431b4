package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// FeeSource is the optional part of a Source that knows the level 4 fees paid by
// VietQR (sync/store's *Store has it): per local day, the fees the kiosk learnt were
// paid that day.
type FeeSource interface {
	FeesCollected(ctx context.Context, from, to string) (map[string]int64, error)
}

// DayFee is the fees collected on one day.
type DayFee struct {
	Day string
	VND int64
}

// Fees are the fees collected in a period: every day of it when any was collected,
// none otherwise (most communes' kiosks collect none, and their figures stay as they
// were).
type Fees struct {
	TotalVND int64
	Days     []DayFee
}

// computeFees fills f.Fees from src when it is a FeeSource.
func computeFees(ctx context.Context, src Source, f *Figures) error {
	fs, ok := src.(FeeSource)
	if !ok {
		return nil
	}
	m, err := fs.FeesCollected(ctx, f.From, f.To)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var total int64
	for _, v := range m {
		total += v
	}
	if total == 0 {
		return nil
	}
	f.Fees.TotalVND = total
	start, _ := time.Parse(wire.DayLayout, f.From)
	for d := start; d.Format(wire.DayLayout) <= f.To; d = d.AddDate(0, 0, 1) {
		day := d.Format(wire.DayLayout)
		f.Fees.Days = append(f.Fees.Days, DayFee{Day: day, VND: m[day]})
	}
	return nil
}

// feeRows is the CSV section of the fees, nil when none was collected.
func (f *Figures) feeRows() [][]string {
	if f.Fees.TotalVND == 0 {
		return nil
	}
	rows := [][]string{{}, {"Ngày", "Lệ phí đã thu qua VietQR (đồng)"}}
	for _, d := range f.Fees.Days {
		rows = append(rows, []string{d.Day, strconv.FormatInt(d.VND, 10)})
	}
	return append(rows, []string{"Tổng", strconv.FormatInt(f.Fees.TotalVND, 10)})
}

// writeFeesText is the fees section of WriteText, nothing when none was collected.
func (f *Figures) writeFeesText(b *strings.Builder) {
	if f.Fees.TotalVND == 0 {
		return
	}
	fmt.Fprintf(b, "\n%-10s %14s\n", "day", "fees_vnd")
	for _, d := range f.Fees.Days {
		fmt.Fprintf(b, "%-10s %14d\n", d.Day, d.VND)
	}
	fmt.Fprintf(b, "%-10s %14d\n", "total", f.Fees.TotalVND)
}
