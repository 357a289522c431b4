package flow_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

const testCCCD = "092158001234|361234567|Nguyễn Thị Ngọc Hường|05031958|Nữ|12 Trần Hưng Đạo, Ninh Kiều, Cần Thơ|01012022"

// recorder is the real store, with the usage events it was given kept for the test.
type recorder struct {
	*store.Store
	mu     sync.Mutex
	events []store.EventKind
}

func (r *recorder) Record(ctx context.Context, ev store.Event) error {
	r.mu.Lock()
	r.events = append(r.events, ev.Kind)
	r.mu.Unlock()
	return r.Store.Record(ctx, ev)
}

type kit struct {
	f     *flow.Flow
	st    *recorder
	clock *gwtest.Clock
	temp  string
}

func newKit(t *testing.T) *kit {
	t.Helper()
	return newKitWith(t, "../testdata/catalog.json")
}

// newKitWith is newKit over another test catalog file.
func newKitWith(t *testing.T, catalogFile string) *kit {
	t.Helper()
	dir := t.TempDir()
	c := gwtest.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.Local))
	st := gwtest.KioskStore(t, dir, store.Options{Now: c.Now}, catalogFile)
	r := &recorder{Store: st}
	temp := filepath.Join(dir, "tmp")
	f, err := flow.New(flow.Options{Store: r, Now: c.Now, TempDir: temp, Logf: t.Logf,
		Timeouts: flow.Timeouts{Idle: 60 * time.Second, Warning: 20 * time.Second, Receipt: 90 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return &kit{f: f, st: r, clock: c, temp: temp}
}

func (k *kit) choose(t *testing.T, code string) *catalog.Procedure {
	t.Helper()
	p, err := k.st.Procedure(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	k.f.Choose(context.Background(), p)
	return p
}

func pngPage(t *testing.T) flow.PageData {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 20, 30))
	img.Set(3, 3, color.Gray{Y: 200})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return flow.PageData{Format: "png", Width: 20, Height: 30, Data: b.Bytes()}
}

func TestApplyCCCD(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		want       error
	}{
		{"card", testCCCD, nil},
		{"receipt QR", "DVCK1:AB12CD", flow.ErrReceiptQR},
		{"garbage", "hello|world", scanner.ErrNotCCCD},
		{"sex not on a card", "092158001234||Nguyễn Văn A|05031958|X|12 Trần Hưng Đạo|01012022", scanner.ErrNotCCCD},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			k.f.Start(context.Background(), "")
			k.f.SetApplicant(store.Applicant{Phone: "0912345678"})
			err := k.f.ApplyCCCD(tc.code)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("ApplyCCCD: %v, want %v", err, tc.want)
			}
			a := k.f.Applicant()
			if tc.want != nil {
				if a.Name != "" || k.f.FromCCCD() {
					t.Fatalf("a refused code changed the applicant: %+v", a)
				}
				return
			}
			want := store.Applicant{Name: "Nguyễn Thị Ngọc Hường", IDNumber: "092158001234", OldIDNumber: "361234567", DOB: "1958-03-05",
				Sex: "Nữ", Address: "12 Trần Hưng Đạo, Ninh Kiều, Cần Thơ", IssueDate: "2022-01-01", Phone: "0912345678"}
			if a != want || !k.f.FromCCCD() {
				t.Fatalf("applicant %+v (from CCCD %v), want %+v", a, k.f.FromCCCD(), want)
			}
			if k.f.IsOtherPerson(testCCCD) || !k.f.IsOtherPerson("092190009999||Lê Văn Tám|01021990|Nam|Ấp Mỹ Ái|03042021") {
				t.Fatal("IsOtherPerson does not tell the applicant's card from another")
			}
		})
	}
}

