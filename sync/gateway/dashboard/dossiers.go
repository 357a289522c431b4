package dashboard

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

const (
	perPage    = 50
	maxNoteLen = 1000 // characters
)

// dossiersData is the dossier list's model.
type dossiersData struct {
	Sel     selection
	Status  string
	Form    rangeForm
	Rows    []gwstore.DossierRow
	Total   int
	Page    int
	Pages   int
	PrevURL string
	NextURL string
}

func (d *Dashboard) dossiers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := sessionOf(r).account
	kiosks, sel, err := d.visibleSelection(r, a)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	// Without a range the list shows every day: unfinished dossiers must not drop
	// out of sight after 30 days.
	sel.AnyDate = r.URL.Query().Get("from") == "" && r.URL.Query().Get("to") == ""
	dd := &dossiersData{Sel: sel}
	if st := r.URL.Query().Get("status"); wire.ValidStatus(st) {
		dd.Status = st
	}
	dd.Form = newRangeForm("/dossiers", sel, kiosks)
	dd.Form.Statuses, dd.Form.Status = statusOrder, dd.Status
	dd.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	dd.Page = max(1, dd.Page)
	q := gwstore.DossierQuery{Commune: sel.Commune, KioskID: sel.KioskID, Status: dd.Status,
		Since: sel.since(d.loc), Before: sel.before(d.loc), Limit: perPage, Offset: (dd.Page - 1) * perPage, NewFirst: true}
	dd.Rows, dd.Total, err = d.store.DashboardDossiers(ctx, q)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	dd.Pages = max(1, (dd.Total+perPage-1)/perPage)
	link := func(p int) string {
		v, _ := url.ParseQuery(sel.query())
		if dd.Status != "" {
			v.Set("status", dd.Status)
		}
		v.Set("page", strconv.Itoa(p))
		return "/dossiers?" + v.Encode()
	}
	if dd.Page > 1 {
		dd.PrevURL = link(dd.Page - 1)
	}
	if dd.Page < dd.Pages {
		dd.NextURL = link(dd.Page + 1)
	}
	p := page{Title: "dossiers.title", Nav: "dossiers", Data: dd}
	if sel.Invalid {
		p.Error = "err.range"
	}
	d.render(w, r, http.StatusOK, "dossiers.html", p)
}

// field is one declared form value, in a stable order.
type field struct{ Key, Value string }

// historyRow is one status change with who made it ("" when unknown: the kiosk's
// submission, or a change from the command line).
type historyRow struct {
	gwstore.StatusChange
	By string
}

// dossierData is the dossier page's model.
type dossierData struct {
	D        gwstore.Dossier
	Kiosk    gwstore.Kiosk
	Body     wire.Dossier
	Fields   []field
	History  []historyRow
	Next     []string // statuses it may move to
	Note     string   // the note being entered (after a refusal)
	Selected string
	Views    []gwstore.ViewAudit // who was shown the personal data
	Erased   *gwstore.Erasure    // when its personal data was erased, if it was
}

// visibleDossier loads a dossier the signed-in account may see (ErrNotFound
// otherwise, so other communes' dossiers do not even show they exist).
func (d *Dashboard) visibleDossier(r *http.Request, a gwstore.Account, id string) (gwstore.Dossier, gwstore.Kiosk, error) {
	doc, err := d.store.DossierByID(r.Context(), id)
	if err != nil {
		return gwstore.Dossier{}, gwstore.Kiosk{}, err
	}
	all, err := d.store.Kiosks(r.Context())
	if err != nil {
		return gwstore.Dossier{}, gwstore.Kiosk{}, err
	}
	for _, k := range visibleKiosks(a, all) {
		if k.ID == doc.KioskID {
			return doc, k, nil
		}
	}
	return gwstore.Dossier{}, gwstore.Kiosk{}, gwstore.ErrNotFound
}

func (d *Dashboard) dossier(w http.ResponseWriter, r *http.Request) {
	a := sessionOf(r).account
	doc, k, err := d.visibleDossier(r, a, r.PathValue("id"))
	if d.lookupFailed(w, r, err) {
		return
	}
	flash := ""
	if r.URL.Query().Get("saved") == "1" {
		flash = "dossier.saved"
	}
	// The page shows the applicant's name, ID number and form values: who saw them, and
	// when, is kept and shown on the page.
	if err := d.store.RecordView(r.Context(), gwstore.ViewAudit{DossierID: doc.ID, At: d.now(), Account: a.Name, What: "view"}); err != nil {
		d.internalError(w, r, err)
		return
	}
	d.showDossier(w, r, http.StatusOK, doc, k, "", flash, dossierData{})
}

