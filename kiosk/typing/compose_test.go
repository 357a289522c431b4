package typing_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// composeCase is one text typed both ways.
type composeCase struct {
	want, telex, vni string
}

// names are family names, given names and place names of Cần Thơ (its districts,
// wards and, since 2025, those of Hậu Giang and Sóc Trăng), as residents type them.
var names = []composeCase{
	// the issue's own examples
	{"Nguyễn Thị Ngọc Hường", "Nguyeenx Thij Ngocj Huwowngf", "Nguye6n4 Thi5 Ngoc5 Hu7o7ng2"},
	{"Cần Thơ", "Caafn Thow", "Ca6n2 Tho7"},
	{"Đà Nẵng", "DDaf Nawngx", "D9a2 Na8ng4"},
	// family names
	{"Nguyễn", "Nguyeenx", "Nguye6n4"},
	{"Trần", "Traafn", "Tra6n2"},
	{"Lê", "Lee", "Le6"},
	{"Phạm", "Phamj", "Pham5"},
	{"Huỳnh", "Huyfnh", "Huy2nh"},
	{"Hoàng", "Hoangf", "Hoang2"},
	{"Võ", "Vox", "Vo4"},
	{"Đặng", "DDawngj", "D9a8ng5"},
	{"Bùi", "Buif", "Bui2"},
	{"Đỗ", "DDoox", "D9o64"},
	{"Hồ", "Hoof", "Ho62"},
	{"Ngô", "Ngoo", "Ngo6"},
	{"Dương", "Duwowng", "Du7o7ng"},
	{"Lý", "Lys", "Ly1"},
	{"Trương", "Truwowng", "Truo7ng"},
	{"Đoàn", "DDoanf", "D9oan2"},
	{"Lưu", "Luwu", "Lu7u"},
	{"Vương", "Vuwowng", "Vuo7ng"},
	{"Châu", "Chaau", "Cha6u"},
	{"Phan", "Phan", "Phan"},
	{"Quách", "Quachs", "Qua1ch"},
	// given names
	{"Thị", "Thij", "Thi5"},
	{"Văn", "Vawn", "Va8n"},
	{"Hường", "Huwowngf", "Hu7o7ng2"},
	{"Khuê", "Khuee", "Khue6"},
	{"Quyết", "Quyeets", "Quye6t1"},
	{"Nguyệt", "Nguyeetj", "Nguye6t5"},
	{"Xuân", "Xuaan", "Xua6n"},
	{"Hưng", "Huwng", "Hu7ng"},
	{"Tuấn", "Tuaans", "Tua6n1"},
	{"Ngọc", "Ngocj", "Ngoc5"},
	{"Phương", "Phuwowng", "Phu7o7ng"},
	{"Dũng", "Dungx", "Du4ng"},
	{"Hạnh", "Hanhj", "Ha5nh"},
	{"Thảo", "Thaor", "Thao3"},
	{"Yến", "Yeens", "Ye6n1"},
	{"Tuyết", "Tuyeets", "Tuye6t1"},
	{"Hiếu", "Hieeus", "Hie6u1"},
	{"Hoài", "Hoaif", "Hoai2"},
	{"Duyên", "Duyeen", "Duye6n"},
	{"Uyên", "Uyeen", "Uye6n"},
	{"Quỳnh", "Quynhf", "Quy2nh"},
	{"Toàn", "Toanf", "Toan2"},
	{"Thủy", "Thuyr", "Thuy3"},
	{"Hòa", "Hoaf", "Hoa2"},
	{"Nghĩa", "Nghiax", "Nghia4"},
	{"Phước", "Phuwowcs", "Phu7o7c1"},
	{"Thắng", "Thawngs", "Tha8ng1"},
	{"Giàu", "Giauf", "Giau2"},
	{"Hữu", "Huwux", "Hu7u4"},
	{"Mỹ", "Myx", "My4"},
	{"Ánh", "Anhs", "A1nh"},
	{"Đức", "DDuwcs", "D9u7c1"},
	{"Quốc", "Quoocs", "Quo6c1"},
	{"Gấm", "Gaams", "Ga6m1"},
	{"Lợi", "Lowij", "Lo7i5"},
	{"Khánh", "Khanhs", "Kha1nh"},
	{"Thoại", "Thoaij", "Thoai5"},
	{"Khuyến", "Khuyeens", "Khuye6n1"},
	{"Oanh", "Oanh", "Oanh"},
	{"Ẩn", "AAnr", "A6n3"},
	{"Nguyễn Văn Tư", "Nguyeenx Vawn Tw", "Nguye6n4 Va8n Tu7"},
	{"Trần Thị Mỹ Duyên", "Traafn Thij Myx Duyeen", "Tra6n2 Thi5 My4 Duye6n"},
	{"Huỳnh Ngọc Khuê", "Huyfnh Ngocj Khuee", "Huy2nh Ngoc5 Khue6"},
	{"Võ Thị Thu Hà", "Vox Thij Thu Haf", "Vo4 Thi5 Thu Ha2"},
	{"Bùi Quốc Tuấn", "Buif Quoocs Tuaans", "Bui2 Quo6c1 Tua6n1"},
	{"Dương Minh Quyết", "Duwowng Minh Quyeets", "Du7o7ng Minh Quye6t1"},
	{"Lý Thị Nguyệt", "Lys Thij Nguyeetj", "Ly1 Thi5 Nguye6t5"},
	{"Ngô Xuân Hưng", "Ngoo Xuaan Huwng", "Ngo6 Xua6n Hu7ng"},
	{"Đặng Hữu Phước", "DDawngj Huwux Phuwowcs", "D9a8ng5 Hu7u4 Phu7o7c1"},
	// districts of Cần Thơ
	{"Ninh Kiều", "Ninh Kieeuf", "Ninh Kie6u2"},
	{"Bình Thủy", "Binhf Thuyr", "Bi2nh Thuy3"},
	{"Cái Răng", "Cais Rawng", "Ca1i Ra8ng"},
	{"Ô Môn", "OO Moon", "O6 Mo6n"},
	{"Thốt Nốt", "Thoots Noots", "Tho6t1 No6t1"},
	{"Phong Điền", "Phong DDieenf", "Phong D9ie6n2"},
	{"Cờ Đỏ", "Cowf DDor", "Co72 D9o3"},
	{"Vĩnh Thạnh", "Vinhx Thanhj", "Vi4nh Tha5nh"},
	{"Thới Lai", "Thowis Lai", "Tho7i1 Lai"},
	// wards and communes
	{"Xuân Khánh", "Xuaan Khanhs", "Xua6n Kha1nh"},
	{"Hưng Lợi", "Huwng Lowij", "Hu7ng Lo7i5"},
	{"An Hòa", "An Hoaf", "An Hoa2"},
	{"Cái Khế", "Cais Khees", "Ca1i Khe61"},
	{"Trà Nóc", "Traf Nocs", "Tra2 No1c"},
	{"Bùi Hữu Nghĩa", "Buif Huwux Nghiax", "Bui2 Hu7u4 Nghia4"},
	{"Long Tuyền", "Long Tuyeenf", "Long Tuye6n2"},
	{"Châu Văn Liêm", "Chaau Vawn Lieem", "Cha6u Va8n Lie6m"},
	{"Phước Thới", "Phuwowcs Thowis", "Phu7o7c1 Tho7i1"},
	{"Trường Lạc", "Truwowngf Lacj", "Tru7o7ng2 La5c"},
	{"Thuận Hưng", "Thuaanj Huwng", "Thua6n5 Hu7ng"},
	{"Trung Kiên", "Trung Kieen", "Trung Kie6n"},
	{"Tân Lộc", "Taan Loocj", "Ta6n Lo6c5"},
	{"Nhơn Ái", "Nhown Ais", "Nho7n Ai1"},
	{"Mỹ Khánh", "Myx Khanhs", "My4 Kha1nh"},
	{"Giai Xuân", "Giai Xuaan", "Giai Xua6n"},
	{"Đông Hiệp", "DDoong Hieepj", "D9o6ng Hie6p5"},
	{"Định Môn", "DDinhj Moon", "D9i5nh Mo6n"},
	{"Xuân Thắng", "Xuaan Thawngs", "Xua6n Tha8ng1"},
	{"Thạnh Quới", "Thanhj Quowis", "Tha5nh Quo7i1"},
	{"Ba Láng", "Ba Langs", "Ba La1ng"},
	{"Thường Thạnh", "Thuwowngf Thanhj", "Thu7o7ng2 Tha5nh"},
	{"Phú Thứ", "Phus Thuws", "Phu1 Thu71"},
	{"Hậu Giang", "Haauj Giang", "Ha6u5 Giang"},
	{"Vị Thanh", "Vij Thanh", "Vi5 Thanh"},
	{"Ngã Bảy", "Ngax Bary", "Nga4 Ba3y"},
	{"Sóc Trăng", "Socs Trawng", "So1c Tra8ng"},
	// addresses and words a form needs
	{"Nhà văn hóa", "Nhaf vawn hoas", "Nha2 va8n hoa1"},
	{"Bưu điện văn hóa xã", "Buwu ddieenj vawn hoas xax", "Bu7u d9ie6n5 va8n hoa1 xa4"},
	{"Đường 30 Tháng 4", "DDuwowngf 30 Thangs 4", "D9u7o7ng2 30 Tha1ng 4"},
	{"Khu vực Bình Thường, phường Long Tuyền", "Khu vuwcj Binhf Thuwowngf, phuwowngf Long Tuyeenf", "Khu vu7c5 Bi2nh Thu7o7ng2, phu7o7ng2 Long Tuye6n2"},
	{"Hẻm 51, đường Trần Hưng Đạo", "Hemr 51, dduwowngf Traafn Huwng DDaoj", "He3m 51, d9u7o7ng2 Tra6n2 Hu7ng D9ao5"},
	{"giữa", "giuwax", "giu7a4"},
	{"người", "nguwowif", "ngu7o7i2"},
	{"khuỷu", "khuyur", "khuyu3"},
	{"tiếng Việt", "tieengs Vieetj", "tie6ng1 Vie6t5"},
}