// TestQuestionsWalk: identity first, questions the CCCD answered are skipped, an edit
// from the review comes back to it, and back before the first question is the detail.
func TestQuestionsWalk(t *testing.T) {
	k := newKit(t)
	ctx := context.Background()
	k.f.Start(ctx, "")
	k.choose(t, "1.001193")
	qs := k.f.Questions()
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.Field.ID)
	}
	// Only the identity values the dossier carries are asked: the form binds the
	// applicant's name and CCCD, and its phone field takes the identity's phone.
	want := []string{"name", "id_number", "phone",
		"nguoi_yeu_cau", "cccd", "ten_tre", "ngay_sinh_tre", "gioi_tinh_tre", "so_ban_sao", "quan_he", "me_ho_ten", "me_cccd", "dien_thoai", "ghi_chu"}
	if len(ids) != len(want) {
		t.Fatalf("questions %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] || qs[i].Identity != (i < 3) {
			t.Fatalf("questions %v, want %v (identity first)", ids, want)
		}
	}
	if qs[0].LabelKey != "identity.name" {
		t.Fatalf("identity label key %q", qs[0].LabelKey)
	}

	// Without a card every question is asked.
	if st := k.f.FirstQuestion(); st != flow.StepQuestion || k.f.Cursor() != 0 {
		t.Fatalf("first question: %v at %d", st, k.f.Cursor())
	}
	if err := k.f.ApplyCCCD(testCCCD); err != nil {
		t.Fatal(err)
	}
	// With the card: the phone (not on a card) is the first question left, then the
	// form's own questions after the two filled from the identity.
	steps := []struct {
		step flow.Step
		id   string
	}{{flow.StepQuestion, "phone"}, {flow.StepQuestion, "ten_tre"}, {flow.StepQuestion, "ngay_sinh_tre"}}
	st := k.f.FirstQuestion()
	for i, s := range steps {
		if i > 0 {
			st = k.f.NextQuestion()
		}
		if st != s.step || qs[k.f.Cursor()].Field.ID != s.id {
			t.Fatalf("step %d: %v at %q, want %v at %q", i, st, qs[k.f.Cursor()].Field.ID, s.step, s.id)
		}
	}
	if st := k.f.PrevQuestion(); st != flow.StepQuestion || qs[k.f.Cursor()].Field.ID != "ten_tre" {
		t.Fatalf("back: %v at %q", st, qs[k.f.Cursor()].Field.ID)
	}
	if st := k.f.PrevQuestion(); st != flow.StepQuestion || qs[k.f.Cursor()].Field.ID != "phone" {
		t.Fatalf("back: %v at %q", st, qs[k.f.Cursor()].Field.ID)
	}
	if st := k.f.PrevQuestion(); st != flow.StepDetail {
		t.Fatalf("back before the first question: %v", st)
	}
	// The prefilled ones are shown with their values (on the review).
	if v := k.f.Value(qs[3]); v != "Nguyễn Thị Ngọc Hường" || !k.f.Prefilled(qs[3]) {
		t.Fatalf("requester's name %q prefilled %v", v, k.f.Prefilled(qs[3]))
	}
	// Answering a bound question makes it the resident's own (not skipped any more).
	if p := k.f.Answer(qs[3], "Trần Văn Ba"); !p.OK() || k.f.Prefilled(qs[3]) || k.f.Value(qs[3]) != "Trần Văn Ba" {
		t.Fatalf("answer: %v prefilled %v value %q", p, k.f.Prefilled(qs[3]), k.f.Value(qs[3]))
	}
	// The last question leads to the scan (the procedure has documents to scan).
	k.f.EditQuestion(len(qs) - 2)
	k.f.NextQuestion() // back to the review: the edit is over
	k.f.FirstQuestion()
	for i := 0; i < 20 && st != flow.StepScan; i++ {
		st = k.f.NextQuestion()
	}
	if st != flow.StepScan || k.f.After(flow.StepScan) != flow.StepReview {
		t.Fatalf("after the questions: %v", st)
	}
	// Edit from the review: the question, then back to the review (forward or back).
	if st := k.f.EditQuestion(9); st != flow.StepQuestion || k.f.Cursor() != 9 {
		t.Fatalf("edit: %v at %d", st, k.f.Cursor())
	}
	if st := k.f.NextQuestion(); st != flow.StepReview {
		t.Fatalf("after an edit: %v, want the review", st)
	}
	k.f.EditQuestion(9)
	if st := k.f.PrevQuestion(); st != flow.StepReview {
		t.Fatalf("back from an edit: %v, want the review", st)
	}
	if st := k.f.EditQuestion(99); st != flow.StepReview {
		t.Fatalf("edit of no question: %v", st)
	}

	// A procedure without scanned documents goes from the questions to the review.
	k.choose(t, "2.000815")
	if k.f.After(flow.StepForm) != flow.StepReview {
		t.Fatalf("no documents to scan: after the form %v", k.f.After(flow.StepForm))
	}
}

