package kiosk

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2/test"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// walkTally counts what a resident does on the real flow: taps (typed characters not
// counted), keystrokes, and the screens read.
type walkTally struct {
	h                   *harness
	taps, keys, screens int
	last                screen
}

func (w *walkTally) seen() {
	if w.h.ui.cur != w.last {
		w.last = w.h.ui.cur
		w.screens++
	}
}

func (w *walkTally) tap(s string)     { w.h.t.Helper(); w.h.tapText(s); w.taps++; w.seen() }
func (w *walkTally) tapCard(s string) { w.h.t.Helper(); w.h.tapCard(s); w.taps++; w.seen() }

// answerAll answers every question still asked: a choice with one tap, a typed answer
// with its characters and one tap on "Tiếp tục".
func (w *walkTally) answerAll(vals map[string]string) {
	w.h.t.Helper()
	for i := 0; i < 100 && w.h.ui.current() == scrQuestion; i++ {
		s := w.h.question()
		v, ok := vals[s.q.Field.ID]
		if !ok {
			v = sampleAnswer(s.q.Field)
		}
		if s.in.pick != nil {
			for j, c := range s.in.pick.choices {
				if c == v {
					test.Tap(s.in.pick.buttons[j])
				}
			}
			w.taps++
		} else {
			s.in.setValue(v)
			w.keys += utf8.RuneCountInString(v)
			if s.q.Field.Type == catalog.Date {
				w.keys -= strings.Count(v, "/") // the date pad puts the slashes in
			}
			w.tap("Tiếp tục")
		}
		w.seen()
	}
}

// seconds is the estimated time: 2 s a tap, 1.5 s a keystroke, 8 s reading a screen.
func (w *walkTally) seconds() float64 {
	return 2*float64(w.taps) + 1.5*float64(w.keys) + 8*float64(w.screens)
}

// A first-time resident files from the attract screen with a CCCD, one question per
// screen, each procedure within its tap budget (birth registration ≤ 25 taps and ≤ 5
// minutes; none over 30). KIOSK_BENCH=1 prints the figures for scripts/bench.d/walk.sh.
func TestWalkThroughTapBudget(t *testing.T) {
	cases := []struct {
		name, field, proc string
		vals              map[string]string
		maxTaps           int
		maxSeconds        float64
	}{
		{"birth", "Hộ tịch", "Đăng ký khai sinh", map[string]string{"phone": "0912345678", "ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "gioi_tinh_tre": "Nam", "so_ban_sao": "1", "quan_he": "Mẹ"}, 25, 300},
		{"birth-sample", "Hộ tịch", "Đăng ký khai sinh", map[string]string{"phone": "0912345678", "quan_he": "Mẹ", "tre_ho_ten": "Trần Minh Khôi",
			"tre_ngay_sinh": "14/11/2026", "tre_gioi_tinh": "Nam", "tre_dan_toc": "Kinh", "tre_noi_sinh": "Bệnh viện Phụ sản Cần Thơ",
			"tre_que_quan": "Cần Thơ", "cha_ho_ten": "", "cha_so_dinh_danh": "", "so_ban_sao": "1"}, 25, 300},
		{"death", "Hộ tịch", "Đăng ký khai tử", map[string]string{"phone": "0912345678", "quan_he": "Con", "nguoi_chet_ho_ten": "Trần Văn Ba",
			"nguoi_chet_so_dinh_danh": "092040001111", "nguoi_chet_ngay_sinh": "01/02/1940", "ngay_chet": "20/11/2026",
			"noi_chet": "Bệnh viện Đa khoa Cần Thơ", "nguyen_nhan": "Bệnh"}, 30, 0},
		{"death-sample", "Hộ tịch", "Đăng ký khai tử", map[string]string{"phone": "0912345678", "quan_he": "Con", "nguoi_chet_ho_ten": "Trần Văn Ba",
			"nguoi_chet_so_dinh_danh": "092040001111", "nguoi_chet_ngay_sinh": "01/02/1940", "ngay_chet": "20/11/2026",
			"noi_chet": "Bệnh viện Đa khoa Cần Thơ", "nguyen_nhan": "Bệnh"}, 30, 0},
		{"marriage", "Hộ tịch", "Đăng ký kết hôn", map[string]string{"phone": ""}, 30, 0},
		{"certify", "Chứng thực", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", map[string]string{"phone": "", "so_trang": "3"}, 30, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1); d.QR = make(chanQR) })
			switch {
			case strings.HasSuffix(c.name, "-sample"): // the sample catalog's full form
				sample, err := catalog.Parse(assets.SampleCatalog())
				if err != nil {
					t.Fatal(err)
				}
				if err := h.st.ImportCatalog(context.Background(), sample); err != nil {
					t.Fatal(err)
				}
			case c.name == "death": // its own test catalog (the others' goldens count procedures)
				h.useCatalog("testdata/catalog-death.json")
			}
			wait := asyncWaiter(h)
			w := &walkTally{h: h}
			w.seen()
			w.tap("Chạm để bắt đầu")
			w.tap("Nộp hồ sơ")
			w.tapCard(c.field)
			w.tapCard(c.proc)
			w.tap("Bắt đầu nộp hồ sơ")
			h.ui.onQR(testCCCD) // the card held to the reader: no tap
			w.seen()
			w.answerAll(c.vals)
			for i := 0; i < 10 && h.ui.current() == scrScan; i++ {
				sc := h.ui.cur.(*scanScreen)
				if d := sc.docs()[sc.docIdx]; len(h.ui.flow.PagesOf(d.ID)) == 0 && !d.Optional {
					w.tap("Quét")
					wait("scan")
				}
				w.tap("Tiếp tục")
			}
			h.mustBeOn(scrReview)
			h.ui.cur.(*reviewScreen).consent.SetChecked(true) // one tap on the consent row
			w.taps++
			w.tap("Nộp hồ sơ")
			h.mustBeOn(scrReceipt)
			w.tap("Xong")
			if os.Getenv("KIOSK_BENCH") == "1" {
				fmt.Printf("walk.%s.taps %d\nwalk.%s.keystrokes %d\nwalk.%s.screens %d\nwalk.%s.seconds %.0f\n",
					c.name, w.taps, c.name, w.keys, c.name, w.screens, c.name, w.seconds())
			}
			if w.taps > c.maxTaps {
				t.Errorf("%s took %d taps, budget %d", c.name, w.taps, c.maxTaps)
			}
			if c.maxSeconds > 0 && w.seconds() > c.maxSeconds {
				t.Errorf("%s takes about %.0f s, budget %.0f s", c.name, w.seconds(), c.maxSeconds)
			}
		})
	}
}