func TestComposeNamesTelex(t *testing.T) {
	for _, c := range names {
		if got := typing.Compose(typing.Telex, c.telex); got != c.want {
			t.Errorf("Compose(Telex, %q) = %q, want %q", c.telex, got, c.want)
		}
	}
}

func TestComposeNamesVNI(t *testing.T) {
	for _, c := range names {
		if got := typing.Compose(typing.VNI, c.vni); got != c.want {
			t.Errorf("Compose(VNI, %q) = %q, want %q", c.vni, got, c.want)
		}
	}
}

// Upper case typed anywhere stays where it was typed.
func TestComposeUpperCase(t *testing.T) {
	for _, c := range names {
		up := strings.ToUpper(c.want)
		if got := typing.Compose(typing.Telex, strings.ToUpper(c.telex)); got != up {
			t.Errorf("Compose(Telex, %q) = %q, want %q", strings.ToUpper(c.telex), got, up)
		}
		if got := typing.Compose(typing.VNI, strings.ToUpper(c.vni)); got != up {
			t.Errorf("Compose(VNI, %q) = %q, want %q", strings.ToUpper(c.vni), got, up)
		}
	}
	for _, c := range []composeCase{
		{"Ư", "W", "U7"},
		{"Đ", "Dd", "D9"},
		{"đ", "dD", "d9"},
		{"Ân", "Aan", "A6n"},
		{"ÂN", "AaN", "A6N"},
		{"NGUYỄN Văn", "NGUYEENX Vawn", "NGUYE6N4 Va8n"},
	} {
		if got := typing.Compose(typing.Telex, c.telex); got != c.want {
			t.Errorf("Compose(Telex, %q) = %q, want %q", c.telex, got, c.want)
		}
		if got := typing.Compose(typing.VNI, c.vni); got != c.want {
			t.Errorf("Compose(VNI, %q) = %q, want %q", c.vni, got, c.want)
		}
	}
}