func TestCheckAnswer(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	name := catalog.Field{ID: "name", Applicant: "name", Type: catalog.Text, Required: true, MinLen: 2, MaxLen: 5}
	for _, tc := range []struct {
		f    catalog.Field
		v    string
		want flow.Problem
	}{
		{name, "", flow.Problem{Key: "valid.required"}},
		{name, "An", flow.Problem{}},
		{name, "A", flow.Problem{Key: "valid.min_len", N: 2}},
		{name, "Nguyễn", flow.Problem{Key: "valid.max_len", N: 5}},
		{name, "An2", flow.Problem{Key: "valid.name_digits"}},
		{catalog.Field{Type: catalog.Choice, Required: true, Choices: []string{"Nam"}}, "", flow.Problem{Key: "valid.choose"}},
		{catalog.Field{Type: catalog.Choice, Choices: []string{"Nam"}}, "Nữ", flow.Problem{Key: "valid.choose"}},
		{catalog.Field{Type: catalog.Date}, "05/03/1958", flow.Problem{}},
		{catalog.Field{Type: catalog.Date}, "05031958", flow.Problem{}},
		{catalog.Field{Type: catalog.Date}, "1958-03-05", flow.Problem{}},
		{catalog.Field{Type: catalog.Date}, "31/02/2020", flow.Problem{Key: "valid.date_not_exist"}},
		{catalog.Field{Type: catalog.Date}, "2020-02-30", flow.Problem{Key: "valid.date_not_exist"}},
		{catalog.Field{Type: catalog.Date}, "05/03/19", flow.Problem{Key: "valid.date"}},
		{catalog.Field{Type: catalog.Date}, "05/03/1958 x", flow.Problem{Key: "valid.date"}},
		{catalog.Field{Type: catalog.Date}, "5.3.1958", flow.Problem{}},
		{catalog.Field{Type: catalog.Date}, "28/11/2026", flow.Problem{}}, // an appointment may be ahead
		{catalog.Field{Type: catalog.Date, Past: true}, "27/11/2026", flow.Problem{}},
		{catalog.Field{Type: catalog.Date, Past: true}, "28/11/2026", flow.Problem{Key: "valid.date_future"}},
		{catalog.Field{Type: catalog.Date, Applicant: "dob"}, "2026-12-01", flow.Problem{Key: "valid.date_future"}},
		{catalog.Field{Type: catalog.Date}, "01/01/2028", flow.Problem{Key: "valid.date_range"}},
		{catalog.Field{Type: catalog.Date}, "01/01/1899", flow.Problem{Key: "valid.date_range"}},
		{catalog.Field{Type: catalog.Phone}, "0912 345 678", flow.Problem{}},
		{catalog.Field{Type: catalog.Phone}, "912345678", flow.Problem{Key: "valid.phone"}},
		{catalog.Field{Type: catalog.CCCD}, "09215800123", flow.Problem{Key: "valid.cccd"}},
		{catalog.Field{Type: catalog.Number}, "2a", flow.Problem{Key: "valid.number"}},
		{catalog.Field{Type: catalog.Text, Pattern: `^[A-Z]+$`}, "abc", flow.Problem{Key: "valid.pattern"}},
		{catalog.Field{Type: catalog.LongText}, "", flow.Problem{}},
	} {
		if got := flow.CheckAnswer(tc.f, tc.v, now); got != tc.want {
			t.Errorf("CheckAnswer(%s %q) = %+v, want %+v", tc.f.Type, tc.v, got, tc.want)
		}
	}
	if got := flow.DisplayDate("1958-03-05"); got != "05/03/1958" {
		t.Errorf("DisplayDate: %q", got)
	}
	if got := flow.StoredDate("5/3/1958"); got != "1958-03-05" {
		t.Errorf("StoredDate: %q", got)
	}
}

