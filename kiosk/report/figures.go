package report

import (
	"strconv"
	"strings"
)

// Figure is one line of the summary: the same keys, labels and values on the screen,
// in the CSV and in `kiosk stats`.
type Figure struct {
	Key     string // stable machine name, e.g. "sessions"
	Vi, En  string // label
	Value   float64
	Kind    Kind
	Missing bool // a rate without a base (no sessions, no ratings): shown as "—"
}

// Kind says how a figure's value is written.
type Kind int

// Kinds of figures.
const (
	Count   Kind = iota // whole number
	Percent             // whole percent
	Score               // one decimal
)

// Label is the figure's label in lang ("vi" or "en").
func (f Figure) Label(lang string) string {
	if lang == "en" {
		return f.En
	}
	return f.Vi
}

// Text is the value for people: "25%", "4,3" in Vietnamese and "4.3" in English, "—".
func (f Figure) Text(lang string) string {
	if f.Missing {
		return "—"
	}
	switch f.Kind {
	case Percent:
		return strconv.Itoa(int(f.Value)) + "%"
	case Score:
		s := strconv.FormatFloat(f.Value, 'f', 1, 64)
		if lang != "en" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	return strconv.Itoa(int(f.Value))
}

// Plain is the value for machines (CSV, scripts): "25", "4.3", "" when missing.
func (f Figure) Plain() string {
	if f.Missing {
		return ""
	}
	if f.Kind == Score {
		return strconv.FormatFloat(f.Value, 'f', 1, 64)
	}
	return strconv.Itoa(int(f.Value))
}

// Summary lists the period's figures in the order officials read them.
func (f *Figures) Summary() []Figure {
	t := f.Totals
	n := func(key, vi, en string, v int) Figure { return Figure{Key: key, Vi: vi, En: en, Value: float64(v)} }
	rate := func(key, vi, en string, v int, ok bool) Figure {
		return Figure{Key: key, Vi: vi, En: en, Value: float64(v), Kind: Percent, Missing: !ok}
	}
	abandon, aok := t.AbandonPct()
	complete, cok := t.CompletionPct()
	avg, rok := t.AverageRating()
	out := []Figure{
		n("sessions", "Lượt sử dụng", "Sessions", t.Sessions),
		n("completed", "Lượt hoàn tất (có nộp hồ sơ)", "Sessions completed (a dossier filed)", t.Completed),
		n("abandoned", "Lượt bỏ dở", "Sessions abandoned", t.Abandoned),
		rate("abandon_pct", "Tỷ lệ bỏ dở (bỏ dở / lượt sử dụng)", "Abandonment (abandoned / sessions)", abandon, aok),
		n("dossiers_started", "Hồ sơ bắt đầu", "Dossiers started", t.DossiersStarted),
		n("dossiers_submitted", "Hồ sơ đã nộp", "Dossiers submitted", t.DossiersSubmitted),
		rate("completion_pct", "Tỷ lệ hoàn tất (đã nộp / bắt đầu)", "Completion (submitted / started)", complete, cok),
		n("assisted", "Hồ sơ nhân viên nộp giúp", "Dossiers filed by staff", t.AssistedDossiers),
		n("pages", "Trang giấy tờ đã quét", "Pages scanned", t.PagesScanned),
		n("lookups", "Lượt tra cứu hồ sơ", "Status lookups", t.Lookups),
		n("ratings", "Lượt đánh giá", "Ratings given", t.RatingCount()),
		{Key: "rating_avg", Vi: "Mức hài lòng trung bình (1–5)", En: "Average rating (1–5)", Value: avg, Kind: Score, Missing: !rok},
	}
	for i, r := range t.Ratings {
		s := strconv.Itoa(i + 1)
		out = append(out, n("rating_"+s, "Đánh giá "+s+" sao", s+"-star ratings", r))
	}
	out = append(out,
		n("waiting", "Hồ sơ đang chờ gửi (bây giờ)", "Dossiers waiting to sync (now)", f.Waiting.Queued),
		n("rejected", "Hồ sơ bị từ chối, chờ nhân viên (bây giờ)", "Dossiers rejected, waiting for staff (now)", f.Waiting.Rejected),
	)
	return out
}

// Lookup returns the summary figure with key (tests, scripts).
func (f *Figures) Lookup(key string) (Figure, bool) {
	for _, x := range f.Summary() {
		if x.Key == key {
			return x, true
		}
	}
	return Figure{}, false
}
