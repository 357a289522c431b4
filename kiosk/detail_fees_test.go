package kiosk

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// Each fee reads on its own line, its note in brackets without the catalog's full stop
// ("Miễn phí (Miễn lệ phí theo Luật Hộ tịch.); Lệ phí …" read as one run-on sentence).
func TestFeesOneALine(t *testing.T) {
	newHarness(t, nil) // Vietnamese messages
	got := feesLine([]catalog.Fee{
		{Label: "Đúng hạn", Note: "Miễn lệ phí theo Luật Hộ tịch."},
		{Label: "Quá hạn", AmountVND: 5000, Note: " Mức thu theo Nghị quyết "},
		{Label: "Bản sao", AmountVND: 8000},
	})
	want := "Đúng hạn: " + T("detail.free") + " (Miễn lệ phí theo Luật Hộ tịch)\n" +
		"Quá hạn: 5.000 đ (Mức thu theo Nghị quyết)\n" +
		"Bản sao: 8.000 đ"
	if got != want {
		t.Errorf("fees:\n%q\nwant\n%q", got, want)
	}
}
