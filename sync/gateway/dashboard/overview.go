package dashboard

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Range limits: the default span and the longest one a page may ask for.
const (
	defaultDays = 30
	maxDays     = 3 * 366
)

// selection is what the reader asked to see: a day range and optionally a commune
// or a kiosk, narrowed to what their account may see.
type selection struct {
	From, To string // inclusive days, YYYY-MM-DD
	Commune  string
	KioskID  string
	Days     int
	Invalid  bool // the asked range was unusable: the default is shown
	Locked   bool // a commune account: the commune cannot change
	AnyDate  bool // the dossier list without a range: every day
}

// filter is the selection as a store filter.
func (s selection) filter() gwstore.UsageFilter {
	return gwstore.UsageFilter{From: s.From, To: s.To, Commune: s.Commune, KioskID: s.KioskID}
}

// query is the selection as a URL query (for links to the export and other pages).
func (s selection) query() string {
	v := url.Values{}
	if !s.AnyDate {
		v.Set("from", s.From)
		v.Set("to", s.To)
	}
	if s.Commune != "" && !s.Locked {
		v.Set("commune", s.Commune)
	}
	if s.KioskID != "" {
		v.Set("kiosk", s.KioskID)
	}
	return v.Encode()
}

// since and before bound the selection's days as instants in loc.
func (s selection) since(loc *time.Location) time.Time {
	if s.AnyDate {
		return time.Time{}
	}
	t, _ := time.ParseInLocation(wire.DayLayout, s.From, loc)
	return t
}

func (s selection) before(loc *time.Location) time.Time {
	if s.AnyDate {
		return time.Time{}
	}
	t, _ := time.ParseInLocation(wire.DayLayout, s.To, loc)
	return t.AddDate(0, 0, 1)
}

// selectionOf reads from, to, commune and kiosk from r's query; kiosks are the
// registered ones (a kiosk outside the account's commune is ignored).
func (d *Dashboard) selectionOf(r *http.Request, a gwstore.Account, kiosks []gwstore.Kiosk) selection {
	q := r.URL.Query()
	today := d.now().In(d.loc).Format(wire.DayLayout)
	def := func() (string, string) {
		t, _ := time.Parse(wire.DayLayout, today)
		return t.AddDate(0, 0, -(defaultDays - 1)).Format(wire.DayLayout), today
	}
	var s selection
	from, to := q.Get("from"), q.Get("to")
	if from == "" && to == "" {
		s.From, s.To = def()
	} else {
		f, errF := time.Parse(wire.DayLayout, from)
		t, errT := time.Parse(wire.DayLayout, to)
		if to == "" && errF == nil {
			t, errT = f.AddDate(0, 0, defaultDays-1), nil
		}
		if from == "" && errT == nil {
			f, errF = t.AddDate(0, 0, -(defaultDays-1)), nil
		}
		if errF != nil || errT != nil || t.Before(f) || t.Sub(f) > maxDays*24*time.Hour {
			s.From, s.To = def()
			s.Invalid = true
		} else {
			s.From, s.To = f.Format(wire.DayLayout), t.Format(wire.DayLayout)
		}
	}
	f, _ := time.Parse(wire.DayLayout, s.From)
	t, _ := time.Parse(wire.DayLayout, s.To)
	s.Days = int(t.Sub(f)/(24*time.Hour)) + 1
	if a.Role == gwstore.RoleCommune {
		s.Commune, s.Locked = a.Commune, true
	} else {
		s.Commune = q.Get("commune")
	}
	if id := q.Get("kiosk"); id != "" {
		for _, k := range kiosks {
			if k.ID == id && (s.Commune == "" || k.Commune == s.Commune) {
				s.KioskID = id
			}
		}
	}
	return s
}

// visibleSelection is the kiosks the account may see and the request's selection
// among them.
func (d *Dashboard) visibleSelection(r *http.Request, a gwstore.Account) ([]gwstore.Kiosk, selection, error) {
	all, err := d.store.Kiosks(r.Context())
	if err != nil {
		return nil, selection{}, err
	}
	kiosks := visibleKiosks(a, all)
	return kiosks, d.selectionOf(r, a, kiosks), nil
}

