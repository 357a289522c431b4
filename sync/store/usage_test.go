package store_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/report/reporttest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func TestUsageFiguresPerDay(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	s := openStore(t, store.Options{Location: vn})
	day1 := time.Date(2026, 11, 26, 8, 30, 0, 0, vn)
	day2 := time.Date(2026, 11, 27, 23, 59, 0, 0, vn)
	events := []store.Event{
		{At: day1, Kind: store.EvSessionStarted},
		{At: day1, Kind: store.EvProcedureViewed, Procedure: "1.001193"},
		{At: day1, Kind: store.EvProcedureViewed, Procedure: "1.001193"},
		{At: day1, Kind: store.EvDossierStarted, Procedure: "1.001193"},
		{At: day1, Kind: store.EvDossierSubmitted, Procedure: "1.001193"},
		{At: day1, Kind: store.EvPagesScanned, Procedure: "1.001193", Value: 3},
		{At: day1, Kind: store.EvSessionCompleted},
		{At: day1, Kind: store.EvRating, Value: 5},
		{At: day1.Add(time.Hour), Kind: store.EvSessionStarted},
		{At: day1.Add(time.Hour), Kind: store.EvDossierStarted, Procedure: "1.000894", Assisted: true},
		{At: day1.Add(time.Hour), Kind: store.EvSessionAbandoned},
		{At: day1.Add(time.Hour), Kind: store.EvPagesScanned, Value: 2},
		{At: day2, Kind: store.EvSessionStarted},
		{At: day2, Kind: store.EvDossierStarted, Procedure: "2.000815", Assisted: true},
		{At: day2, Kind: store.EvDossierSubmitted, Procedure: "2.000815", Assisted: true},
		{At: day2, Kind: store.EvRating, Value: 4},
		{At: day2, Kind: store.EvRating, Value: 4},
		{At: day2, Kind: store.EvLookup},
		// 2026-11-28 00:30 local is 17:30 UTC on the 27th: it belongs to the 28th.
		{At: time.Date(2026, 11, 27, 17, 30, 0, 0, time.UTC), Kind: store.EvSessionStarted},
	}
	for _, ev := range events {
		if err := s.Record(ctx(t), ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Record(ctx(t), store.Event{Kind: store.EvRating, Value: 9}); err == nil {
		t.Fatal("rating 9 accepted")
	}
	days, err := s.Usage(ctx(t), "2026-11-26", "2026-11-28")
	if err != nil || len(days) != 3 {
		t.Fatalf("Usage = %v, %v", days, err)
	}
	d1, d2, d3 := days[0], days[1], days[2]
	if d1.Day != "2026-11-26" || d1.Sessions != 2 || d1.Completed != 1 || d1.Abandoned != 1 || d1.DossiersStarted != 2 || d1.DossiersSubmitted != 1 ||
		d1.PagesScanned != 5 || d1.Ratings != [5]int{0, 0, 0, 0, 1} || d1.ProcedureViews["1.001193"] != 2 ||
		d1.DossiersByProcedure["1.001193"] != 1 || d1.DossiersByProcedure["1.000894"] != 0 || d1.AssistedDossiers != 0 {
		t.Fatalf("day 1 = %+v", d1)
	}
	if d2.Day != "2026-11-27" || d2.Sessions != 1 || d2.DossiersStarted != 1 || d2.DossiersSubmitted != 1 || d2.AssistedDossiers != 1 || d2.DossiersByProcedure["2.000815"] != 1 ||
		d2.Ratings != [5]int{0, 0, 0, 2, 0} || d2.Lookups != 1 {
		t.Fatalf("day 2 = %+v", d2)
	}
	if d3.Day != "2026-11-28" || d3.Sessions != 1 || d3.DossiersStarted != 0 {
		t.Fatalf("day 3 = %+v", d3)
	}
	hours, err := s.HourlySessions(ctx(t), "2026-11-26")
	if err != nil || hours[8] != 1 || hours[9] != 1 || hours[10] != 0 {
		t.Fatalf("hourly = %v, %v", hours, err)
	}
	if only, _ := s.Usage(ctx(t), "2026-11-27", "2026-11-27"); len(only) != 1 || only[0].Day != "2026-11-27" {
		t.Fatalf("range filter: %+v", only)
	}
}

// TestUsageOfTheKnownDay checks the figures the uplink pushes (Usage) against the
// hand-counted known day the kiosk's statistics are checked against, so that the
// gateway can compute completion (submitted / started) as the kiosk does.
func TestUsageOfTheKnownDay(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	s := openStore(t, store.Options{Location: vn})
	for _, ev := range reporttest.Events(vn) {
		if err := s.Record(ctx(t), ev); err != nil {
			t.Fatal(err)
		}
	}
	days, err := s.Usage(ctx(t), reporttest.Day, reporttest.Day)
	if err != nil || len(days) != 1 {
		t.Fatalf("Usage = %v, %v", days, err)
	}
	d := days[0]
	for key, got := range map[string]int{"sessions": d.Sessions, "completed": d.Completed, "abandoned": d.Abandoned,
		"dossiers_started": d.DossiersStarted, "dossiers_submitted": d.DossiersSubmitted, "assisted": d.AssistedDossiers,
		"pages": d.PagesScanned, "lookups": d.Lookups} {
		if want := reporttest.Summary[key]; strconv.Itoa(got) != want {
			t.Errorf("%s = %d, want %s", key, got, want)
		}
	}
}

// TestUsageMatchesUsageByDay checks the per-day figures the uplink pushes (Usage)
// against the grouped roll-up the kiosk's statistics read (UsageByDay), kind by kind.
func TestUsageMatchesUsageByDay(t *testing.T) {
	s := openStore(t, store.Options{Location: time.UTC})
	if err := store.BulkRecord(ctx(t), s, yearOfUsage(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), 3, 300)); err != nil {
		t.Fatal(err)
	}
	from, to := "2026-11-25", "2026-11-27"
	days, err := s.Usage(ctx(t), from, to)
	if err != nil || len(days) != 3 {
		t.Fatalf("Usage = %d days, %v", len(days), err)
	}
	rows, err := s.UsageByDay(ctx(t), from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*wire.Usage{}
	for _, r := range rows {
		w := want[r.Day]
		if w == nil {
			w = &wire.Usage{Day: r.Day}
			want[r.Day] = w
		}
		switch r.Kind {
		case store.EvSessionStarted:
			w.Sessions += r.N
		case store.EvSessionCompleted:
			w.Completed += r.N
		case store.EvSessionAbandoned:
			w.Abandoned += r.N
		case store.EvDossierStarted:
			w.DossiersStarted += r.N
		case store.EvDossierSubmitted:
			w.DossiersSubmitted += r.N
			if r.Assisted {
				w.AssistedDossiers += r.N
			}
		case store.EvPagesScanned:
			w.PagesScanned += r.Total
		case store.EvLookup:
			w.Lookups += r.N
		case store.EvRating:
			w.Ratings[r.Val-1] += r.N
		}
	}
	for _, d := range days {
		w := want[d.Day]
		if w == nil || d.DossiersStarted == 0 || d.DossiersStarted <= d.DossiersSubmitted {
			t.Fatalf("day %s: %+v (the data starts more dossiers than it submits)", d.Day, d)
		}
		if d.Sessions != w.Sessions || d.Completed != w.Completed || d.Abandoned != w.Abandoned ||
			d.DossiersStarted != w.DossiersStarted || d.DossiersSubmitted != w.DossiersSubmitted ||
			d.AssistedDossiers != w.AssistedDossiers || d.PagesScanned != w.PagesScanned || d.Lookups != w.Lookups ||
			d.Ratings != w.Ratings {
			t.Errorf("day %s: Usage %+v, UsageByDay %+v", d.Day, d, *w)
		}
	}
}

func TestSettings(t *testing.T) {
	s := openStore(t, store.Options{})
	if v, err := s.Setting(ctx(t), "kiosk.id"); err != nil || v != "" {
		t.Fatalf("unset = %q, %v", v, err)
	}
	s.SetSetting(ctx(t), "kiosk.id", "k1")
	s.SetSetting(ctx(t), "kiosk.id", "k2")
	if v, _ := s.Setting(ctx(t), "kiosk.id"); v != "k2" {
		t.Fatalf("got %q", v)
	}
}
