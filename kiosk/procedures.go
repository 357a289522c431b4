package kiosk

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/coalesce"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// searchLimit caps the hits shown for a search.
const searchLimit = 40

// proceduresScreen finds a procedure: field tiles, a field's procedures, or search as
// you type with the on-screen keyboard.
type proceduresScreen struct {
	kit     kit
	nav     navigator
	kb      keyboardHost
	ops     ops
	catalog catalogReader
	rows    func(small, large int) int // list rows that fit the window

	filing    bool   // came from "file a dossier"
	searching bool   // search mode (keyboard shown)
	field     string // chosen field, "" for the tiles
	query     string

	entry   *kioskEntry
	results *pager
	count   *widget.Label
	hits    []store.ProcedureSummary
	none    *noHits // what a search that finds nothing shows (search_none.go)

	// Search runs off the UI thread (see onQuery): typed is the generation of the
	// last query typed, applied that of the last one whose results are shown (or
	// dropped as stale); the bench and the tests wait for applied to reach typed.
	search         *coalesce.Coalescer[[]store.ProcedureSummary]
	typed, applied atomic.Uint64

	// shown, when set (only by the keystroke bench), is called on the UI thread once a
	// search's outcome has changed what the screen shows; nil for residents.
	shown func()
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
	ctx, cancel := s.ops.ctx()
	fields, err := s.catalog.Fields(ctx)
	cancel()
	searchBtn := s.kit.primary(T("procedures.search_button"), theme.SearchIcon(), func() {
		s.nav.openProcedures(s.filing, true, "")
	})
	if err != nil {
		s.ops.logf("fields: %v", err)
		return vfill(message(s.ops.plain(err), widget.DangerImportance), searchBtn)
	}
	if len(fields) == 0 {
		return vfill(message(T("procedures.empty_catalog"), widget.WarningImportance))
	}
	items := make([]fyne.CanvasObject, 0, len(fields))
	for _, f := range fields {
		f := f
		items = append(items, s.kit.card(catalog.InLang(s.kit.lang(), f.Name, f.NameEN), T("procedures.count", Args("N", f.Count)), func() {
			s.nav.openProcedures(s.filing, false, f.Name)
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
	p := s.kit.pager(s.rows(3, 5))
	p.fitToView() // tile rows whose names wrap: as many as the page shows whole
	p.setItems(rows)
	return container.NewBorder(container.NewVBox(text(T("procedures.pick_field")), searchBtn), nil, nil, nil, p.obj)
}

// catalogReader is what the procedure lists read of the local catalog.
type catalogReader interface {
	Fields(ctx context.Context) ([]store.FieldCount, error)
	ProceduresByField(ctx context.Context, field string) ([]store.ProcedureSummary, error)
	Search(ctx context.Context, query string, limit int) ([]store.ProcedureSummary, error)
}

// rowsPerPage picks how many list rows fit: small on a 768- or 1024-line screen (at
// 27 px five rows of field tiles were cut at 1024), more on 1080.
func (u *UI) rowsPerPage(small, large int) int {
	if c := u.w.Canvas(); c != nil && c.Size().Height >= 1060 {
		return large
	}
	return small
}

func (s *proceduresScreen) buildField() fyne.CanvasObject {
	ctx, cancel := s.ops.ctx()
	procs, err := s.catalog.ProceduresByField(ctx, s.field)
	cancel()
	if err != nil {
		s.ops.logf("field %q: %v", s.field, err)
		return vfill(message(s.ops.plain(err), widget.DangerImportance))
	}
	p := s.kit.pager(s.rows(4, 7))
	p.fitToView()
	p.setList(len(procs), func(i int) fyne.CanvasObject { return s.card(procs[i]) })
	return p.obj
}

// card is one procedure of a list.
func (s *proceduresScreen) card(p store.ProcedureSummary) fyne.CanvasObject {
	title, detail := s.cardText(p)
	return s.kit.card(title, detail, func() { s.onOpen(p) })
}

func (s *proceduresScreen) cardText(p store.ProcedureSummary) (title, detail string) {
	detail = p.Code + " · " + levelLabel(p.Level)
	if s.searching {
		// Beside the keyboard: the field and the level on one help-size line (the code
		// means nothing to a resident), so that two results fit a page at 768 lines.
		detail = p.Field + " · " + T("level.short", Args("N", p.Level))
	}
	return s.kit.procName(p), detail
}

func (s *proceduresScreen) buildSearch() fyne.CanvasObject {
	s.entry = s.kit.entry(T("procedures.search_placeholder"), false)
	s.entry.TextStyle.Bold = true
	s.count = text("")
	s.count.SizeName = theme.SizeNameCaptionText
	// As many results a page as the column shows whole (fitToView); 6 slots are more
	// than the tallest display holds.
	s.results = s.kit.pager(6)
	s.results.fitToView()
	s.results.gap = tightGap // cards are told apart by their background
	cards := map[fyne.CanvasObject]*cardSlot{}
	s.results.setSlots(func() fyne.CanvasObject {
		c := s.kit.newCardSlot()
		cards[c.obj] = c
		return c.obj
	}, func(slot fyne.CanvasObject, i int) {
		p := s.hits[i]
		title, detail := s.cardText(p)
		cards[slot].set(title, detail, func() { s.onOpen(p) })
	})
	s.none = newNoHits(s)
	s.search = coalesce.New(s.runSearch, s.deliver)
	s.entry.OnChanged = s.onQuery
	s.entry.SetText(s.query)
	s.onQuery(s.query)
	// The field and the count sit over the keys: the results column beside the
	// keyboard is narrow (the keys need about 920 px), so it gets the whole height.
	top := container.New(tightStack{}, s.entry, tight(s.count)) // tight: the keys keep ≥ 64 px at 768 lines
	screen := s.kb.withKeyboard(container.NewStack(s.results.obj, s.none.obj), top)
	s.kb.focus(s.entry)
	return screen
}

// searchFrameBudget is how long a keystroke waits for its search before its frame is
// painted: the driver paints right after the key's handler, so hits that come within
// it share the key's frame instead of waiting for the next one (a search takes about
// 0.05 ms at 2,500 procedures). A slower search is delivered later.
const searchFrameBudget = 4 * time.Millisecond

// onQuery searches the catalog on every keystroke, off the UI thread: the query goes
// to the coalescer (a newer key cancels the search in flight, keys typed meanwhile
// collapse into the newest). The key waits at most searchFrameBudget for the hits, to
// show them in its own frame; later hits come back through fyne.Do, applied only if
// no key was typed since.
func (s *proceduresScreen) onQuery(q string) {
	s.kit.touch()
	s.query = q
	q = strings.TrimSpace(q)
	if q == "" {
		s.none.hide()
		gen := s.search.Invalidate()
		s.typed.Store(gen)
		s.hits = nil
		s.count.SetText(T("procedures.type_to_search"))
		s.results.setList(0, nil)
		s.applied.Store(gen)
		return
	}
	gen, hits, err, ok := s.search.SubmitWait(q, searchFrameBudget)
	s.typed.Store(gen)
	if ok {
		s.apply(hits, err)
		s.applied.Store(gen)
	}
}

// runSearch is the coalescer's search, on its goroutine.
func (s *proceduresScreen) runSearch(ctx context.Context, q string) ([]store.ProcedureSummary, error) {
	octx, cancel := s.ops.ctx()
	defer cancel()
	defer context.AfterFunc(ctx, cancel)() // a newer key cancels this search
	return s.catalog.Search(octx, q, searchLimit)
}

// deliver hands a search's hits to the UI thread, where they replace the list if the
// query is still the one typed.
func (s *proceduresScreen) deliver(gen uint64, _ string, hits []store.ProcedureSummary, err error) {
	fyne.Do(func() {
		if s.search.Current(gen) {
			s.apply(hits, err)
		}
		if s.applied.Load() < gen {
			s.applied.Store(gen)
		}
	})
}

// apply shows a search's outcome; the list's slots are updated in place.
func (s *proceduresScreen) apply(hits []store.ProcedureSummary, err error) {
	if err != nil {
		s.ops.logf("search: %v", err)
		s.count.SetText(s.ops.plain(err))
		s.none.hide()
		s.hits = nil
		s.results.setList(0, nil)
		s.notifyShown()
		return
	}
	if len(hits) > 0 && sameHits(s.hits, hits) && s.results.n == len(hits) {
		return // the next letter often keeps the same results: nothing to redraw
	}
	s.hits = hits
	if len(hits) == 0 {
		s.count.SetText(T("procedures.no_results"))
		s.none.show()
	} else {
		s.none.hide()
		s.count.SetText(T("procedures.results", Args("N", len(hits))))
	}
	s.results.setList(len(hits), nil) // the slots show s.hits
	s.notifyShown()
}

// notifyShown tells the bench, if one watches, that the list changed.
func (s *proceduresScreen) notifyShown() {
	if s.shown != nil {
		s.shown()
	}
}

// showQuery types q and shows its results before it returns, on the UI thread (the
// tour and the demo sessions run there and cannot wait for a delivery, which comes
// through the same thread).
func (s *proceduresScreen) showQuery(q string) {
	// No search off the UI thread for this text: under the test driver its delivery
	// would run on the coalescer's goroutine, racing this one.
	typed := s.entry.OnChanged
	s.entry.OnChanged = nil
	s.entry.SetText(q)
	s.entry.OnChanged = typed
	s.query = q
	gen := s.search.Invalidate() // a search typed before is not needed
	ctx, cancel := s.ops.ctx()
	hits, err := s.catalog.Search(ctx, strings.TrimSpace(q), searchLimit)
	cancel()
	s.apply(hits, err)
	s.typed.Store(gen)
	s.applied.Store(gen)
}

// searchSettled reports whether the results of the last query typed are shown.
func (s *proceduresScreen) searchSettled() bool {
	return s.search == nil || s.applied.Load() >= s.typed.Load()
}

func (s *proceduresScreen) onOpen(p store.ProcedureSummary) {
	if s.searching {
		s.ops.record(store.EvSearch, p.Code, 0)
	}
	s.nav.openDetail(p.Code)
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
