package typing_test

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// vocabulary is what residents type into the kiosk's forms and search box: the
// words of administrative procedures, form fields and screen messages.
const vocabulary = `đăng ký khai sinh kết hôn khai tử chứng thực bản sao giấy tờ hộ tịch đất đai
xây dựng giấy phép cấp đổi lại căn cước công dân thường trú tạm trú người yêu cầu họ tên
ngày tháng năm sinh giới tính nam nữ dân tộc kinh quốc tịch việt nơi cư địa chỉ số điện
thoại thư hồ sơ thủ tục hành chính lĩnh vực cơ quan giải quyết thời hạn lệ phí miễn nộp
trực tuyến một phần toàn trình tiếp nhận trả kết quả bưu văn hóa xã phường thị trấn
quận huyện tỉnh thành phố ủy ban nhân chủ cán bộ tư pháp xác tình trạng con cha mẹ vợ
chồng ông bà anh chị em nuôi giám quyền sử dụng nhà ở tài sản gắn liền chuyển nhượng
thừa kế tặng cho thế chấp đánh giá mức độ hài lòng rất tốt bình chưa không đồng ý tục
quay trang tìm kiếm xem chi tiết quét liệu chụp ảnh xin chờ giây lát lỗi kẹt nắp mở
máy kết nối hướng dẫn dịch vụ nghỉ hưu trợ xã hội cao tuổi khuyết tật nghèo bảo hiểm
y tế giáo dục khen thưởng gửi mưa rượu cứu khuỷu ngoẹo nghiêng chuyện người muối
giữa hoặc khỏe thủy hòa lũy hủy tùy thụy quý quỳnh huỳnh khuê thuế luật đoàn`

// vletter is one letter split into its plain base, its mark and its tone.
type vletter struct {
	base rune // plain Latin letter, with case
	mark byte // 0, '^' (â ê ô), '(' (ă), '+' (ơ ư), '-' (đ)
	tone int  // 0..5 in VNI order
}

func splitWord(w string) []vletter {
	var out []vletter
	for _, r := range w {
		switch r {
		case 'đ':
			out = append(out, vletter{base: 'd', mark: '-'})
			continue
		case 'Đ':
			out = append(out, vletter{base: 'D', mark: '-'})
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		l := vletter{base: d[0]}
		for _, m := range d[1:] {
			switch m {
			case '\u0302':
				l.mark = '^'
			case '\u0306':
				l.mark = '('
			case '\u031B':
				l.mark = '+'
			case '\u0301':
				l.tone = 1
			case '\u0300':
				l.tone = 2
			case '\u0309':
				l.tone = 3
			case '\u0303':
				l.tone = 4
			case '\u0323':
				l.tone = 5
			}
		}
		out = append(out, l)
	}
	return out
}

// keysFor spells word w for method m. inlineMarks types each mark right after its
// letter (else all after the word); inlineTone types the tone right after its
// vowel (else at the end of the word).
func keysFor(m typing.Method, w string, inlineMarks, inlineTone bool) string {
	toneKey := func(t int) string {
		if m == typing.VNI {
			return string(rune('0' + t))
		}
		return string(" sfrxj"[t])
	}
	markKey := func(l vletter) string {
		switch {
		case m == typing.VNI:
			return map[byte]string{'^': "6", '(': "8", '+': "7", '-': "9"}[l.mark]
		case l.mark == '^' || l.mark == '-':
			return string(unicode.ToLower(l.base))
		}
		return "w"
	}
	var b, marks, tone strings.Builder
	for _, l := range splitWord(w) {
		b.WriteRune(l.base)
		if l.mark != 0 {
			k := markKey(l)
			switch {
			case inlineMarks:
				b.WriteString(k)
			case !strings.Contains(marks.String(), k): // one w (or 7) makes both of ươ
				marks.WriteString(k)
			}
		}
		if l.tone != 0 {
			if inlineTone {
				b.WriteString(toneKey(l.tone))
			} else {
				tone.WriteString(toneKey(l.tone))
			}
		}
	}
	return b.String() + marks.String() + tone.String()
}

// Every word comes out right whatever order its marks and tone are typed in:
// marks after their letter or after the word, tone after its vowel or at the end.
// (xoong is the one word that needs care: "xooong", see TestComposeTelexRules.)
func TestComposeAnyOrder(t *testing.T) {
	seen := map[string]bool{}
	var words []string
	add := func(text string) {
		for _, w := range strings.Fields(text) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			if w == "" || seen[w] || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
				continue
			}
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, c := range names {
		add(c.want)
	}
	add(vocabulary)
	if len(words) < 250 {
		t.Fatalf("only %d distinct words to test", len(words))
	}
	n := 0
	for _, w := range words {
		for _, m := range []typing.Method{typing.Telex, typing.VNI} {
			for _, order := range [][2]bool{{true, false}, {true, true}, {false, false}, {false, true}} {
				keys := keysFor(m, w, order[0], order[1])
				if got := typing.Compose(m, keys); got != w {
					t.Errorf("Compose(%v, %q) = %q, want %q (marks inline %v, tone inline %v)", m, keys, got, w, order[0], order[1])
				}
				n++
			}
		}
	}
	t.Logf("%d words, %d spellings", len(words), n)
}