// visibleKiosks is the kiosks an account may see, by commune then name.
func visibleKiosks(a gwstore.Account, all []gwstore.Kiosk) []gwstore.Kiosk {
	var out []gwstore.Kiosk
	for _, k := range all {
		if a.Role == gwstore.RoleCity || k.Commune == a.Commune {
			out = append(out, k)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Commune != out[j].Commune {
			return out[i].Commune < out[j].Commune
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// rangeForm is the model of the filter form at the top of the pages.
type rangeForm struct {
	Action   string
	Sel      selection
	Communes []string
	Kiosks   []gwstore.Kiosk // of the selected commune, or all visible ones
	Statuses []string        // the dossier list's status filter (nil: none)
	Status   string
}

func newRangeForm(action string, sel selection, kiosks []gwstore.Kiosk) rangeForm {
	f := rangeForm{Action: action, Sel: sel}
	seen := map[string]bool{}
	for _, k := range kiosks {
		if !seen[k.Commune] {
			seen[k.Commune] = true
			f.Communes = append(f.Communes, k.Commune)
		}
		if sel.Commune == "" || k.Commune == sel.Commune {
			f.Kiosks = append(f.Kiosks, k)
		}
	}
	return f
}

// communeRow is one commune's figures.
type communeRow struct {
	Commune string
	Kiosks  int
	gwstore.UsageTotals
}

// statusCount is the number of dossiers in one status.
type statusCount struct {
	Status string
	N      int
}

// overviewData is the overview page's model.
type overviewData struct {
	Sel        selection
	Query      template.URL // the selection as a query string
	Form       rangeForm
	Total      gwstore.UsageTotals
	Reporting  int                 // kiosks with figures
	Days       []gwstore.DayTotals // every day of the range, newest first, zeros included
	PerCommune []communeRow
	PerKiosk   []gwstore.KioskTotals
	Procedures []gwstore.ProcedureTotals
	Statuses   []statusCount
	StatusSum  int
	Daily      template.HTML
	ProcChart  template.HTML
	CommChart  template.HTML
	RateChart  template.HTML
}

// statusOrder is the order statuses are listed in.
var statusOrder = []string{string(wire.StatusReceived), string(wire.StatusProcessing), string(wire.StatusNeedsMore), string(wire.StatusDone), string(wire.StatusRejected)}

func (d *Dashboard) overview(w http.ResponseWriter, r *http.Request) {
	a := sessionOf(r).account
	data, err := d.buildOverview(r, a)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	p := page{Title: "nav.overview", Nav: "overview", Data: data}
	if data.Sel.Invalid {
		p.Error = "err.range"
	}
	d.render(w, r, http.StatusOK, "overview.html", p)
}

// buildOverview queries and shapes everything the overview shows.
func (d *Dashboard) buildOverview(r *http.Request, a gwstore.Account) (*overviewData, error) {
	ctx := r.Context()
	lang := langOf(r)
	kiosks, sel, err := d.visibleSelection(r, a)
	if err != nil {
		return nil, err
	}
	sum, err := d.store.UsageSummary(ctx, sel.filter())
	if err != nil {
		return nil, err
	}
	counts, err := d.store.DossierStatusCounts(ctx, gwstore.DossierQuery{Commune: sel.Commune, KioskID: sel.KioskID,
		Since: sel.since(d.loc), Before: sel.before(d.loc)})
	if err != nil {
		return nil, err
	}
	od := &overviewData{Sel: sel, Query: template.URL(sel.query()), Total: sum.Total(), Reporting: len(sum.Kiosks),
		PerKiosk: sum.Kiosks, Procedures: sum.Procedures}
	od.Form = newRangeForm("/", sel, kiosks)
	for _, st := range statusOrder {
		od.Statuses = append(od.Statuses, statusCount{Status: st, N: counts[st]})
		od.StatusSum += counts[st]
	}

	// Every day of the range, zero when no kiosk reported.
	byDay := make(map[string]gwstore.UsageTotals, len(sum.Days))
	for _, dt := range sum.Days {
		byDay[dt.Day] = dt.UsageTotals
	}
	start, _ := time.Parse(wire.DayLayout, sel.From)
	labels := make([]string, sel.Days)
	ss := []series{
		{Name: tr(lang, "col.sessions"), Color: colBlue},
		{Name: tr(lang, "col.completed"), Color: colGreen, Dash: "10 5"},
		{Name: tr(lang, "col.abandoned"), Color: colRed, Dash: "3 4"},
		{Name: tr(lang, "col.dossiers"), Color: colOrange, Dash: "14 4 3 4"},
	}
	for i := range ss {
		ss[i].Values = make([]int, sel.Days)
	}
	for i := 0; i < sel.Days; i++ {
		day := start.AddDate(0, 0, i).Format(wire.DayLayout)
		t := byDay[day]
		labels[i] = formatDay(lang, day)
		ss[0].Values[i], ss[1].Values[i], ss[2].Values[i], ss[3].Values[i] = t.Sessions, t.Completed, t.Abandoned, t.Dossiers
		od.Days = append(od.Days, gwstore.DayTotals{Day: day, UsageTotals: t})
	}
	for i, j := 0, len(od.Days)-1; i < j; i, j = i+1, j-1 {
		od.Days[i], od.Days[j] = od.Days[j], od.Days[i]
	}
	num := func(n int) string { return formatInt(lang, n) }
	if len(sum.Days) > 0 {
		od.Daily = lineChart(tr(lang, "chart.daily"), labels, ss, num)
	}

	// Per commune, from the per-kiosk sums.
	idx := map[string]int{}
	for _, k := range sum.Kiosks {
		i, ok := idx[k.Commune]
		if !ok {
			i = len(od.PerCommune)
			idx[k.Commune] = i
			od.PerCommune = append(od.PerCommune, communeRow{Commune: k.Commune})
		}
		od.PerCommune[i].Kiosks++
		od.PerCommune[i].Add(k.UsageTotals)
	}
	if len(od.PerCommune) > 0 {
		items := make([]barItem, len(od.PerCommune))
		for i, c := range od.PerCommune {
			items[i] = barItem{Label: c.Commune, Value: c.Dossiers}
		}
		od.CommChart = barChart(tr(lang, "chart.communes"), items, colBlue, num)
	}
	var procItems []barItem
	for _, p := range sum.Procedures {
		if p.Dossiers > 0 && len(procItems) < 10 {
			procItems = append(procItems, barItem{Label: d.procName(lang, p.Code), Value: p.Dossiers})
		}
	}
	if len(procItems) > 0 {
		od.ProcChart = barChart(tr(lang, "chart.procedures"), procItems, colOrange, num)
	}
	if od.Total.RatingCount() > 0 {
		stars := []string{colRed, colOrange, colGrey, colGreen, colBlue}
		items := make([]barItem, 5)
		for i := range 5 {
			items[i] = barItem{Label: fmt.Sprintf(tr(lang, "chart.stars"), 5-i), Value: od.Total.Ratings[4-i], Color: stars[4-i]}
		}
		od.RateChart = barChart(tr(lang, "chart.ratings"), items, colBlue, num)
	}
	return od, nil
}
