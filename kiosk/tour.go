package kiosk

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// Tour walks through the main screens with demo data and writes each as
// <dir>/<prefix><n>-<name>.png, for `make screenshot`. It runs on a goroutine of the
// caller's choosing (not the UI's) and drives the UI with fyne.DoAndWait. capture
// writes the PNG of what is on screen to path; nil uses the canvas' own Capture (which
// some GL stacks, Xvfb's among them, return blank). The demo dossier it submits goes
// into the store like any other: run it on a throwaway data directory.
func (u *UI) Tour(ctx context.Context, dir, prefix string, settle time.Duration, capture func(path string) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("tour: %w", err)
	}
	for i, st := range tourSteps() {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		fyne.DoAndWait(func() { err = st.show(u); u.touch() })
		if err != nil {
			return fmt.Errorf("tour %s: %w", st.name, err)
		}
		time.Sleep(settle)
		path := filepath.Join(dir, fmt.Sprintf("%s%02d-%s.png", prefix, i+1, st.name))
		if capture != nil {
			if err := capture(path); err != nil {
				return fmt.Errorf("tour %s: %w", st.name, err)
			}
			continue
		}
		var img image.Image
		fyne.DoAndWait(func() { img = u.w.Canvas().Capture() })
		if img == nil {
			return fmt.Errorf("tour %s: no capture", st.name)
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			return fmt.Errorf("tour %s: %w", st.name, err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("tour: %w", err)
		}
	}
	return nil
}

// demoApplicant is a made-up resident for the tour.
const demoCCCD = "092158001234|361234567|Nguyễn Thị Ngọc Hường|05031958|Nữ|12 Trần Hưng Đạo, phường Tân An, quận Ninh Kiều, Cần Thơ|01012022"

// tourStep is one screen of the screenshot tour.
type tourStep struct {
	name string
	show func(u *UI) error
}

// tourSteps are the resident's screens, then the back office's.
func tourSteps() []tourStep {
	return append(append(residentTourSteps(demoPage), feeTourSteps()...), backOfficeTourSteps()...)
}