func TestComposeTelexRules(t *testing.T) {
	for _, c := range []struct{ keys, want string }{
		// a key pressed again undoes its mark and types itself
		{"tooss", "tôs"},
		{"ddd", "dd"},
		{"aaa", "aa"},
		{"eee", "ee"},
		{"ooo", "oo"},
		{"aww", "aw"},
		{"oww", "ow"},
		{"uww", "uw"},
		{"ww", "w"},
		{"www", "ww"},
		{"ass", "as"},
		{"ajj", "aj"},
		{"hoaff", "hoaf"},
		{"xooong", "xoong"},
		{"Huwowngw", "Huongw"},
		// ươ from any order of u, o and w
		{"uow", "ươ"},
		{"uwow", "ươ"},
		{"uwo", "ưo"},
		{"huongw", "hương"},
		{"nguoiwf", "người"},
		// w alone, and after the vowel it marks
		{"w", "ư"},
		{"nhw", "như"},
		{"tw", "tư"},
		{"uw", "ư"},
		{"ow", "ơ"},
		{"aw", "ă"},
		{"muaw", "mưa"},
		{"hoawcj", "hoặc"},
		{"quaw", "quă"},
		// z removes the tone; another tone replaces it
		{"asz", "a"},
		{"az", "az"},
		{"Nguyeenxz", "Nguyên"},
		{"asf", "à"},
		{"hoafs", "hóa"},
		// free order: marks and tones after the whole word
		{"tiengse", "tiếng"},
		{"tieesng", "tiếng"},
		{"Nguyenex", "Nguyễn"},
		{"huongfw", "hường"},
		{"did", "đi"},
		{"didd", "did"},
		// the tone moves when the vowels change
		{"hoaf", "hòa"},
		{"hofa", "hòa"},
		{"hofan", "hoàn"},
		{"thuyr", "thủy"},
		{"thury", "thủy"},
		{"quys", "quý"},
		{"gias", "giá"},
		{"gisa", "giá"},
		{"giuwax", "giữa"},
		{"gif", "gì"},
		{"ginf", "gìn"},
		{"Huyfnh", "Huỳnh"},
		{"muaf", "mùa"},
		{"mias", "mía"},
		{"khoer", "khỏe"},
		{"toans", "toán"},
		{"oais", "oái"},
		// keys that cannot apply are typed as they are
		{"st", "st"},
		{"Jas", "Jas"},
		{"Franz", "Franz"},
		{"John", "John"},
		{"hoaa", "hoaa"},
		{"tos s", "tó s"},
		{"bas-f", "bá-f"},
		// non-letters pass through and end the word
		{"Caafn Thow, 2024!", "Cần Thơ, 2024!"},
		{"12/05/1960", "12/05/1960"},
		{"a\ns", "a\ns"},
		{"nguyenvana@gmail.com", "nguyenvana@gmail.com"},
		{"", ""},
	} {
		if got := typing.Compose(typing.Telex, c.keys); got != c.want {
			t.Errorf("Compose(Telex, %q) = %q, want %q", c.keys, got, c.want)
		}
	}
}

