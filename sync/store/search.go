package store

import (
	"context"
	"fmt"
)

// Search finds procedures as a resident types: accent-insensitive (đ included), every
// word must match, the last word as a prefix unless a space follows it. Hits whose
// name matches come before hits found only in the field, agency, steps or documents;
// within each group, FTS5's bm25 ranks (name weighted highest). An empty query returns
// no hits.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]ProcedureSummary, error) {
	q := ftsQuery(query)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 50
	}
	const sqlSearch = `
		SELECT p.code, p.name, p.name_en, p.field, p.level
		FROM procedures_fts f JOIN procedures p ON p.code = f.code
		WHERE procedures_fts MATCH ?1
		ORDER BY
			f.code NOT IN (SELECT code FROM procedures_fts WHERE procedures_fts MATCH '{name name_en} : (' || ?1 || ')'),
			bm25(procedures_fts, 0, 20.0, 8.0, 4.0, 2.0, 1.0),
			p.ord
		LIMIT ?2`
	out, err := s.summaries(ctx, sqlSearch, q, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	return out, nil
}