// TestSubmit: what the gateway would refuse is refused with its words and nothing is
// saved; a valid dossier is saved with its pages, usage is recorded, the temp pages go,
// and consent is asked afresh.
func TestSubmit(t *testing.T) {
	k := newKit(t)
	ctx := context.Background()
	k.f.Start(ctx, "")
	if _, err := k.f.Submit(ctx); !errors.Is(err, flow.ErrNoProcedure) {
		t.Fatalf("submit before choosing: %v", err)
	}
	k.choose(t, "1.001193")
	if err := k.f.ApplyCCCD(testCCCD); err != nil {
		t.Fatal(err)
	}
	pg, err := k.f.AddPage("to-khai", pngPage(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.f.Submit(ctx); !errors.Is(err, flow.ErrNoConsent) {
		t.Fatalf("submit without consent: %v", err)
	}
	k.f.SetConsent(true)
	_, err = k.f.Submit(ctx)
	var inv *flow.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("submit with required fields missing: %v, want an InvalidError", err)
	}
	const want = `Hồ sơ không hợp lệ: thiếu "Họ tên trẻ"; thiếu "Ngày sinh của trẻ"; thiếu "Giới tính của trẻ"; thiếu "Số bản sao cần cấp".`
	if inv.Message != want {
		t.Fatalf("refusal %q\nwant %q", inv.Message, want)
	}
	if ds, _ := k.st.ListDossiers(ctx); len(ds) != 0 {
		t.Fatalf("a refused dossier was saved: %+v", ds)
	}
	if _, err := os.Stat(pg.Path); err != nil {
		t.Fatalf("a refusal lost the scanned page: %v", err)
	}
	for id, v := range map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "2026-11-20", "gioi_tinh_tre": "Nam", "so_ban_sao": "2", "quan_he": "Mẹ"} {
		k.f.AnswerField(id, v)
	}
	k.f.AnswerField("khong_co", "x")
	if _, err := k.f.Submit(ctx); !errors.As(err, &inv) || inv.Message != `Hồ sơ không hợp lệ: trường "khong_co" không có trong biểu mẫu.` {
		t.Fatalf("unknown field: %v", err)
	}
	k2 := newKit(t)
	k2.f.Start(ctx, "Chị Lan")
	k2.choose(t, "1.001193")
	if err := k2.f.ApplyCCCD(testCCCD); err != nil {
		t.Fatal(err)
	}
	for id, v := range map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "2026-11-20", "gioi_tinh_tre": "Nam", "so_ban_sao": "2", "quan_he": "Mẹ"} {
		k2.f.AnswerField(id, v)
	}
	pg, err = k2.f.AddPage("to-khai", pngPage(t))
	if err != nil {
		t.Fatal(err)
	}
	k2.f.SetConsent(true)
	d, err := k2.f.Submit(ctx)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if d.ReceiptCode == "" || len(d.Pages) != 1 || d.AssistedBy != "Chị Lan" || d.Fields["nguoi_yeu_cau"] != "Nguyễn Thị Ngọc Hường" || d.Fields["ten_tre"] != "Trần Minh Khôi" ||
		d.Fields["me_ho_ten"] != "Nguyễn Thị Ngọc Hường" || d.Fields["me_cccd"] != "092158001234" { // the mother filed: her fields are hers
		t.Fatalf("saved %+v", d)
	}
	if k2.f.Consent() || !k2.f.Submitted() || k2.f.Receipt() != d || len(k2.f.Pages()) != 0 {
		t.Fatalf("after submit: consent %v submitted %v pages %d", k2.f.Consent(), k2.f.Submitted(), len(k2.f.Pages()))
	}
	if _, err := os.Stat(pg.Path); !os.IsNotExist(err) {
		t.Fatalf("the temp page outlived the submit: %v", err)
	}
	k2.f.End(ctx)
	wantEv := []store.EventKind{store.EvSessionStarted, store.EvDossierStarted, store.EvDossierSubmitted, store.EvPagesScanned, store.EvSessionCompleted}
	if len(k2.st.events) != len(wantEv) {
		t.Fatalf("events %v, want %v", k2.st.events, wantEv)
	}
	for i := range wantEv {
		if k2.st.events[i] != wantEv[i] {
			t.Fatalf("events %v, want %v", k2.st.events, wantEv)
		}
	}
}

// TestEndWipes: walking away records an abandoned session and leaves nothing behind.
func TestEndWipes(t *testing.T) {
	k := newKit(t)
	ctx := context.Background()
	k.f.Start(ctx, "")
	k.f.SetLanguage("en")
	k.choose(t, "1.001193")
	if err := k.f.ApplyCCCD(testCCCD); err != nil {
		t.Fatal(err)
	}
	k.f.AnswerField("ten_tre", "Trần Minh Khôi")
	k.f.SetConsent(true)
	if _, err := k.f.AddPage("to-khai", pngPage(t)); err != nil {
		t.Fatal(err)
	}
	dir := k.f.PageDir()
	before := k.f.Token()
	k.f.End(ctx)
	if k.f.Started() || k.f.Procedure() != nil || k.f.Applicant() != (store.Applicant{}) || len(k.f.Answers()) != 0 ||
		len(k.f.Pages()) != 0 || k.f.Consent() || k.f.Language() != "vi" {
		t.Fatal("the session outlived End")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("page directory %s outlived End: %v", dir, err)
	}
	if k.f.Token() == before {
		t.Fatal("the token did not change: a scan of the last session would join the next")
	}
	if got := k.st.events[len(k.st.events)-1]; got != store.EvSessionAbandoned {
		t.Fatalf("last event %v, want abandoned", got)
	}
	if err := k.f.RemovePage("/nowhere"); !errors.Is(err, flow.ErrUnknownPage) {
		t.Fatalf("RemovePage of no page: %v", err)
	}
}

