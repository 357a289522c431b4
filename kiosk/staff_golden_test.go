package kiosk

import "testing"

// TestGoldenBackOffice compares the PIN pad, the empty staff queue and the officials'
// figures and chart of the known day with their golden markup (testdata/screens/
// staff_*.xml, official_*.xml; KIOSK_UPDATE_GOLDEN=1 rewrites them).
func TestGoldenBackOffice(t *testing.T) {
	h := knownDayHarness(t)
	h.tapCorner()
	h.typePIN("0000")
	h.assertGolden("staff_pin")
	h.typePIN(testStaffPIN)
	h.assertGolden("staff_queue_empty")
	h.tapText("Đăng xuất")
	h.signIn(testOfficialPIN)
	h.assertGolden("official_summary")
	h.tapText("Biểu đồ")
	h.assertGolden("official_chart_hours")
	h.tapText("30 ngày qua")
	h.assertGolden("official_chart_days")
	h.tapText("Theo thủ tục")
	h.assertGolden("official_procedures")
}
