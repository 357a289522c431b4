package gwstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// UsageTotals are summed usage figures (of a day, a kiosk, a commune or a range).
type UsageTotals struct {
	Sessions        int
	Completed       int
	Abandoned       int
	Dossiers        int // dossiers submitted
	DossiersStarted int // dossiers started: completion is Dossiers / DossiersStarted
	Assisted        int // of which filed by post office staff
	Pages           int // pages scanned
	Lookups         int
	Ratings         [5]int // count of ratings 1..5
}

// Add adds o's figures to t.
func (t *UsageTotals) Add(o UsageTotals) {
	t.Sessions += o.Sessions
	t.Completed += o.Completed
	t.Abandoned += o.Abandoned
	t.DossiersStarted += o.DossiersStarted
	t.Dossiers += o.Dossiers
	t.Assisted += o.Assisted
	t.Pages += o.Pages
	t.Lookups += o.Lookups
	for i := range t.Ratings {
		t.Ratings[i] += o.Ratings[i]
	}
}

// RatingCount is how many ratings were given.
func (t UsageTotals) RatingCount() int {
	n := 0
	for _, v := range t.Ratings {
		n += v
	}
	return n
}

// RatingAverage is the mean rating (1..5), 0 when there is none.
func (t UsageTotals) RatingAverage() float64 {
	n, sum := 0, 0
	for i, v := range t.Ratings {
		n += v
		sum += (i + 1) * v
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// DayTotals are the figures of one day summed over the selected kiosks.
type DayTotals struct {
	Day string // YYYY-MM-DD
	UsageTotals
}

// KioskTotals are one kiosk's figures summed over the selected days.
type KioskTotals struct {
	KioskID string
	Name    string
	Commune string
	Days    int // days with figures
	UsageTotals
}

// ProcedureTotals are the dossiers filed and the detail views of one procedure.
type ProcedureTotals struct {
	Code     string
	Dossiers int
	Views    int
}

// UsageSummary is what the dashboard's overview shows for a selection of usage rows.
type UsageSummary struct {
	Days       []DayTotals       // days with figures, oldest first
	Kiosks     []KioskTotals     // kiosks with figures, by commune then name
	Procedures []ProcedureTotals // by dossiers, then views, descending, then code
}

// Total sums the summary's days.
func (s UsageSummary) Total() UsageTotals {
	var t UsageTotals
	for _, d := range s.Days {
		t.Add(d.UsageTotals)
	}
	return t
}

// jsonSQL is how an engine reads the ratings of the usage rows' JSON columns.
type jsonSQL struct {
	rating func(i int) string // expression of ratings[i]
}

var sqliteJSON = jsonSQL{
	rating: func(i int) string { return "json_extract(u.ratings, '$[" + strconv.Itoa(i) + "]')" },
}

// pgJSON reads ratings as text: PutUsage writes them with json.Marshal of a [5]int,
// always "[a,b,c,d,e]", and splitting that is three times cheaper than casting each
// row to jsonb (46 vs 128 ms over 36,500 rows).
var pgJSON = jsonSQL{
	rating: func(i int) string { return "split_part(btrim(u.ratings, '[]'), ',', " + strconv.Itoa(i+1) + ")::int" },
}

// UsageSummary sums the usage rows selected by f per day, per kiosk and per procedure.
func (s *SQLite) UsageSummary(ctx context.Context, f UsageFilter) (UsageSummary, error) {
	return s.usageSummary(ctx, f, sqliteJSON)
}

// UsageSummary sums the usage rows selected by f per day, per kiosk and per procedure.
func (p *Postgres) UsageSummary(ctx context.Context, f UsageFilter) (UsageSummary, error) {
	return p.usageSummary(ctx, f, pgJSON)
}

func usageWhere(f UsageFilter) (string, []any) {
	w := ` WHERE 1=1`
	var args []any
	if f.KioskID != "" {
		w += ` AND u.kiosk_id = ?`
		args = append(args, f.KioskID)
	}
	if f.Commune != "" {
		w += ` AND k.commune = ?`
		args = append(args, f.Commune)
	}
	if f.From != "" {
		w += ` AND u.day >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		w += ` AND u.day <= ?`
		args = append(args, f.To)
	}
	return w, args
}

// usageSummary runs its four queries concurrently (each is one scan of the selected
// rows; on a year of 100 kiosks they take tens of milliseconds each).
func (c *core) usageSummary(ctx context.Context, f UsageFilter, j jsonSQL) (UsageSummary, error) {
	where, args := usageWhere(f)
	sums := `SUM(u.sessions), SUM(u.completed), SUM(u.abandoned), SUM(u.dossiers_started), SUM(u.dossiers_submitted),
		SUM(u.assisted_dossiers),
		SUM(u.pages_scanned), SUM(u.lookups)`
	for i := range 5 {
		sums += ", SUM(" + j.rating(i) + ")"
	}
	from := ` FROM usage u JOIN kiosks k ON k.id = u.kiosk_id`
	var out UsageSummary
	var dossiers, views map[string]int
	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Add(3)
	go func() {
		defer wg.Done()
		out.Days, errs[0] = c.usagePerDay(ctx, `SELECT u.day, `+sums+from+where+` GROUP BY u.day ORDER BY u.day`, args)
	}()
	go func() {
		defer wg.Done()
		out.Kiosks, errs[1] = c.usagePerKiosk(ctx, `SELECT u.kiosk_id, k.name, k.commune, COUNT(*), `+sums+from+where+
			` GROUP BY u.kiosk_id, k.name, k.commune ORDER BY k.commune, k.name`, args)
	}()
	// Per procedure: the maps are summed in Go with a flat-object scanner, five times
	// faster than the engines' JSON table functions (SQLite json_each: 150 ms per
	// column over 36,500 rows).
	go func() {
		defer wg.Done()
		dossiers, views, errs[2] = c.usagePerProcedure(ctx, `SELECT u.dossiers_by_procedure, u.procedure_views`+from+where, args)
	}()
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return UsageSummary{}, err
	}
	for code, n := range dossiers {
		out.Procedures = append(out.Procedures, ProcedureTotals{Code: code, Dossiers: n, Views: views[code]})
	}
	for code, n := range views {
		if _, ok := dossiers[code]; !ok {
			out.Procedures = append(out.Procedures, ProcedureTotals{Code: code, Views: n})
		}
	}
	sort.Slice(out.Procedures, func(a, b int) bool {
		pa, pb := out.Procedures[a], out.Procedures[b]
		if pa.Dossiers != pb.Dossiers {
			return pa.Dossiers > pb.Dossiers
		}
		if pa.Views != pb.Views {
			return pa.Views > pb.Views
		}
		return pa.Code < pb.Code
	})
	return out, nil
}

func (c *core) usagePerDay(ctx context.Context, q string, args []any) ([]DayTotals, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("usage per day: %w", err)
	}
	defer rows.Close()
	var out []DayTotals
	for rows.Next() {
		var d DayTotals
		if err := rows.Scan(append([]any{&d.Day}, totalsDest(&d.UsageTotals)...)...); err != nil {
			return nil, fmt.Errorf("usage per day: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("usage per day: %w", err)
	}
	return out, nil
}

func (c *core) usagePerKiosk(ctx context.Context, q string, args []any) ([]KioskTotals, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("usage per kiosk: %w", err)
	}
	defer rows.Close()
	var out []KioskTotals
	for rows.Next() {
		var k KioskTotals
		if err := rows.Scan(append([]any{&k.KioskID, &k.Name, &k.Commune, &k.Days}, totalsDest(&k.UsageTotals)...)...); err != nil {
			return nil, fmt.Errorf("usage per kiosk: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("usage per kiosk: %w", err)
	}
	return out, nil
}

func (c *core) usagePerProcedure(ctx context.Context, q string, args []any) (dossiers, views map[string]int, err error) {
	rows, err := c.ro.QueryContext(ctx, c.q(q), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("usage per procedure: %w", err)
	}
	defer rows.Close()
	dossiers, views = map[string]int{}, map[string]int{}
	var d, v []byte
	for rows.Next() {
		if err := rows.Scan(&d, &v); err != nil {
			return nil, nil, fmt.Errorf("usage per procedure: %w", err)
		}
		if err := errors.Join(addCounts(dossiers, d), addCounts(views, v)); err != nil {
			return nil, nil, fmt.Errorf("usage per procedure: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("usage per procedure: %w", err)
	}
	return dossiers, views, nil
}

// addCounts adds the counts of a flat JSON object of integers ({"code":n,…}, as
// PutUsage writes them) to m. Anything fancier (escapes, other value types) goes
// through encoding/json.
func addCounts(m map[string]int, b []byte) error {
	i := 0
	ws := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	slow := func() error {
		var x map[string]int
		if err := json.Unmarshal(b, &x); err != nil {
			return fmt.Errorf("procedure counts %q: %w", b, err)
		}
		for k, n := range x {
			m[k] += n
		}
		return nil
	}
	ws()
	if i >= len(b) || b[i] != '{' {
		return slow()
	}
	i++
	ws()
	if i < len(b) && b[i] == '}' {
		return nil
	}
	type kv struct {
		k string
		n int
	}
	var got []kv
	for {
		ws()
		if i >= len(b) || b[i] != '"' {
			return slow()
		}
		i++
		start := i
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			i++
		}
		if i >= len(b) || b[i] != '"' {
			return slow()
		}
		key := b[start:i]
		if !plainKey(key) {
			return slow()
		}
		i++
		ws()
		if i >= len(b) || b[i] != ':' {
			return slow()
		}
		i++
		ws()
		neg := i < len(b) && b[i] == '-'
		if neg {
			i++
		}
		n, digits := 0, 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' && digits < 12 {
			n = n*10 + int(b[i]-'0')
			i++
			digits++
		}
		if digits == 0 || digits == 12 {
			return slow()
		}
		if neg {
			n = -n
		}
		got = append(got, kv{string(key), n})
		ws()
		if i < len(b) && b[i] == ',' {
			i++
			continue
		}
		if i < len(b) && b[i] == '}' {
			i++
			ws()
			if i != len(b) {
				return slow()
			}
			break
		}
		return slow()
	}
	for _, e := range got {
		m[e.k] += e.n
	}
	return nil
}

// plainKey reports whether a key needs no decoding: valid UTF-8 without control
// characters.
func plainKey(k []byte) bool {
	for _, c := range k {
		if c < 0x20 {
			return false
		}
	}
	return utf8.Valid(k)
}

func totalsDest(t *UsageTotals) []any {
	return []any{&t.Sessions, &t.Completed, &t.Abandoned, &t.DossiersStarted, &t.Dossiers, &t.Assisted, &t.Pages, &t.Lookups,
		&t.Ratings[0], &t.Ratings[1], &t.Ratings[2], &t.Ratings[3], &t.Ratings[4]}
}

// DossierQuery selects dossiers for the dashboard; zero values select everything.
type DossierQuery struct {
	Commune  string
	KioskID  string
	Status   string
	Since    time.Time // received at or after
	Before   time.Time // received before
	Limit    int       // 0: no limit
	Offset   int
	NewFirst bool // newest first (default oldest first)
}

// DossierRow is a dossier as the dashboard lists it: without its body (which holds
// the applicant's personal data), with its kiosk's name and commune.
type DossierRow struct {
	Dossier
	KioskName string
	Commune   string
}

func dossierWhere(q DossierQuery) (string, []any) {
	w := ` FROM dossiers d JOIN kiosks k ON k.id = d.kiosk_id WHERE 1=1`
	var args []any
	if q.Commune != "" {
		w += ` AND k.commune = ?`
		args = append(args, q.Commune)
	}
	if q.KioskID != "" {
		w += ` AND d.kiosk_id = ?`
		args = append(args, q.KioskID)
	}
	if q.Status != "" {
		w += ` AND d.status = ?`
		args = append(args, q.Status)
	}
	if !q.Since.IsZero() {
		w += ` AND d.received_at >= ?`
		args = append(args, micros(q.Since))
	}
	if !q.Before.IsZero() {
		w += ` AND d.received_at < ?`
		args = append(args, micros(q.Before))
	}
	return w, args
}

// DashboardDossiers lists the dossiers selected by q (one page of them) and how many
// match in all.
func (c *core) DashboardDossiers(ctx context.Context, q DossierQuery) ([]DossierRow, int, error) {
	where, args := dossierWhere(q)
	var total int
	if err := c.ro.QueryRowContext(ctx, c.q(`SELECT COUNT(*)`+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count dossiers: %w", err)
	}
	order := ` ORDER BY d.received_at, d.official_code`
	if q.NewFirst {
		order = ` ORDER BY d.received_at DESC, d.official_code DESC`
	}
	sel := `SELECT d.id, d.kiosk_id, d.receipt_code, d.procedure_code, d.official_code, d.status, d.note, d.body_sha256,
		'', d.page_count, d.received_at, d.updated_at, k.name, k.commune` + where + order
	if q.Limit > 0 {
		sel += ` LIMIT ` + strconv.Itoa(q.Limit)
	}
	if q.Offset > 0 {
		sel += ` OFFSET ` + strconv.Itoa(q.Offset)
	}
	rows, err := c.ro.QueryContext(ctx, c.q(sel), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list dossiers: %w", err)
	}
	defer rows.Close()
	var out []DossierRow
	for rows.Next() {
		var r DossierRow
		var rec, upd int64
		d := &r.Dossier
		var body string
		if err := rows.Scan(&d.ID, &d.KioskID, &d.ReceiptCode, &d.ProcedureCode, &d.OfficialCode, &d.Status, &d.Note,
			&d.BodySHA256, &body, &d.PageCount, &rec, &upd, &r.KioskName, &r.Commune); err != nil {
			return nil, 0, fmt.Errorf("list dossiers: %w", err)
		}
		d.ReceivedAt, d.UpdatedAt = fromMicros(rec), fromMicros(upd)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// DossierStatusCounts counts the dossiers selected by q (Status, Limit and Offset
// ignored) per status.
func (c *core) DossierStatusCounts(ctx context.Context, q DossierQuery) (map[string]int, error) {
	q.Status = ""
	where, args := dossierWhere(q)
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT d.status, COUNT(*)`+where+` GROUP BY d.status`), args...)
	if err != nil {
		return nil, fmt.Errorf("count dossiers per status: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count dossiers per status: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}
