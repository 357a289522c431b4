package store_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// statsDay is a small known day of events, 2026-11-20 local.
func statsDay(loc *time.Location) []store.Event {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, loc) }
	return []store.Event{
		{At: at(8, 5), Kind: store.EvSessionStarted},
		{At: at(8, 6), Kind: store.EvDossierStarted, Procedure: "1.001193"},
		{At: at(8, 20), Kind: store.EvDossierSubmitted, Procedure: "1.001193"},
		{At: at(8, 20), Kind: store.EvPagesScanned, Procedure: "1.001193", Value: 3},
		{At: at(8, 21), Kind: store.EvRating, Value: 5},
		{At: at(8, 22), Kind: store.EvSessionCompleted},
		{At: at(9, 0), Kind: store.EvSessionStarted, Assisted: true},
		{At: at(9, 2), Kind: store.EvDossierSubmitted, Procedure: "2.000815", Assisted: true},
		{At: at(9, 2), Kind: store.EvPagesScanned, Procedure: "2.000815", Value: 2, Assisted: true},
		{At: at(9, 3), Kind: store.EvSessionCompleted, Assisted: true},
		{At: at(9, 30), Kind: store.EvSessionStarted},
		{At: at(9, 31), Kind: store.EvRating, Value: 2},
		{At: at(9, 40), Kind: store.EvSessionAbandoned},
		{At: at(23, 59), Kind: store.EvSessionStarted},
		{At: time.Date(2026, 11, 21, 0, 1, 0, 0, loc), Kind: store.EvSessionStarted},
	}
}

