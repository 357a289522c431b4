package kiosk

import (
	"testing"
)

func TestAttractHomeSearchDetail(t *testing.T) {
	h := newHarness(t, nil)
	h.mustBeOn("attract")
	h.tapText("Chạm để bắt đầu")
	h.mustBeOn("home")
	h.tapText("Tìm thủ tục")
	h.mustBeOn("search")
	s := h.ui.cur.(*proceduresScreen)
	s.entry.SetText("dang ky khai")
	h.tapCard("Đăng ký khai sinh")
	h.mustBeOn("detail")
	h.mustSee("Đăng ký khai sinh")
}
