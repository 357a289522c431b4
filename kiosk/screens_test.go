package kiosk

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/cantho-kiosk/kiosk/scanner"
)

func TestScannerProblemsAreExplained(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("job: %w", ErrNoPaper), "Chưa có giấy trong khay. Hãy đặt giấy vào khay, mặt chữ úp xuống, rồi bấm Quét."},
		{fmt.Errorf("job: %w", ErrPaperJam), "Giấy bị kẹt. Hãy mở nắp máy quét, nhẹ nhàng kéo tờ giấy ra, đóng nắp rồi bấm Quét lại."},
		{fmt.Errorf("job: %w", ErrCoverOpen), "Nắp máy quét đang mở. Hãy đóng nắp lại rồi bấm Quét."},
		{fmt.Errorf("job: %w", ErrScannerGone), "Máy quét bị mất kết nối. Hãy nhờ nhân viên kiểm tra dây cáp, rồi bấm Quét."},
		{fmt.Errorf("job: %w", ErrScannerBusy), "Máy quét đang bận. Hãy chờ một chút rồi bấm Quét."},
		{context.DeadlineExceeded, "Máy quét không trả lời. Hãy bấm Quét để thử lại; nếu vẫn không được, hãy nhờ nhân viên."},
		{fmt.Errorf("weird"), "Có lỗi khi quét. Hãy bấm Quét để thử lại; nếu vẫn lỗi, hãy nhờ nhân viên."},
	}
	for _, c := range cases {
		t.Run(c.err.Error(), func(t *testing.T) {
			h := newHarness(t, func(d *Deps) { d.Scanner = errScanner(c.err) })
			wait := asyncWaiter(h)
			h.toForm()
			h.answerRest(map[string]string{"ten_tre": "Lê Văn Tám", "ngay_sinh_tre": "01/10/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam"})
			h.tapText("Quét")
			wait("scan")
			h.mustSee(c.want)
			h.mustBeOn(scrScan)
		})
	}
}

func TestScannerMissing(t *testing.T) {
	h := newHarness(t, nil)
	h.toForm()
	h.answerRest(map[string]string{"ten_tre": "Lê Văn Tám", "ngay_sinh_tre": "01/10/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam"})
	h.mustSee("Máy quét chưa được kết nối. Hãy nhờ nhân viên bưu điện giúp đỡ.")
	if b := findButton(h.w.Canvas().Content(), "Quét"); b == nil || !b.Disabled() {
		t.Fatal("scan button must be disabled without a scanner")
	}
	h.mustSee("Máy quét: chưa kết nối")
}

func TestBadQRCodesOnIdentity(t *testing.T) {
	h := newHarness(t, nil)
	h.startBirth()
	h.ui.onQR("0921580|garbage")
	h.mustSee("Không đọc được mã trên thẻ. Hãy giữ thẻ yên, cách đầu đọc khoảng một gang tay, rồi thử lại — hoặc gõ thông tin.")
	h.ui.onQR("DVCK1:ABCD-2345")
	h.mustSee("Đây là mã biên nhận, không phải thẻ CCCD. Hãy đưa mặt trước thẻ CCCD có mã QR.")
	// Typed identity with mistakes is explained field by field.
	h.answer("name", "Nguyen Van 3")
	h.asking("name")
	h.mustSee("Họ tên không có chữ số.")
	h.answer("name", "Nguyễn Văn Ba")
	h.answer("id_number", "12345")
	h.asking("id_number")
	h.mustSee("Số CCCD cần đủ 12 chữ số.")
}

func TestLookupByReceiptQROffline(t *testing.T) {
	h := newHarness(t, nil)
	h.toCertifyReview()
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	code := h.ui.cur.(*receiptScreen).d.ReceiptCode
	h.tapText("Xong")
	// A receipt QR on the attract screen opens the lookup directly.
	h.ui.onQR(scanner.FormatReceiptQR(code))
	h.mustBeOn(scrLookup)
	h.mustSee("Đã lưu trên máy, đang chờ gửi đi")
	h.mustSee("Máy đang không có mạng, chưa hỏi được cơ quan giải quyết.")
	if h.sees("Nguyễn Thị Ngọc Hường") {
		t.Fatal("lookup must not show personal data")
	}
	h.shotIfAsked("lookup-result")
	for _, p := range fitProblems(h.w, fyne.NewSize(1366, 768)) {
		t.Errorf("lookup result: %s", p)
	}
	// Typing a wrong code.
	l := h.ui.cur.(*lookupScreen)
	l.entry.SetText("ZZZZ-9999")
	h.tapText("Tìm")
	h.mustSee("Không tìm thấy hồ sơ trên máy này. Máy đang không có mạng; hãy kiểm tra lại mã hoặc thử lại sau.")
}

