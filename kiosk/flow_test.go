package kiosk

import (
	"context"
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
	h.mustBeOn(scrIdentity)
	h.ui.onQR(testCCCD)
	h.mustSee("Đã đọc thẻ CCCD. Hãy kiểm tra lại thông tin, thêm số điện thoại nếu muốn.")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrForm)
}

func (h *harness) formInput(id string) *input {
	h.t.Helper()
	for _, in := range h.ui.cur.(*formScreen).inputs {
		if in.field.ID == id {
			return in
		}
	}
	h.t.Fatalf("no form field %q", id)
	return nil
}

func TestFileDossierEndToEndLocal(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(2) })
	wait := asyncWaiter(h)
	h.toForm()
	// Applicant fields came from the CCCD.
	if got := h.formInput("nguoi_yeu_cau").value(); got != "Nguyễn Thị Ngọc Hường" {
		t.Fatalf("name prefilled %q", got)
	}
	if got := h.formInput("cccd").value(); got != "092158001234" {
		t.Fatalf("cccd prefilled %q", got)
	}
	// Missing and wrong values are explained next to the fields.
	h.formInput("ngay_sinh_tre").setValue("31/02/2024")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrForm)
	h.mustSee("Xin điền ô này.")
	h.mustSee("Ngày chưa đúng. Hãy gõ ngày/tháng/năm, ví dụ 05/03/1958.")
	h.mustSee("Xin chọn một mục.")
	h.formInput("ten_tre").setValue("Trần Minh Khôi")
	h.formInput("ngay_sinh_tre").setValue("14/11/2026")
	h.formInput("so_ban_sao").setValue("2")
	h.formInput("dien_thoai").setValue("0912 345")
	h.tapText("Nữ")
	h.tapText("Tiếp tục")
	h.mustSee("Số điện thoại cần đủ 10 chữ số và bắt đầu bằng số 0.")
	h.formInput("dien_thoai").setValue("0912345678")
	h.tapText("Tiếp tục")
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
