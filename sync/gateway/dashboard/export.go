package dashboard

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// exportCSV answers the per-kiosk daily figures of the selection as CSV (UTF-8 with
// a byte order mark, so spreadsheet programs read the Vietnamese right).
func (d *Dashboard) exportCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := sessionOf(r).account
	lang := langOf(r)
	kiosks, sel, err := d.visibleSelection(r, a)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	rows, err := d.store.Usage(ctx, sel.filter())
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	byID := make(map[string]gwstore.Kiosk, len(kiosks))
	for _, k := range kiosks {
		byID[k.ID] = k
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="thong-ke-%s-%s.csv"`, sel.From, sel.To))
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	head := []string{tr(lang, "col.day"), tr(lang, "col.commune"), tr(lang, "col.kiosk"), tr(lang, "csv.kiosk_id"),
		tr(lang, "col.sessions"), tr(lang, "col.completed"), tr(lang, "col.abandoned"), tr(lang, "col.started"),
		tr(lang, "col.dossiers"), tr(lang, "csv.completion"), tr(lang, "col.assisted"), tr(lang, "col.pages"), tr(lang, "col.lookups")}
	for i := 1; i <= 5; i++ {
		head = append(head, fmt.Sprintf(tr(lang, "csv.rating_n"), i))
	}
	head = append(head, tr(lang, "csv.avg"))
	cw.Write(head)
	for _, u := range rows {
		k, ok := byID[u.KioskID]
		if !ok {
			continue
		}
		x := u.Usage
		t := gwstore.UsageTotals{Ratings: x.Ratings}
		avg := ""
		if t.RatingCount() > 0 {
			avg = strconv.FormatFloat(t.RatingAverage(), 'f', 2, 64)
		}
		// Completion is dossiers submitted per dossier started, as on the kiosk (empty
		// when none was started).
		completion := ""
		if x.DossiersStarted > 0 {
			completion = strconv.FormatFloat(100*float64(x.DossiersSubmitted)/float64(x.DossiersStarted), 'f', 1, 64)
		}
		rec := []string{u.Day, cell(k.Commune), cell(k.Name), cell(k.ID)}
		for _, v := range []int{x.Sessions, x.Completed, x.Abandoned, x.DossiersStarted, x.DossiersSubmitted} {
			rec = append(rec, strconv.Itoa(v))
		}
		rec = append(rec, completion)
		for _, v := range []int{x.AssistedDossiers, x.PagesScanned, x.Lookups, x.Ratings[0], x.Ratings[1], x.Ratings[2], x.Ratings[3], x.Ratings[4]} {
			rec = append(rec, strconv.Itoa(v))
		}
		cw.Write(append(rec, avg))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		d.log.WarnContext(ctx, "dashboard: csv export cut short", "err", err)
		return
	}
	bw.Flush()
}

// cell defuses text a spreadsheet would run as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
