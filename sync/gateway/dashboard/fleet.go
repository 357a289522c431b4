package dashboard

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/fleet"
)

// fleetData is the Ki-ốt page's model: the kiosks the account sees, those needing
// action first.
type fleetData struct {
	Rows    []fleet.Row
	Counts  map[string]int // state → kiosks
	Alerted int            // kiosks with at least one alert
	Now     time.Time
}

// fleetRows joins the kiosks the signed-in account sees with their heartbeats.
func (d *Dashboard) fleetRows(r *http.Request) ([]fleet.Row, error) {
	ctx := r.Context()
	all, err := d.store.Kiosks(ctx)
	if err != nil {
		return nil, err
	}
	beats, err := d.store.Heartbeats(ctx)
	if err != nil {
		return nil, err
	}
	return fleet.Rows(visibleKiosks(sessionOf(r).account, all), beats, d.now()), nil
}

// routeFleet adds the Ki-ốt page and its CSV to the dashboard's routes.
func (d *Dashboard) routeFleet(mux *http.ServeMux) {
	mux.Handle("GET /kiosks", d.authed(d.kiosks))
	mux.Handle("GET /kiosks.csv", d.authed(d.kiosksCSV))
}

func (d *Dashboard) kiosks(w http.ResponseWriter, r *http.Request) {
	rows, err := d.fleetRows(r)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	fd := &fleetData{Rows: rows, Counts: map[string]int{}, Now: d.now()}
	for _, row := range rows {
		fd.Counts[row.State]++
		if len(row.Alerts) > 0 {
			fd.Alerted++
		}
	}
	d.render(w, r, http.StatusOK, "kiosks.html", page{Title: "fleet.title", Nav: "kiosks", Data: fd})
}

// kiosksCSV answers the Ki-ốt page as CSV (UTF-8 with a byte order mark).
func (d *Dashboard) kiosksCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := d.fleetRows(r)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	lang := langOf(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ki-ot-%s.csv"`, d.now().In(d.loc).Format("2006-01-02")))
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	cw.Write([]string{tr(lang, "csv.kiosk_id"), tr(lang, "col.kiosk"), tr(lang, "col.commune"), tr(lang, "fleet.state"),
		tr(lang, "fleet.seen"), tr(lang, "fleet.version"), tr(lang, "fleet.scanner"), tr(lang, "fleet.qr"), tr(lang, "fleet.printer"),
		tr(lang, "fleet.outbox"), tr(lang, "fleet.oldest_h"), tr(lang, "fleet.disk_gb"), tr(lang, "fleet.clock_s"),
		tr(lang, "fleet.sync_error"), tr(lang, "fleet.sessions"), tr(lang, "fleet.settings"), tr(lang, "fleet.update"), tr(lang, "fleet.alerts")})
	for _, row := range rows {
		rec := []string{cell(row.Kiosk.ID), cell(row.Kiosk.Name), cell(row.Kiosk.Commune), tr(lang, "fleet.state."+row.State)}
		if b := row.Beat; b != nil {
			h := b.Beat
			rec = append(rec, b.ReceivedAt.UTC().Format(time.RFC3339), cell(h.Version), h.Scanner, h.QRReader, h.Printer,
				strconv.Itoa(h.OutboxDepth), strconv.FormatFloat(float64(h.OldestQueuedSecs)/3600, 'f', 1, 64),
				diskGB(h.DiskFreeBytes), strconv.FormatInt(int64(row.ClockOff.Seconds()), 10), h.LastSyncError,
				strconv.Itoa(h.SessionsToday), cell(h.SettingsVersion), cell(strings.TrimSpace(h.Update.State+" "+h.Update.Version+" "+h.Update.Reason)))
		} else {
			rec = append(rec, make([]string, 13)...)
		}
		var alerts []string
		for _, a := range row.Alerts {
			alerts = append(alerts, tr(lang, "alert."+a))
		}
		cw.Write(append(rec, strings.Join(alerts, "; ")))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		d.log.WarnContext(r.Context(), "dashboard: kiosk csv cut short", "err", err)
		return
	}
	bw.Flush()
}

// diskGB shows free bytes in GB with one decimal ("" when unknown).
func diskGB(b int64) string {
	if b < 0 {
		return ""
	}
	return strconv.FormatFloat(float64(b)/(1<<30), 'f', 1, 64)
}

// fleetFuncs are the Ki-ốt page's template helpers.
func (d *Dashboard) fleetFuncs(lang string) map[string]any {
	return map[string]any{
		"ago": func(t time.Time) string { return formatAgo(lang, d.now().Sub(t)) },
		"gb": func(b int64) string {
			s := diskGB(b)
			if lang == "vi" {
				s = strings.Replace(s, ".", ",", 1)
			}
			return s
		},
		"secs": func(dur time.Duration) string {
			return strconv.FormatInt(int64(dur.Seconds()), 10)
		},
		"hours": func(secs int64) string { return formatDec(lang, float64(secs)/3600) },
		// release is a version's first word ("1.4.0" of "1.4.0 (commit …, go1.26)").
		"release": func(v string) string {
			if f := strings.Fields(v); len(f) > 0 {
				return f[0]
			}
			return v
		},
	}
}

// formatAgo says how long ago: "3 phút trước", "2 giờ trước", "5 ngày trước".
func formatAgo(lang string, d time.Duration) string {
	switch {
	case d < time.Minute:
		return tr(lang, "ago.now")
	case d < time.Hour:
		return fmt.Sprintf(tr(lang, "ago.min"), int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf(tr(lang, "ago.hour"), int(d.Hours()))
	}
	return fmt.Sprintf(tr(lang, "ago.day"), int(d.Hours()/24))
}