func (d *Dashboard) showDossier(w http.ResponseWriter, r *http.Request, status int, doc gwstore.Dossier, k gwstore.Kiosk,
	errKey, flash string, dd dossierData) {
	dd.D, dd.Kiosk = doc, k
	if err := json.Unmarshal(doc.Body, &dd.Body); err != nil {
		d.log.WarnContext(r.Context(), "dashboard: dossier body unreadable", "id", doc.ID, "err", err)
	}
	// The catalog's form order and labels; fields it does not know follow by id.
	lang, seen := langOf(r), map[string]bool{}
	for _, f := range d.procs[doc.ProcedureCode].form {
		if v, ok := dd.Body.Fields[f.ID]; ok {
			label := f.Label
			if lang == "en" && f.LabelEN != "" {
				label = f.LabelEN
			}
			dd.Fields = append(dd.Fields, field{label, v})
			seen[f.ID] = true
		}
	}
	var rest []field
	for key, v := range dd.Body.Fields {
		if !seen[key] {
			rest = append(rest, field{key, v})
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Key < rest[j].Key })
	dd.Fields = append(dd.Fields, rest...)
	h, err := d.store.History(r.Context(), doc.ID)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	audits, err := d.store.StatusAudits(r.Context(), doc.ID)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	by := map[int64]string{}
	for _, a := range audits {
		by[a.At.UnixMicro()] = a.Account
	}
	for _, ch := range h {
		dd.History = append(dd.History, historyRow{StatusChange: ch, By: by[ch.At.UnixMicro()]})
	}
	if dd.Views, err = d.store.Views(r.Context(), doc.ID); err != nil {
		d.internalError(w, r, err)
		return
	}
	if e, err := d.store.Erasure(r.Context(), doc.ID); err == nil {
		dd.Erased = &e
	} else if !errors.Is(err, gwstore.ErrNotFound) {
		d.internalError(w, r, err)
		return
	}
	for _, st := range statusOrder {
		if wire.CanMove(doc.Status, wire.Status(st)) {
			dd.Next = append(dd.Next, st)
		}
	}
	d.render(w, r, status, "dossier.html", page{Title: "nav.dossiers", Nav: "dossiers", Error: errKey, Flash: flash, Data: dd})
}

// setStatus moves a dossier (the CSRF token was checked by authed).
func (d *Dashboard) setStatus(w http.ResponseWriter, r *http.Request) {
	a := sessionOf(r).account
	doc, k, err := d.visibleDossier(r, a, r.PathValue("id"))
	if d.lookupFailed(w, r, err) {
		return
	}
	status := r.PostFormValue("status")
	note := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("note"), "\r\n", "\n"))
	keep := dossierData{Note: note, Selected: status}
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > maxNoteLen {
		d.showDossier(w, r, http.StatusUnprocessableEntity, doc, k, "err.note", "", keep)
		return
	}
	moved, err := d.store.SetStatus(r.Context(), doc.ID, status, note, d.now())
	if errors.Is(err, gwstore.ErrTransition) {
		d.showDossier(w, r, http.StatusConflict, doc, k, "err.transition", "", keep)
		return
	}
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	if err := d.store.RecordStatusChange(r.Context(), gwstore.StatusAudit{DossierID: doc.ID, At: moved.UpdatedAt,
		Account: a.Name, From: string(doc.Status), To: string(moved.Status)}); err != nil {
		// The change itself is stored; the log keeps who made it.
		d.log.ErrorContext(r.Context(), "dashboard: recording who changed a status", "err", err)
	}
	d.log.InfoContext(r.Context(), "dashboard: dossier status changed", "account", a.Name, "dossier", moved.OfficialCode,
		"from", doc.Status, "to", moved.Status)
	http.Redirect(w, r, "/dossiers/"+url.PathEscape(doc.ID)+"?saved=1", http.StatusSeeOther)
}