func TestComposeVNIRules(t *testing.T) {
	for _, c := range []struct{ keys, want string }{
		{"a11", "a1"},
		{"a66", "a6"},
		{"o77", "o7"},
		{"a88", "a8"},
		{"d99", "d9"},
		{"uo7", "ươ"},
		{"u7o7", "ươ"},
		{"huong72", "hường"},
		{"a10", "a"},
		{"a0", "a0"},
		{"a12", "à"},
		{"hoa2", "hòa"},
		{"ho2a", "hòa"},
		{"quy1", "quý"},
		{"gia1", "giá"},
		{"giu7a4", "giữa"},
		{"so61 12", "số 12"},
		{"0909 123 456", "0909 123 456"},
		{"x1", "x1"},
		{"ab6", "ab6"},
		{"mua7", "mưa"},
		{"mua8", "mua8"},
	} {
		if got := typing.Compose(typing.VNI, c.keys); got != c.want {
			t.Errorf("Compose(VNI, %q) = %q, want %q", c.keys, got, c.want)
		}
	}
}

func TestComposePlain(t *testing.T) {
	for _, s := range []string{"Nguyeenx Thij", "Ca6n2 Tho7", "ddd", "Cần Thơ", ""} {
		if got := typing.Compose(typing.Plain, s); got != s {
			t.Errorf("Compose(Plain, %q) = %q, want it unchanged", s, got)
		}
	}
	// decomposed input comes out composed
	if got := typing.Compose(typing.Plain, "Ca\u0302\u0300n"); got != "Cần" {
		t.Errorf("Compose(Plain, decomposed Cần) = %q, want NFC %q", got, "Cần")
	}
}

// Every output of the tables is NFC and valid UTF-8.
func TestComposeOutputIsNFC(t *testing.T) {
	for _, c := range names {
		for _, got := range []string{typing.Compose(typing.Telex, c.telex), typing.Compose(typing.VNI, c.vni)} {
			if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
				t.Errorf("%q is not valid NFC", got)
			}
		}
	}
}

func TestMethodCycle(t *testing.T) {
	m := typing.Telex
	var seen []string
	for range 3 {
		seen = append(seen, m.String())
		m = m.Next()
	}
	if got := strings.Join(seen, ","); got != "telex,vni,plain" || m != typing.Telex {
		t.Errorf("cycle = %s then %v, want telex,vni,plain then telex", got, m)
	}
}

// A run of letters longer than any syllable is typed as it is.
func TestComposeLongRunsAreNotComposed(t *testing.T) {
	long := strings.Repeat("b", 20)
	if got := typing.Compose(typing.Telex, long+"as"); got != long+"as" {
		t.Errorf("long run: %q", got)
	}
	if got := typing.Compose(typing.Telex, long+" as"); got != long+" á" {
		t.Errorf("after a long run: %q", got)
	}
}
