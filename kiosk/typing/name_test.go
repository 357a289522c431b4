package typing_test

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

func TestCapitalizeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"nguyễn văn an", "Nguyễn Văn An"},
		{"NGUYỄN THỊ NGỌC HƯỜNG", "Nguyễn Thị Ngọc Hường"},
		{"nguyễn văn AN", "Nguyễn Văn An"},
		{"đỗ thị ánh", "Đỗ Thị Ánh"},
		{"ông ích khiêm", "Ông Ích Khiêm"},
		{"ưng hoàng phúc", "Ưng Hoàng Phúc"},
		{"ỷ lan", "Ỷ Lan"},
		{"  lê   văn  tám  ", "Lê Văn Tám"},
		{"y moan ê-đê", "Y Moan Ê-Đê"},
		{"ấp 3, xã mỹ khánh", "Ấp 3, Xã Mỹ Khánh"},
		{"tổ 12", "Tổ 12"},
		{"Nguye\u0302\u0303n", "Nguyễn"}, // NFD in, NFC out
		{"", ""},
		{"   ", ""},
	} {
		if got := typing.CapitalizeName(c.in); got != c.want {
			t.Errorf("CapitalizeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
