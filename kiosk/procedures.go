package kiosk

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// searchLimit caps the hits shown for a search.
const searchLimit = 40

// proceduresScreen finds a procedure: field tiles, a field's procedures, or search as
// you type with the on-screen keyboard.
type proceduresScreen struct {
	u         *UI
	filing    bool   // came from "file a dossier"
	searching bool   // search mode (keyboard shown)
	field     string // chosen field, "" for the tiles
	query     string

	entry   *kioskEntry
	results *pager
	count   *widget.Label
	hits    []store.ProcedureSummary
}

func (s *proceduresScreen) id() screenID {
	switch {
	case s.searching:
		return scrSearch
	case s.field != "":
		return scrField
	}
	return scrProcedures
}

func (s *proceduresScreen) title() string {
	switch {
	case s.searching:
		return T("procedures.search_title")
	case s.field != "":
		return s.field
	}
	return T("procedures.title")
}

func (s *proceduresScreen) build() fyne.CanvasObject {
	if s.searching {
		return s.buildSearch()
	}
	if s.field != "" {
		return s.buildField()
	}
	return s.buildFields()
}

// procName is the procedure's name in the resident's language.
func (k kit) procName(p store.ProcedureSummary) string {
	if k.lang() == "en" && p.NameEN != "" {
		return p.NameEN
	}
	return p.Name
}

func (k kit) fullProcName(p *catalog.Procedure) string {
	if k.lang() == "en" && p.NameEN != "" {
		return p.NameEN
	}
	return p.Name
}

func levelLabel(l int) string {
	return T(fmt.Sprintf("level.%d", l))
}

func (s *proceduresScreen) buildFields() fyne.CanvasObject {
	u := s.u
	ctx, cancel := u.opCtx()
	fields, err := u.d.Store.Fields(ctx)
	cancel()
	searchBtn := u.kit.primary(T("procedures.search_button"), theme.SearchIcon(), func() {
		u.openProcedures(s.filing, true, "")
	})
	if err != nil {
		u.logf("fields: %v", err)
		return vfill(message(u.plainError(err), widget.DangerImportance), searchBtn)
	}
	if len(fields) == 0 {
		return vfill(message(T("procedures.empty_catalog"), widget.WarningImportance))
	}
	items := make([]fyne.CanvasObject, 0, len(fields))
	for _, f := range fields {
		f := f
		items = append(items, u.kit.card(catalog.InLang(u.Language(), f.Name, f.NameEN), T("procedures.count", Args("N", f.Count)), func() {
			u.openProcedures(s.filing, false, f.Name)
		}))
	}
	// Tiles two to a row, a page at a time.
	var rows []fyne.CanvasObject
	for i := 0; i < len(items); i += 2 {
		if i+1 < len(items) {
			rows = append(rows, container.NewGridWithColumns(2, items[i], items[i+1]))
		} else {
			rows = append(rows, container.NewGridWithColumns(2, items[i]))
		}
	}
	p := u.kit.pager(u.rowsPerPage(3, 5))
	p.setItems(rows)
	return container.NewBorder(container.NewVBox(text(T("procedures.pick_field")), searchBtn), nil, nil, nil, p.obj)
}

// rowsPerPage picks how many list rows fit: small on a 768-line screen, more on 1080.
func (u *UI) rowsPerPage(small, large int) int {
	if c := u.w.Canvas(); c != nil && c.Size().Height >= 1000 {
		return large
	}
	return small
}

func (s *proceduresScreen) buildField() fyne.CanvasObject {
	u := s.u
	ctx, cancel := u.opCtx()
	procs, err := u.d.Store.ProceduresByField(ctx, s.field)
	cancel()
	if err != nil {
		u.logf("field %q: %v", s.field, err)
		return vfill(message(u.plainError(err), widget.DangerImportance))
	}
	p := u.kit.pager(u.rowsPerPage(4, 7))
	p.setList(len(procs), func(i int) fyne.CanvasObject { return s.card(procs[i]) })
	return p.obj
}

// card is one procedure of a list.
func (s *proceduresScreen) card(p store.ProcedureSummary) fyne.CanvasObject {
	title, detail := s.cardText(p)
	return s.u.kit.card(title, detail, func() { s.onOpen(p) })
}

func (s *proceduresScreen) cardText(p store.ProcedureSummary) (title, detail string) {
	u := s.u
	detail = p.Code + " · " + levelLabel(p.Level)
	if s.searching {
		detail = p.Field + " · " + detail
	}
	return u.kit.procName(p), detail
}

func (s *proceduresScreen) buildSearch() fyne.CanvasObject {
	u := s.u
	s.entry = u.kit.entry(T("procedures.search_placeholder"), false)
	s.entry.TextStyle.Bold = true
	s.count = text("")
	s.count.SizeName = theme.SizeNameCaptionText
	s.results = u.kit.pager(u.rowsPerPage(2, 5))
	cards := map[fyne.CanvasObject]*cardSlot{}
	s.results.setSlots(func() fyne.CanvasObject {
		c := u.kit.newCardSlot()
		cards[c.obj] = c
		return c.obj
	}, func(slot fyne.CanvasObject, i int) {
		p := s.hits[i]
		title, detail := s.cardText(p)
		cards[slot].set(title, detail, func() { s.onOpen(p) })
	})
	s.entry.OnChanged = s.onQuery
	s.entry.SetText(s.query)
	s.onQuery(s.query)
	top := container.NewVBox(s.entry, s.count)
	screen := u.withKeyboard(container.NewBorder(top, nil, nil, nil, s.results.obj), nil)
	u.focus(s.entry)
	return screen
}

// onQuery searches the catalog on every keystroke.
func (s *proceduresScreen) onQuery(q string) {
	u := s.u
	u.touch()
	s.query = q
	q = strings.TrimSpace(q)
	if q == "" {
		s.hits = nil
		s.count.SetText(T("procedures.type_to_search"))
		s.results.setList(0, nil)
		return
	}
	ctx, cancel := u.opCtx()
	hits, err := u.d.Store.Search(ctx, q, searchLimit)
	cancel()
	if err != nil {
		u.logf("search: %v", err)
		s.count.SetText(u.plainError(err))
		s.hits = nil
		s.results.setList(0, nil)
		return
	}
	if sameHits(s.hits, hits) && s.results.n == len(hits) {
		return // the next letter often keeps the same results: nothing to redraw
	}
	s.hits = hits
	if len(hits) == 0 {
		s.count.SetText(T("procedures.no_results"))
	} else {
		s.count.SetText(T("procedures.results", Args("N", len(hits))))
	}
	s.results.setList(len(hits), nil) // the slots show s.hits
}

func (s *proceduresScreen) onOpen(p store.ProcedureSummary) {
	if s.searching {
		s.u.record(store.EvSearch, p.Code, 0)
	}
	s.u.openDetail(p.Code)
}

func sameHits(a, b []store.ProcedureSummary) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Code != b[i].Code {
			return false
		}
	}
	return true
}
