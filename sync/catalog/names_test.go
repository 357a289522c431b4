package catalog_test

import (
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

func TestIsPersonName(t *testing.T) {
	for _, c := range []struct {
		f    catalog.Field
		want bool
	}{
		{catalog.Field{Label: "Họ, chữ đệm và tên người được khai sinh", Type: catalog.Text}, true},
		{catalog.Field{Label: "Họ và tên", Type: catalog.Text}, true},
		{catalog.Field{Label: "Họ tên trẻ", Type: catalog.Text}, true},
		{catalog.Field{Label: norm.NFD.String("HỌ TÊN NGƯỜI YÊU CẦU"), Type: catalog.Text}, true},
		{catalog.Field{Label: "Người yêu cầu", Type: catalog.Text, Applicant: "name"}, true},
		{catalog.Field{Label: "Tên lễ hội", Type: catalog.Text}, false},
		{catalog.Field{Label: "Tên giấy tờ cần chứng thực", Type: catalog.Text}, false},
		{catalog.Field{Label: "Nơi cư trú", Type: catalog.Text, Applicant: "address"}, false},
		{catalog.Field{Label: "Họ tên", Type: catalog.LongText}, false},
	} {
		if got := c.f.IsPersonName(); got != c.want {
			t.Errorf("IsPersonName(%q, %s, %q) = %v, want %v", c.f.Label, c.f.Type, c.f.Applicant, got, c.want)
		}
	}
}
