package kiosk

import "testing"

// A search that finds nothing says to ask the staff and shows the field tiles in
// place of the results; a tile opens its field; typing something found hides them.
func TestZeroResultsShowFieldTilesAndStaff(t *testing.T) {
	h := newHarness(t, nil)
	h.tapText("Chạm để bắt đầu")
	h.tapText("Tìm thủ tục")
	s := h.ui.cur.(*proceduresScreen)
	s.entry.SetText("xqzw")
	h.settleSearch()
	h.mustSee("Không tìm thấy? Hãy hỏi nhân viên bưu điện: họ sẽ giúp bạn.")
	h.mustSee("Hộ tịch")
	s.entry.SetText("khai sinh")
	h.settleSearch()
	if h.sees("Không tìm thấy? Hãy hỏi nhân viên bưu điện: họ sẽ giúp bạn.") {
		t.Fatal("the staff hint stays with results shown")
	}
	h.mustSee("Đăng ký khai sinh")
	s.entry.SetText("xqzw")
	h.settleSearch()
	h.tapText("Hộ tịch")
	h.mustBeOn(scrField)
	h.mustSee("Đăng ký khai sinh")
}
