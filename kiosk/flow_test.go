package kiosk

import (
	"context"
	"maps"
	"os"
	"testing"
)

func TestAttractHomeSearchDetail(t *testing.T) {
	h := newHarness(t, nil)
	h.mustBeOn(scrAttract)
	h.tapText("Chạm để bắt đầu")
	h.mustBeOn(scrHome)
	h.tapText("Tìm thủ tục")
	h.mustBeOn(scrSearch)
	s := h.ui.cur.(*proceduresScreen)
	s.entry.SetText("dang ky khai")
	h.settleSearch()
	h.tapCard("Đăng ký khai sinh")
	h.mustBeOn(scrDetail)
	h.mustSee("Đăng ký khai sinh")
}

const testCCCD = "092158001234|361234567|Nguyễn Thị Ngọc Hường|05031958|Nữ|12 Trần Hưng Đạo, Ninh Kiều, Cần Thơ|01012022"

// fillIdentityByQR walks from attract to the form of the birth registration.
func (h *harness) toForm() {
	h.t.Helper()
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrProcedures)
	h.tapCard("Hộ tịch")
	h.mustBeOn(scrField)
	h.tapCard("Đăng ký khai sinh")
	h.mustBeOn(scrDetail)
	h.tapText("Bắt đầu nộp hồ sơ")
	h.asking("name")
	h.ui.onQR(testCCCD)
	// The card answered the applicant's questions but the phone; the phone is asked
	// once and the form's own phone question takes it.
	h.answer("phone", "")
	h.asking("ten_tre")
}

// startBirth taps from the attract screen to a birth registration's first question.
func (h *harness) startBirth() {
	h.t.Helper()
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.tapCard("Hộ tịch")
	h.tapCard("Đăng ký khai sinh")
	h.tapText("Bắt đầu nộp hồ sơ")
}

// toCertifyReview files "certify a copy" with the CCCD from the attract screen up to
// its review (it has no document to scan).
func (h *harness) toCertifyReview() { h.toCertifyReviewWith(nil) }

// toCertifyReviewWith is toCertifyReview answering the questions in answers too.
func (h *harness) toCertifyReviewWith(answers map[string]string) {
	h.t.Helper()
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.tapCard("Chứng thực")
	h.tapCard("Chứng thực bản sao từ bản chính giấy tờ, văn bản")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.ui.onQR(testCCCD)
	vals := map[string]string{"so_trang": "3"}
	maps.Copy(vals, answers)
	h.answerRest(vals)
	h.mustBeOn(scrReview)
}

// birthToReview walks a birth registration from the attract screen to its review:
// the CCCD, the child's answers and one scan of each required document.
func (h *harness) birthToReview(wait func(string)) {
	h.t.Helper()
	h.toForm()
	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nữ"})
	h.mustBeOn(scrScan)
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrReview)
}

func TestFileDossierEndToEndLocal(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(2) })
	wait := asyncWaiter(h)
	h.toForm()
	// Applicant fields came from the CCCD.
	if got := h.ui.flow.Fields(); got["nguoi_yeu_cau"] != "Nguyễn Thị Ngọc Hường" || got["cccd"] != "092158001234" {
		t.Fatalf("applicant fields prefilled %q, %q", got["nguoi_yeu_cau"], got["cccd"])
	}
	// Missing and wrong values are explained under the answer, and the question stays.
	h.answer("ten_tre", "")
	h.mustSee("Xin điền ô này.")
	h.answer("ten_tre", "Trần Minh Khôi")
	h.answer("ngay_sinh_tre", "31/02/2024")
	h.asking("ngay_sinh_tre")
	h.mustSee("Không có ngày này trong lịch. Hãy kiểm tra lại ngày và tháng.")
	h.answer("ngay_sinh_tre", "14/11/2026")
	h.tapText("Tiếp tục") // a choice moves on only with a tap on one
	h.asking("gioi_tinh_tre")
	h.mustSee("Xin chọn một mục.")
	h.answer("gioi_tinh_tre", "Nữ")
	h.answer("so_ban_sao", "2")
	h.answer("quan_he", "Mẹ") // the mother files: her name and CCCD are not asked
	h.answer("dien_thoai", "0912 345")
	h.mustSee("Số điện thoại cần đủ 10 chữ số và bắt đầu bằng số 0.")
	h.answer("dien_thoai", "0912345678")
	h.answer("ghi_chu", "")
	h.mustBeOn(scrScan)

	// Two required documents, one optional: scan, remove a page, rescan.
	h.tapText("Quét")
	wait("scan")
	if n := len(h.ui.flow.PagesOf("to-khai")); n != 2 {
		t.Fatalf("pages of to-khai = %d, want 2", n)
	}
	h.tapText("Xóa")
	if n := len(h.ui.flow.PagesOf("to-khai")); n != 1 {
		t.Fatalf("after remove: %d pages, want 1", n)
	}
	h.tapText("Tiếp tục") // to chung-sinh
	h.tapText("Tiếp tục") // to uy-quyen (optional)
	h.tapText("Tiếp tục") // chung-sinh missing: back to it with a message
	h.mustSee("Giấy tờ này là bắt buộc. Hãy quét trước khi tiếp tục.")
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrReview)

	// Submit is disabled until consent is ticked.
	r := h.ui.cur.(*reviewScreen)
	if r.consent.Checked || !r.submit.Disabled() {
		t.Fatal("consent must start unticked with submit disabled")
	}
	sessDir := h.ui.flow.PageDir()
	r.consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	rc := h.ui.cur.(*receiptScreen)
	d, err := h.st.FindDossier(context.Background(), rc.d.ReceiptCode)
	if err != nil {
		t.Fatalf("dossier not in store: %v", err)
	}
	if d.Applicant.IDNumber != "092158001234" || d.Fields["ten_tre"] != "Trần Minh Khôi" || d.Fields["ngay_sinh_tre"] != "2026-11-14" || d.Fields["gioi_tinh_tre"] != "Nữ" {
		t.Fatalf("stored dossier %+v", d)
	}
	if len(d.Pages) != 3 {
		t.Fatalf("stored %d pages, want 3", len(d.Pages))
	}
	if entries, _ := os.ReadDir(sessDir); len(entries) != 0 {
		t.Fatalf("session temp pages left after submit: %v", entries)
	}
	// Done: back to attract, usage recorded as completed.
	h.tapText("Xong")
	h.mustBeOn(scrAttract)
	day := h.clock.Now().Format("2006-01-02")
	u, err := h.st.Usage(context.Background(), day, day)
	if err != nil || len(u) != 1 {
		t.Fatalf("usage: %v %v", u, err)
	}
	if u[0].Sessions != 1 || u[0].Completed != 1 || u[0].DossiersSubmitted != 1 || u[0].PagesScanned != 3 {
		t.Fatalf("usage %+v", u[0])
	}
}