func TestUsageCountsAndHourlyCounts(t *testing.T) {
	s := openStore(t, store.Options{Location: time.UTC})
	for _, ev := range statsDay(time.UTC) {
		if err := s.Record(ctx(t), ev); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := s.UsageCounts(ctx(t), "2026-11-20", "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.UsageCount{
		{Day: "2026-11-20", Kind: store.EvDossierStarted, Procedure: "1.001193", N: 1},
		{Day: "2026-11-20", Kind: store.EvDossierSubmitted, Procedure: "1.001193", N: 1},
		{Day: "2026-11-20", Kind: store.EvDossierSubmitted, Procedure: "2.000815", Assisted: true, N: 1},
		{Day: "2026-11-20", Kind: store.EvPagesScanned, Procedure: "1.001193", N: 1, Total: 3},
		{Day: "2026-11-20", Kind: store.EvPagesScanned, Procedure: "2.000815", Assisted: true, N: 1, Total: 2},
		{Day: "2026-11-20", Kind: store.EvRating, Val: 2, N: 1, Total: 2},
		{Day: "2026-11-20", Kind: store.EvRating, Val: 5, N: 1, Total: 5},
		{Day: "2026-11-20", Kind: store.EvSessionAbandoned, N: 1},
		{Day: "2026-11-20", Kind: store.EvSessionCompleted, N: 1},
		{Day: "2026-11-20", Kind: store.EvSessionCompleted, Assisted: true, N: 1},
		{Day: "2026-11-20", Kind: store.EvSessionStarted, N: 3},
		{Day: "2026-11-20", Kind: store.EvSessionStarted, Assisted: true, N: 1},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("usage counts\n got %+v\nwant %+v", rows, want)
	}
	if rows, _ := s.UsageCounts(ctx(t), "2026-11-19", "2026-11-21"); len(rows) != len(want)+1 {
		t.Fatalf("three days: %d rows", len(rows))
	}
	hours, err := s.HourlyCounts(ctx(t), "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]map[store.EventKind][2]int{}
	for _, h := range hours {
		if got[h.Hour] == nil {
			got[h.Hour] = map[store.EventKind][2]int{}
		}
		got[h.Hour][h.Kind] = [2]int{h.N, h.Total}
	}
	if got[8][store.EvSessionStarted] != [2]int{1, 0} || got[9][store.EvSessionStarted] != [2]int{2, 0} ||
		got[23][store.EvSessionStarted] != [2]int{1, 0} || got[8][store.EvPagesScanned] != [2]int{1, 3} || len(got) != 3 {
		t.Fatalf("hourly %v", got)
	}
	if n, err := s.UsageEventCount(ctx(t)); err != nil || n != 15 {
		t.Fatalf("event count %d %v", n, err)
	}
}

// TestBulkRecordMatchesRecord keeps the bench's fast loader honest.
func TestBulkRecordMatchesRecord(t *testing.T) {
	a := openStore(t, store.Options{Location: time.UTC})
	b := openStore(t, store.Options{Location: time.UTC})
	evs := statsDay(time.UTC)
	for _, ev := range evs {
		if err := a.Record(ctx(t), ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.BulkRecord(ctx(t), b, evs[:7]); err != nil {
		t.Fatal(err)
	}
	if err := store.BulkRecord(ctx(t), b, evs[7:]); err != nil {
		t.Fatal(err)
	}
	ra, _ := a.UsageCounts(ctx(t), "2026-01-01", "2026-12-31")
	rb, _ := b.UsageCounts(ctx(t), "2026-01-01", "2026-12-31")
	if !reflect.DeepEqual(ra, rb) || len(ra) == 0 {
		t.Fatalf("bulk roll-up differs:\n%+v\n%+v", ra, rb)
	}
	ha, _ := a.HourlyCounts(ctx(t), "2026-11-20")
	hb, _ := b.HourlyCounts(ctx(t), "2026-11-20")
	if !reflect.DeepEqual(ha, hb) {
		t.Fatalf("bulk hourly differs")
	}
}

// TestUsageCarriesNoPersonalData files dossiers with a full applicant and an assisting
// clerk, records the events a session makes, and checks that nothing the usage queries
// return names a person, an ID number, a phone, the clerk or a receipt code.
func TestUsageCarriesNoPersonalData(t *testing.T) {
	s := openStore(t, store.Options{Location: time.UTC})
	a := store.Applicant{Name: "Nguyễn Thị Ngọc Hường", IDNumber: "092158001234", OldIDNumber: "361234567",
		DOB: "1958-03-05", Address: "12 Trần Hưng Đạo, Ninh Kiều", Phone: "0912345678"}
	d, err := s.SaveDossier(ctx(t), store.NewDossier{ProcedureCode: "1.001193", Applicant: a,
		Fields: map[string]string{"ho_ten": a.Name}, AssistedBy: "Lê Thị Mai", Language: "vi",
		Pages: []store.PageInput{{DocumentID: "to-khai", Format: "png", Width: 1, Height: 1, Data: []byte("x")}}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, ev := range []store.Event{{At: now, Kind: store.EvSessionStarted, Assisted: true},
		{At: now, Kind: store.EvDossierSubmitted, Procedure: d.ProcedureCode, Assisted: true},
		{At: now, Kind: store.EvPagesScanned, Procedure: d.ProcedureCode, Value: 1, Assisted: true},
		{At: now, Kind: store.EvLookup}, {At: now, Kind: store.EvRating, Value: 4}} {
		if err := s.Record(ctx(t), ev); err != nil {
			t.Fatal(err)
		}
	}
	day := now.Format("2006-01-02")
	u, err := s.Usage(ctx(t), day, day)
	if err != nil || len(u) != 1 {
		t.Fatalf("usage %v %v", u, err)
	}
	rows, _ := s.UsageCounts(ctx(t), day, day)
	hours, _ := s.HourlyCounts(ctx(t), day)
	raw, _ := json.Marshal([]any{u, rows, hours})
	for _, secret := range []string{a.Name, "Nguy", "Hường", a.IDNumber, a.OldIDNumber, a.Phone, "1958", "Trần Hưng Đạo",
		"Lê Thị Mai", d.ReceiptCode, strings.ReplaceAll(d.ReceiptCode, "-", ""), d.ID} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("usage figures contain %q: %s", secret, raw)
		}
	}
	if u[0].DossiersSubmitted != 1 || u[0].AssistedDossiers != 1 {
		t.Fatalf("usage %+v", u[0])
	}
}

// TestGroupedUsageMatchesTheRollUp checks UsageByDay and UsageByProcedure against sums
// of UsageCounts over the bench's kind of data (many procedures, assisted and not).
func TestGroupedUsageMatchesTheRollUp(t *testing.T) {
	s := openStore(t, store.Options{Location: time.UTC})
	end := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	if err := store.BulkRecord(ctx(t), s, yearOfUsage(end, 5, 400)); err != nil {
		t.Fatal(err)
	}
	from, to := "2026-11-24", "2026-11-27"
	raw, err := s.UsageCounts(ctx(t), from, to)
	if err != nil {
		t.Fatal(err)
	}
	type dk struct {
		day, kind string
		val       int
	}
	wantDay := map[dk][3]int{} // n, total, assisted n
	type pk struct{ kind, proc string }
	wantProc := map[pk][3]int{}
	for _, r := range raw {
		k := dk{r.Day, string(r.Kind), 0}
		if r.Kind == store.EvRating {
			k.val = r.Val
		}
		w := wantDay[k]
		w[0] += r.N
		w[1] += r.Total
		if r.Assisted && r.Kind != store.EvRating { // ratings are summed over assisted or not
			w[2] += r.N
		}
		wantDay[k] = w
		if r.Procedure != "" && (r.Kind == store.EvDossierStarted || r.Kind == store.EvDossierSubmitted || r.Kind == store.EvPagesScanned) {
			p := wantProc[pk{string(r.Kind), r.Procedure}]
			p[0] += r.N
			p[1] += r.Total
			if r.Assisted {
				p[2] += r.N
			}
			wantProc[pk{string(r.Kind), r.Procedure}] = p
		}
	}
	byDay, err := s.UsageByDay(ctx(t), from, to)
	if err != nil {
		t.Fatal(err)
	}
	gotDay := map[dk][3]int{}
	for _, r := range byDay {
		if r.Procedure != "" {
			t.Fatalf("by-day row with a procedure: %+v", r)
		}
		k := dk{r.Day, string(r.Kind), r.Val}
		w := gotDay[k]
		w[0] += r.N
		w[1] += r.Total
		if r.Assisted {
			w[2] += r.N
		}
		gotDay[k] = w
	}
	if !reflect.DeepEqual(gotDay, wantDay) || len(gotDay) == 0 {
		t.Fatalf("by day\n got %v\nwant %v", gotDay, wantDay)
	}
	byProc, err := s.UsageByProcedure(ctx(t), from, to)
	if err != nil {
		t.Fatal(err)
	}
	gotProc := map[pk][3]int{}
	for _, r := range byProc {
		p := gotProc[pk{string(r.Kind), r.Procedure}]
		p[0] += r.N
		p[1] += r.Total
		if r.Assisted {
			p[2] += r.N
		}
		gotProc[pk{string(r.Kind), r.Procedure}] = p
	}
	if !reflect.DeepEqual(gotProc, wantProc) || len(gotProc) < 40 {
		t.Fatalf("by procedure\n got %v\nwant %v", gotProc, wantProc)
	}
}
