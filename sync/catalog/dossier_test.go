package catalog_test

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

func TestRefusal(t *testing.T) {
	p := &catalog.Procedure{
		Code:      "1.000001",
		Documents: []Document{{ID: "to-khai", Scan: true}},
		Form: []catalog.Field{
			{ID: "ten_tre", Label: "Họ tên trẻ", Type: catalog.Text, Required: true, MinLen: 2, MaxLen: 10},
			{ID: "ho_ten_me", Label: "Họ tên mẹ", Type: catalog.Text, Required: true, Applicant: "name"},
			{ID: "gioi_tinh", Label: "Giới tính", Type: catalog.Choice, Choices: []string{"Nam", "Nữ"}},
			{ID: "so_nha", Label: "Số nhà", Type: catalog.Text, Pattern: `^[0-9]+$`},
		},
	}
	mother := func(key string) string {
		if key == "name" {
			return "Nguyễn Thị Hoa"
		}
		return ""
	}
	for _, tc := range []struct {
		name string
		in   catalog.Filing
		want string
	}{
		{"valid, the mother's name from the identity", catalog.Filing{ApplicantName: "Nguyễn Thị Hoa", Applicant: mother,
			Fields: map[string]string{"ten_tre": "Minh Khôi", "gioi_tinh": "Nam"}, Pages: []catalog.FiledPage{{Seq: 1, DocumentID: "to-khai", Format: "jpeg"}}}, ""},
		{"no applicant name", catalog.Filing{Fields: map[string]string{"ten_tre": "An"}}, catalog.MissingApplicantName},
		{"required missing, no identity to fill it", catalog.Filing{ApplicantName: "X", Fields: map[string]string{"ten_tre": " "}},
			`Hồ sơ không hợp lệ: thiếu "Họ tên trẻ"; thiếu "Họ tên mẹ".`},
		{"unknown fields sorted, bad lengths, choice and pattern", catalog.Filing{ApplicantName: "X", Applicant: mother,
			Fields: map[string]string{"zz": "1", "aa": "2", "ten_tre": "Trần Minh Khôi Nguyên", "gioi_tinh": "Khác", "so_nha": "12a"}},
			`Hồ sơ không hợp lệ: trường "aa" không có trong biểu mẫu; trường "zz" không có trong biểu mẫu; "Họ tên trẻ" dài quá 10 ký tự; "Giới tính" không phải một lựa chọn hợp lệ; "Số nhà" không đúng định dạng.`},
		{"too short", catalog.Filing{ApplicantName: "X", Applicant: mother, Fields: map[string]string{"ten_tre": "A"}},
			`Hồ sơ không hợp lệ: "Họ tên trẻ" ngắn hơn 2 ký tự.`},
		{"pages of another procedure's document or format", catalog.Filing{ApplicantName: "X", Applicant: mother, Fields: map[string]string{"ten_tre": "An"},
			Pages: []catalog.FiledPage{{Seq: 1, DocumentID: "cmnd", Format: "jpeg"}, {Seq: 2, DocumentID: "to-khai", Format: "gif"}}},
			`Hồ sơ không hợp lệ: trang 1: giấy tờ "cmnd" không thuộc thủ tục này; trang 2: định dạng "gif" không được nhận (chỉ jpeg, png).`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.Refusal(tc.in); got != tc.want {
				t.Errorf("Refusal:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Document is shorthand for the test table.
type Document = catalog.Document