func TestRatingRecordsUsage(t *testing.T) {
	h := newHarness(t, nil)
	h.tapText("Chạm để bắt đầu")
	h.tapText("Đánh giá dịch vụ")
	h.mustBeOn(scrRating)
	h.tapCard("Hài lòng")
	h.mustSee("Cảm ơn bạn đã đánh giá!")
	day := h.clock.Now().Format("2006-01-02")
	u, err := h.st.Usage(context.Background(), day, day)
	if err != nil || len(u) != 1 || u[0].Ratings[3] != 1 {
		t.Fatalf("usage %+v %v", u, err)
	}
}

// Typing without accents finds accented names (đ included), on every keystroke.
func TestSearchAsYouTypeWithoutAccents(t *testing.T) {
	h := newHarness(t, nil)
	h.tapText("Chạm để bắt đầu")
	h.tapText("Tìm thủ tục")
	s := h.ui.cur.(*proceduresScreen)
	for _, c := range []struct{ typed, want string }{
		{"dang ky ket hon", "Đăng ký kết hôn"},
		{"chung thuc", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"},
		{"khai s", "Đăng ký khai sinh"},
	} {
		s.entry.SetText("")
		for _, r := range c.typed {
			s.entry.SetText(s.entry.Text + string(r)) // one keystroke at a time
		}
		h.settleSearch()
		if len(s.hits) == 0 || h.ui.kit.procName(s.hits[0]) != c.want {
			t.Errorf("%q: first hit %v, want %q", c.typed, s.hits, c.want)
		}
		h.mustSee(c.want)
	}
	s.entry.SetText("zzzz")
	h.settleSearch()
	h.mustSee("Không tìm thấy thủ tục nào. Hãy thử gõ ít chữ hơn.")
}

// A CCCD held to the reader on the attract screen starts a session and fills the form later.
func TestCCCDOnAttractStartsSession(t *testing.T) {
	h := newHarness(t, nil)
	h.ui.onQR(testCCCD)
	h.mustBeOn(scrHome)
	h.mustSee("Đã đọc thẻ CCCD của bạn: thông tin sẽ tự điền vào tờ khai. Hãy chọn việc cần làm.")
	h.tapText("Nộp hồ sơ")
	h.tapCard("Hộ tịch")
	h.tapCard("Đăng ký khai sinh")
	h.tapText("Bắt đầu nộp hồ sơ")
	if got := h.ui.flow.Applicant().IDNumber; got != "092158001234" || h.question().q.Field.ID != "phone" {
		t.Fatalf("identity not filled from the card read on the attract screen: %q", got)
	}
}

// The five scores line up at every display size: "Rất không hài lòng" (1) wraps onto
// two lines, yet its number sits on the same line as 2–5 and its label starts level
// with theirs.
func TestRatingNumbersLineUp(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		for _, size := range fitSizes {
			h := newHarness(t, nil)
			t.Cleanup(func() { h.ui.setLanguage("vi") }) // the language is process-wide
			h.ui.setLanguage(lang)
			h.w.Resize(size)
			h.ui.open(scrRating)
			h.shotIfAsked(fmt.Sprintf("rating-%s-%.0f", lang, size.Width))
			texts, rects := screenTexts(h.w.Content())
			top := map[string]float32{}
			for i, tx := range texts {
				if _, seen := top[tx.text]; !seen {
					top[tx.text] = rects[i].y0
				}
			}
			for n := 2; n <= 5; n++ {
				if d := top[strconv.Itoa(n)] - top["1"]; d > 0.5 || d < -0.5 {
					t.Errorf("%s %v: the number %d is %.0f px below the 1", lang, size, n, d)
				}
			}
			lineTop := func(label string) float32 { // its first line's
				for i, tx := range texts {
					if strings.HasPrefix(label, tx.text) && len(tx.text) > 1 {
						return rects[i].y0
					}
				}
				t.Fatalf("%s %v: no label %q", lang, size, label)
				return 0
			}
			if l1, l3 := T("rating.1"), T("rating.3"); lineTop(l3) != lineTop(l1) {
				t.Errorf("%s %v: label %q starts at %.0f, %q at %.0f", lang, size, l1, lineTop(l1), l3, lineTop(l3))
			}
		}
	}
}

// The lookup result's scroll buttons say "Lên"/"Xuống" like every other panel's (they
// were arrows only), and fit beside the keyboard at every display size.
func TestLookupScrollButtonsSayUpDown(t *testing.T) {
	for _, size := range fitSizes {
		h := newHarness(t, nil)
		h.w.Resize(size)
		h.ui.open(scrLookup)
		h.shotIfAsked(fmt.Sprintf("lookup-%.0f", size.Width))
		for _, s := range []string{"Lên", "Xuống"} {
			if findButton(h.w.Content(), s) == nil {
				t.Errorf("%v: no %q button on the lookup screen", size, s)
			}
		}
		for _, p := range fitProblems(h.w, size) {
			t.Errorf("%v: %s", size, p)
		}
	}
}
