package kiosk

import (
	"strings"
	"testing"
)

// On a one-question screen about the applicant, the hint says what to do: with a QR
// reader, hold the card to it; without one, answer the questions. It never says "touch
// each box" (the screen has one box).
func TestApplicantQuestionHint(t *testing.T) {
	for _, c := range []struct {
		name string
		qr   bool
		want string
	}{
		{"no reader", false, "Đầu đọc mã QR chưa được kết nối. Hãy tự trả lời từng câu."},
		{"reader", true, "Có thẻ căn cước (CCCD)? Đưa mã QR ở mặt trước thẻ vào đầu đọc: các câu về bạn sẽ tự điền."},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, func(d *Deps) {
				if c.qr {
					d.QR = make(chanQR)
				}
			})
			t.Cleanup(func() { h.ui.setLanguage("vi") }) // the language is process-wide
			h.startBirth()
			h.asking("name")
			h.mustSee(c.want)
			if strings.Contains(strings.Join(h.screenText(), " "), "từng ô") {
				t.Errorf("the hint speaks of boxes: %q", h.screenText())
			}
			h.tapText("English")
			h.asking("name")
			if strings.Contains(strings.Join(h.screenText(), " "), "each box") {
				t.Errorf("the English hint speaks of boxes: %q", h.screenText())
			}
		})
	}
}
