package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

func proc(code, name, field string, steps ...string) catalog.Procedure {
	if len(steps) == 0 {
		steps = []string{"Nộp hồ sơ tại bộ phận một cửa", "Nhận kết quả"}
	}
	return catalog.Procedure{
		Code: code, Name: name, NameEN: "EN " + name, Field: field, Agency: "UBND cấp xã", Level: catalog.Level3,
		ProcessingTime: "03 ngày làm việc", Steps: steps,
		Documents: []catalog.Document{{ID: "to-khai", Name: "Tờ khai", Copies: 1, Scan: true}},
		Form: []catalog.Field{
			{ID: "ho_ten", Label: "Họ và tên", Type: catalog.Text, Required: true, Applicant: "name"},
			{ID: "so_dinh_danh", Label: "Số định danh", Type: catalog.CCCD, Applicant: "id_number"},
			{ID: "gioi_tinh", Label: "Giới tính", Type: catalog.Text, Applicant: "sex"},
			{ID: "dia_chi", Label: "Địa chỉ", Type: catalog.Text, Applicant: "address"},
			{ID: "so_dien_thoai", Label: "Số điện thoại", Type: catalog.Phone, Applicant: "phone"},
			{ID: "noi_sinh", Label: "Nơi sinh", Type: catalog.Text},
			{ID: "ghi_chu", Label: "Ghi chú", Type: catalog.LongText},
		},
	}
}

func testCatalog() *catalog.Catalog {
	return &catalog.Catalog{Version: "test-1", Procedures: []catalog.Procedure{
		proc("1.001193", "Đăng ký khai sinh", "Hộ tịch"),
		proc("1.000894", "Đăng ký kết hôn", "Hộ tịch"),
		proc("1.000656", "Đăng ký khai tử", "Hộ tịch"),
		proc("1.004873", "Cấp giấy xác nhận tình trạng hôn nhân", "Hộ tịch"),
		proc("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực"),
		proc("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực"),
		proc("1.010001", "Hoà giải tranh chấp đất đai", "Đất đai"),
		proc("1.010002", "Hỗ trợ thiệt hại do thiên tai, thuỷ lợi", "Nông nghiệp"),
		// Mentions "khai sinh" only in its steps: must rank after the name hits.
		proc("1.010003", "Đăng ký thường trú cho trẻ em", "Cư trú", "Nộp kèm bản sao giấy khai sinh của trẻ", "Nhận kết quả"),
	}}
}

// openStore opens a store in a fresh temp dir with the test catalog imported.
func openStore(t *testing.T, opts store.Options) *store.Store {
	t.Helper()
	dir := t.TempDir()
	if opts.PageDir == "" {
		opts.PageDir = filepath.Join(dir, "pages")
	}
	s, err := store.Open(ctx(t), filepath.Join(dir, "kiosk.db"), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.ImportCatalog(ctx(t), testCatalog()); err != nil {
		t.Fatalf("ImportCatalog: %v", err)
	}
	return s
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// nameOnly keeps only the name field of p's form.
func nameOnly(p catalog.Procedure) catalog.Procedure {
	p.Form = p.Form[:1]
	return p
}