// TestClock: the idle warning, its countdown and end, and the receipt's time-out, on
// the injected clock.
func TestClock(t *testing.T) {
	type step struct {
		do      func(f *flow.Flow)
		advance time.Duration
		want    flow.Alarm
	}
	warn := func(f *flow.Flow) { f.Timers().Warn() }
	cont := func(f *flow.Flow) { f.Timers().Continue() }
	receipt := func(f *flow.Flow) { f.Timers().ShowingReceipt(true) }
	touch := func(f *flow.Flow) { f.Timers().Touch() }
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"quiet then warned then wiped", []step{{nil, 59 * time.Second, flow.AlarmNone}, {nil, time.Second, flow.AlarmWarn},
			{warn, 19 * time.Second, flow.AlarmCount}, {nil, time.Second, flow.AlarmEnd}}},
		{"a touch postpones the warning", []step{{nil, 50 * time.Second, flow.AlarmNone}, {touch, 50 * time.Second, flow.AlarmNone}, {nil, 10 * time.Second, flow.AlarmWarn}}},
		{"continue dismisses the warning", []step{{nil, 60 * time.Second, flow.AlarmWarn}, {warn, 5 * time.Second, flow.AlarmCount},
			{cont, 59 * time.Second, flow.AlarmNone}}},
		{"the receipt stays 90 s, not warned at 60", []step{{receipt, 60 * time.Second, flow.AlarmNone}, {nil, 29 * time.Second, flow.AlarmNone},
			{nil, time.Second, flow.AlarmEnd}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			for i, s := range tc.steps {
				if s.do != nil {
					s.do(k.f)
				}
				k.clock.Add(s.advance)
				if got := k.f.Timers().Due(); got != s.want {
					t.Fatalf("step %d: %v, want %v", i, got, s.want)
				}
			}
		})
	}
	k := newKit(t)
	tm := k.f.Timers()
	if tm.ReceiptLeft() != 0 {
		t.Fatal("receipt time left with no receipt shown")
	}
	tm.ShowingReceipt(true)
	k.clock.Add(80 * time.Second)
	if left := tm.ReceiptLeft(); left != 10*time.Second {
		t.Fatalf("receipt left %v after 80 s, want 10 s", left)
	}
	tm.Touch() // "keep"
	if left := tm.ReceiptLeft(); left != 90*time.Second {
		t.Fatalf("receipt left %v after a touch, want 90 s", left)
	}
	k.clock.Add(200 * time.Second)
	if left := tm.ReceiptLeft(); left != 0 || tm.Due() != flow.AlarmEnd {
		t.Fatalf("receipt left %v, due %v long after", left, tm.Due())
	}
	tm.Touch()
	tm.KeepReceiptFor(5 * time.Minute) // a fee's VietQR code on the receipt
	k.clock.Add(4 * time.Minute)
	if left := tm.ReceiptLeft(); left != time.Minute || tm.Due() != flow.AlarmNone {
		t.Fatalf("fee receipt left %v, due %v after 4 min", left, tm.Due())
	}
	tm.KeepReceiptFor(0) // back to the plain receipt: its 90 s are long gone
	if tm.Due() != flow.AlarmEnd {
		t.Fatalf("plain receipt after 4 min: due %v", tm.Due())
	}
	tm.ShowingReceipt(false)
	tm.Touch()
	k.f.Timers().Warn()
	k.clock.Add(7500 * time.Millisecond)
	if left := k.f.Timers().WarningLeft(); left != 12500*time.Millisecond || !k.f.Timers().Warning() {
		t.Fatalf("warning left %v", left)
	}
	k.f.End(context.Background())
	if k.f.Timers().Warning() || k.f.Timers().Due() != flow.AlarmNone {
		t.Fatal("the warning outlived End")
	}
}

// The identity questions asked follow the chosen procedure: all of them before a
// choice (a card may be shown on the attract screen), then only what its dossier carries.
func TestIdentityQuestionsFollowTheForm(t *testing.T) {
	k := newKit(t)
	k.f.Start(context.Background(), "")
	identity := func() (ids []string) {
		for _, q := range k.f.Questions() {
			if q.Identity {
				ids = append(ids, q.Field.ID)
			}
		}
		return ids
	}
	if got := identity(); len(got) != 6 {
		t.Fatalf("before a choice: %v, want all six", got)
	}
	k.choose(t, "2.000815") // certifying a copy: the form binds no identity value
	if got := identity(); len(got) != 1 || got[0] != "name" {
		t.Fatalf("certifying a copy asks %v, want only the name (every dossier says whose it is)", got)
	}
}