// residentTourSteps walk one resident's session with demo data; page makes the
// scanned pages.
func residentTourSteps(page func(n int) ScannedPage) []tourStep {
	var proc string
	return []tourStep{
		{"attract", func(u *UI) error { u.endSession(); return nil }},
		{"home", func(u *UI) error { u.startSession(""); u.goHome(); return nil }},
		{"procedures", func(u *UI) error { u.openProcedures(true, false, ""); return nil }},
		{"search", func(u *UI) error {
			u.openProcedures(false, true, "")
			s := u.cur.(*proceduresScreen)
			s.showQuery("khai sinh")
			if len(s.hits) == 0 {
				return fmt.Errorf("no search hit for %q", "khai sinh")
			}
			proc = s.hits[0].Code
			return nil
		}},
		{"detail", func(u *UI) error { u.openDetail(proc); return nil }},
		{"question-name", func(u *UI) error {
			d, ok := u.cur.(*detailScreen)
			if !ok || d.proc == nil {
				return fmt.Errorf("detail did not load %s", proc)
			}
			d.onStart()
			return nil
		}},
		{"question-phone", func(u *UI) error {
			u.onQR(demoCCCD) // the card answers the applicant's questions but the phone
			return nil
		}},
		{"question", func(u *UI) error {
			q, ok := u.cur.(*questionScreen)
			if !ok {
				return fmt.Errorf("not on a question")
			}
			q.in.setValue("0912345678")
			q.onNext() // the first question of the form the card did not answer
			return nil
		}},
		{"question-group", func(u *UI) error {
			// "Mẹ" answers the relation; the child's name and date of birth follow on
			// one screen (a catalog group), the name being typed on the letters.
			q, ok := u.cur.(*questionScreen)
			if !ok || len(q.q.Field.Relation) == 0 {
				return fmt.Errorf("not on the relation question")
			}
			u.flow.Answer(q.q, "Mẹ")
			return walkToGroup(u, func(m *member) bool { return m.q.Field.IsPersonName() }, "Trần Minh Khôi")
		}},
		{"question-group-date", func(u *UI) error {
			// The same screen, the date of birth being typed on the date pad.
			return walkToGroup(u, func(m *member) bool { return m.q.Field.Type == catalog.Date }, "14/11")
		}},
		{"question-group-choices", func(u *UI) error {
			// The child's sex and ethnicity: choices, no keyboard.
			return walkToGroup(u, func(m *member) bool { return m.in.pick != nil }, "")
		}},
		{"question-group-text", func(u *UI) error {
			// A group with a name typed on the letters and its help shown (the father's).
			return walkToGroup(u, func(m *member) bool { return m.q.Field.IsPersonName() && m.help != nil }, "Trần Văn")
		}},
		{"scan", func(u *UI) error {
			// Fill what the form still lacks with plausible values, then scan.
			f := u.flow
			for _, q := range f.FormQuestions() {
				if f.Value(q) == "" {
					f.Answer(q, demoValue(q.Field.Type, q.Field.Choices))
				}
			}
			docs := f.Procedure().ScanDocuments()
			if len(docs) == 0 {
				u.open(scrReview)
				return nil
			}
			for i, d := range docs {
				n := 1
				if i == 0 {
					n = 2
				}
				for p := 0; p < n; p++ {
					if _, err := f.AddPage(d.ID, page(p)); err != nil {
						return err
					}
				}
			}
			u.open(scrScan)
			return nil
		}},
		{"review", func(u *UI) error {
			u.flow.SetConsent(true)
			u.open(scrReview)
			return nil
		}},
		{"receipt", func(u *UI) error {
			r, ok := u.cur.(*reviewScreen)
			if !ok {
				return fmt.Errorf("not on review")
			}
			r.onSubmit()
			if u.cur.id() != scrReceipt {
				return fmt.Errorf("submit failed")
			}
			return nil
		}},
		{"lookup", func(u *UI) error {
			code := u.flow.Receipt().ReceiptCode
			u.open(scrLookup)
			l := u.cur.(*lookupScreen)
			l.entry.SetText(code)
			l.onFind()
			return nil
		}},
		{"rating", func(u *UI) error { u.open(scrRating); return nil }},
		{"idle", func(u *UI) error { u.showIdleWarning(); return nil }},
		{"english-home", func(u *UI) error {
			u.onContinue()
			u.setLanguage("en")
			u.goHome()
			return nil
		}},
		{"english-detail", func(u *UI) error { u.openDetail(proc); return nil }},
		{"end", func(u *UI) error { u.endSession(); return nil }},
	}
}

func demoValue(t catalogFieldType, choices []string) string {
	switch t {
	case "date":
		return "2026-11-14"
	case "number":
		return "2"
	case "phone":
		return "0912345678"
	case "cccd":
		return "092158001234"
	case "choice":
		if len(choices) > 0 {
			return choices[0]
		}
	case "longtext":
		return "Không có."
	}
	return "Trần Minh Khôi"
}

// demoPage draws a page that looks like a form: a title bar and lines of text.
func demoPage(n int) ScannedPage {
	w, h := 620, 877
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	fill := func(x0, y0, x1, y1 int, g uint8) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetGray(x, y, color.Gray{Y: g})
			}
		}
	}
	fill(180, 50, 440, 75, 40)
	for y := 130; y < 800; y += 34 {
		end := 560 - (y*7+n*50)%140
		fill(60, y, end, y+10, 90)
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return ScannedPage{Format: "png", Width: w, Height: h, Data: b.Bytes()}
}

type catalogFieldType = catalog.FieldType

// walkToGroup answers the questions on the way with demo values up to the next
// group's screen with an answer that want picks, makes that answer the one being
// given and types typed into it.
func walkToGroup(u *UI, want func(*member) bool, typed string) error {
	for i := 0; i < 30; i++ {
		q, ok := u.cur.(*questionScreen)
		if !ok {
			return fmt.Errorf("no group's screen on the way")
		}
		for _, m := range q.members {
			if want(m) {
				q.activate(m)
				m.in.setValue(typed)
				return nil
			}
		}
		for _, pos := range u.flow.Screen() {
			qq := u.flow.Questions()[pos]
			if !flow.CheckAnswer(qq.Field, u.flow.Value(qq), u.d.Now()).OK() {
				u.flow.Answer(qq, demoValue(qq.Field.Type, qq.Field.Choices))
			}
		}
		q.next(u.flow.NextQuestion)
	}
	return fmt.Errorf("no group's screen on the way")
}
