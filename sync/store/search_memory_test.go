package store

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog/catalogtest"
)

// The in-memory index finds what the FTS5 index finds, in the same order, over a
// generated province-size catalog: whole words, word starts of every length, near
// words, the name columns alone and every column.
func TestMemIndexMatchesFTS(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "kiosk.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.ImportCatalog(ctx, catalogtest.Generate(catalogtest.Province, 3)); err != nil {
		t.Fatal(err)
	}
	cache, err := s.searchCache(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fts := func(q string, max int) []int64 {
		rows, err := s.db.QueryContext(ctx, "SELECT rowid FROM procedures_fts WHERE procedures_fts MATCH ? LIMIT ?", q, max)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	typed := typedKeyByKey("dang ky khai sinh cho tre em", "chung thuc ban sao", "xác nhận tình trạng hôn nhân",
		"ket hon co yeu to nuoc ngoai ", "cap lai giay phep xay dung", "khia sinh", "giay doc than", "1 001", "lam khai sinh")
	nonEmpty := 0
	for _, q := range typed {
		ts, _ := cache.vocab.terms(q)
		fq, _ := cache.vocab.query(q)
		for _, max := range []int{nameCandidates, 5000} {
			want := fts("{name name_en aliases} : ("+fq+")", max)
			if got := cache.index.match(ts, false, max); !slices.Equal(got, want) {
				t.Fatalf("names %q (max %d): memory %d hits %v..., FTS5 %d hits", q, max, len(got), got[:min(5, len(got))], len(want))
			}
			want = fts(fq, max)
			if got := cache.index.match(ts, true, max); !slices.Equal(got, want) {
				t.Fatalf("all %q (max %d): memory %d hits, FTS5 %d hits", q, max, len(got), len(want))
			}
			if len(want) > 0 {
				nonEmpty++
			}
		}
	}
	if nonEmpty < len(typed) {
		t.Errorf("only %d of %d lookups found anything: the queries test little", nonEmpty, 2*len(typed))
	}
}
