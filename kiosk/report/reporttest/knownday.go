// Package reporttest holds a known day of usage events and the figures it must give, so
// that the statistics screen, the CSV export and `kiosk stats` are all checked against
// the same hand-counted numbers.
package reporttest

import (
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// Day is the known day.
const Day = "2026-11-20"

// Events returns the known day's events in loc (the store's location), plus one session
// on the day before and one on the day after, which must not count for Day.
func Events(loc *time.Location) []store.Event {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 20, h, m, 0, 0, loc) }
	ev := func(t time.Time, k store.EventKind, proc string, v int) store.Event {
		return store.Event{At: t, Kind: k, Procedure: proc, Value: v}
	}
	const ks, cb, kh = "1.001193", "2.000815", "1.000894"
	out := []store.Event{
		ev(time.Date(2026, 11, 19, 23, 50, 0, 0, loc), store.EvSessionStarted, "", 0),
		// 07:xx a resident files a birth registration with 3 pages and rates 5.
		ev(at(7, 10), store.EvSessionStarted, "", 0),
		ev(at(7, 11), store.EvProcedureViewed, ks, 0),
		ev(at(7, 12), store.EvDossierStarted, ks, 0),
		ev(at(7, 25), store.EvDossierSubmitted, ks, 0),
		ev(at(7, 25), store.EvPagesScanned, ks, 3),
		ev(at(7, 26), store.EvRating, "", 5),
		ev(at(7, 27), store.EvSessionCompleted, "", 0),
		// 08:xx two sessions: one files a birth registration (2 pages), rates 4; one
		// starts a marriage registration and walks away.
		ev(at(8, 0), store.EvSessionStarted, "", 0),
		ev(at(8, 2), store.EvDossierStarted, ks, 0),
		ev(at(8, 15), store.EvDossierSubmitted, ks, 0),
		ev(at(8, 15), store.EvPagesScanned, ks, 2),
		ev(at(8, 16), store.EvRating, "", 4),
		ev(at(8, 17), store.EvSessionCompleted, "", 0),
		ev(at(8, 30), store.EvSessionStarted, "", 0),
		ev(at(8, 31), store.EvSearch, kh, 0),
		ev(at(8, 32), store.EvDossierStarted, kh, 0),
		ev(at(8, 40), store.EvSessionAbandoned, "", 0),
		// 09:xx post office staff files a certified copy (4 pages) for a resident.
		{At: at(9, 5), Kind: store.EvSessionStarted, Assisted: true},
		{At: at(9, 6), Kind: store.EvDossierStarted, Procedure: cb, Assisted: true},
		{At: at(9, 20), Kind: store.EvDossierSubmitted, Procedure: cb, Assisted: true},
		{At: at(9, 20), Kind: store.EvPagesScanned, Procedure: cb, Value: 4, Assisted: true},
		{At: at(9, 21), Kind: store.EvSessionCompleted, Assisted: true},
		// 14:xx two sessions: a lookup with a rating of 2 then walking away; a lookup and a
		// birth registration started, still going at the end of the replay.
		ev(at(14, 0), store.EvSessionStarted, "", 0),
		ev(at(14, 1), store.EvLookup, "", 0),
		ev(at(14, 2), store.EvRating, "", 2),
		ev(at(14, 5), store.EvSessionAbandoned, "", 0),
		ev(at(14, 30), store.EvSessionStarted, "", 0),
		ev(at(14, 31), store.EvLookup, "", 0),
		ev(at(14, 33), store.EvDossierStarted, ks, 0),
		ev(time.Date(2026, 11, 21, 0, 5, 0, 0, loc), store.EvSessionStarted, "", 0),
	}
	return out
}

// Summary is what the summary of Day must say, by figure key (values as Figure.Plain
// writes them), with an empty outbox.
var Summary = map[string]string{
	"sessions": "6", "completed": "3", "abandoned": "2", "abandon_pct": "33",
	"dossiers_started": "5", "dossiers_submitted": "3", "completion_pct": "60",
	"assisted": "1", "pages": "9", "lookups": "2", "ratings": "3", "rating_avg": "3.7",
	"rating_1": "0", "rating_2": "1", "rating_3": "0", "rating_4": "1", "rating_5": "1",
	"waiting": "0", "rejected": "0",
}

// Hours are Day's sessions and submitted dossiers per hour (the others are zero).
var Hours = map[int][2]int{7: {1, 1}, 8: {2, 1}, 9: {1, 1}, 14: {2, 0}}

// ProcedureRow is one procedure's expected figures.
type ProcedureRow struct {
	Code                                string
	Started, Submitted, Assisted, Pages int
}

// Procedures are Day's procedures in report order (most submitted first).
var Procedures = []ProcedureRow{
	{"1.001193", 3, 2, 0, 5},
	{"2.000815", 1, 1, 1, 4},
	{"1.000894", 1, 0, 0, 0},
}
