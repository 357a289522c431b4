package store

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

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

// A catalog imported by another process (another Store on the same file) is found
// once the generation is read again; one imported by this Store at once.
func TestSearchCacheNoticesImports(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	a, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	first := func(s *Store) string {
		t.Helper()
		hits, err := s.Search(ctx, "ket hon", 5)
		if err != nil || len(hits) == 0 {
			t.Fatalf("search: %v, %v", hits, err)
		}
		return hits[0].Code
	}
	c := catalogtest.Generate(50, 1)
	if err := a.ImportCatalog(ctx, c); err != nil {
		t.Fatal(err)
	}
	before := first(a)
	c2 := catalogtest.Generate(50, 1)
	for i := range c2.Procedures {
		c2.Procedures[i].Code += "9" // the same names under other codes
	}
	if err := b.ImportCatalog(ctx, c2); err != nil {
		t.Fatal(err)
	}
	if got := first(b); got != before+"9" {
		t.Fatalf("the importing store finds %s, want %s9", got, before)
	}
	a.cacheMu.Lock()
	a.cacheChecked = time.Time{} // staleCheckEvery has passed
	a.cacheMu.Unlock()
	if got := first(a); got != before+"9" {
		t.Fatalf("the other store still finds %s after the generation check, want %s9", got, before)
	}
}
