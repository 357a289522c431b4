package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// nameCandidates bounds how many name hits are ranked. A broad query ("d", "c") can
// match most of a 2,500-procedure catalog; ranking all of them costs milliseconds per
// keystroke, while the first few hundred in catalog order are already more than a
// resident pages through.
const nameCandidates = 64

// Search finds procedures as a resident types: accent-insensitive (đ included, y and i
// alike), every word must match, the last word as a prefix unless a space follows it.
// It forgives: a word of four or more letters that the catalog does not hold also
// matches the catalog's words one letter away from it (one letter wrong, missing,
// extra, or two neighbours swapped: "khia sinh", "chng thuc", "ket honn"), and a
// procedure's colloquial names (catalog aliases: "giấy độc thân", "làm khai sinh") are
// searched like its name. Hits whose name or alias matches come first, ranked by how
// well it matches (the typed words as a phrase, then earlier in the name, then shorter
// names, then catalog order); hits found only in the field, agency, code, steps or
// documents follow in catalog order. An empty query returns no hits.
//
// Matching runs on the in-memory index of the search cache (memIndex, built from the
// FTS5 table's folded columns, matching as FTS5 would), so a keystroke costs no SQL
// but the catalog generation check; ranking is done here on at most nameCandidates
// rows instead of bm25 over every match. Near words come from the catalog's
// vocabulary, held in memory with the search cache.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]ProcedureSummary, error) {
	if ftsQuery(query) == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 50
	}
	out, err := s.search(ctx, query, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	return out, nil
}

type nameHit struct {
	rowid int64
	score [3]int
}

func (s *Store) search(ctx context.Context, typed string, limit int) ([]ProcedureSummary, error) {
	cache, err := s.searchCache(ctx)
	if err != nil {
		return nil, err
	}
	ts, phrase := cache.vocab.terms(typed)
	var hits []nameHit
	seen := map[int64]bool{}
	for _, id := range cache.index.match(ts, false, nameCandidates) {
		h := nameHit{rowid: id}
		e := cache.entries[id]
		h.score = nameScore(e.folded, phrase)
		if en := nameScore(e.foldedEN, phrase); slices.Compare(en[:], h.score[:]) < 0 {
			h.score = en
		}
		for _, a := range e.aliases {
			if as := nameScore(a, phrase); slices.Compare(as[:], h.score[:]) < 0 {
				h.score = as
			}
		}
		hits = append(hits, h)
		seen[h.rowid] = true
	}
	// Stable: equal scores keep catalog (rowid) order.
	slices.SortStableFunc(hits, func(a, b nameHit) int { return slices.Compare(a.score[:], b.score[:]) })
	ids := make([]int64, 0, limit)
	for _, h := range hits {
		if len(ids) == limit {
			break
		}
		ids = append(ids, h.rowid)
	}
	if len(ids) < limit {
		for _, id := range cache.index.match(ts, true, limit+len(seen)) {
			if len(ids) == limit {
				break
			}
			if !seen[id] {
				ids = append(ids, id)
			}
		}
	}
	out := make([]ProcedureSummary, 0, len(ids))
	for _, id := range ids {
		if e, ok := cache.entries[id]; ok {
			out = append(out, e.summary)
		}
	}
	return out, nil
}

// nameScore ranks a folded name against the folded typed text: lower is better.
// [0] 0 when the typed words stand in the name as one phrase (the last one as a
// prefix), [1] where that phrase (or else the first word) starts, [2] the name's length.
func nameScore(name, phrase string) [3]int {
	if name == "" {
		return [3]int{2, 1 << 20, 1 << 20}
	}
	padded := " " + name
	if i := strings.Index(padded, " "+phrase); i >= 0 {
		return [3]int{0, i, len(name)}
	}
	first, _, _ := strings.Cut(phrase, " ")
	if i := strings.Index(padded, " "+first); i >= 0 {
		return [3]int{1, i, len(name)}
	}
	return [3]int{1, len(name), len(name)}
}

// searchCache holds what ranking and result rows need of every procedure, so that a
// keystroke costs one or two FTS5 lookups and no row fetches.
type searchCache struct {
	generation string
	entries    map[int64]cacheEntry
	vocab      *vocabulary // every word the index holds, for near matches
	index      *memIndex
}

type cacheEntry struct {
	summary          ProcedureSummary
	folded, foldedEN string
	aliases          []string // folded
}

// staleCheckEvery is how often a search reads the catalog generation, to notice a
// catalog imported by another process (the kiosk command line). An import by this
// process drops the cache at once (dropSearchCache); reading SQLite on every
// keystroke put the database's tail latency into each one.
const staleCheckEvery = time.Second

// searchCache returns the cache, rebuilding it when the catalog has been replaced
// (by this process, or by another one more than staleCheckEvery ago) since it was
// built.
func (s *Store) searchCache(ctx context.Context) (*searchCache, error) {
	s.cacheMu.Lock()
	if c := s.cache; c != nil && time.Since(s.cacheChecked) < staleCheckEvery {
		s.cacheMu.Unlock()
		return c, nil
	}
	s.cacheMu.Unlock()
	gen, err := s.Setting(ctx, keyCatalogGeneration)
	if err != nil {
		return nil, err
	}
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if s.cache != nil && s.cache.generation == gen {
		s.cacheChecked = time.Now()
		return s.cache, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.rowid, p.code, p.name, p.name_en, p.field, p.level, f.name, f.name_en,
		f.field, f.agency, f.details, f.aliases
		FROM procedures p JOIN procedures_fts f ON f.rowid = p.rowid ORDER BY p.rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := &searchCache{generation: gen, entries: map[int64]cacheEntry{}}
	vb := newVocabularyBuilder()
	ib := newMemIndexBuilder()
	for rows.Next() {
		var id int64
		var e cacheEntry
		var field, agency, details, aliases string
		p := &e.summary
		if err := rows.Scan(&id, &p.Code, &p.Name, &p.NameEN, &p.Field, &p.Level, &e.folded, &e.foldedEN,
			&field, &agency, &details, &aliases); err != nil {
			return nil, err
		}
		if aliases != "" {
			e.aliases = strings.Split(aliases, " | ")
		}
		c.entries[id] = e
		vb.add(e.folded, e.foldedEN, field, agency, details, aliases)
		ib.add(id, append([]string{e.folded, e.foldedEN}, e.aliases...), field, agency, details)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	c.vocab = vb.build()
	c.index = ib.build()
	go c.vocab.prepare() // the near index, before the first typo needs it
	go c.index.prepare()
	s.cache, s.cacheChecked = c, time.Now()
	return c, nil
}

// dropSearchCache forgets the search cache after this process replaced the catalog.
func (s *Store) dropSearchCache() {
	s.cacheMu.Lock()
	s.cache = nil
	s.cacheMu.Unlock()
}

// warmSearchCache builds the search cache, its near-word index and its short word
// starts in the background (at Open and after an import), so that no keystroke, the
// first one included, waits for them. A failure is left for the next search to
// report.
func (s *Store) warmSearchCache() {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		if c, err := s.searchCache(s.bgCtx); err == nil {
			c.vocab.prepare()
			c.index.prepare()
		}
	}()
}
