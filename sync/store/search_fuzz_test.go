package store_test

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// FuzzSearch: whatever a resident types (typos, symbols, other scripts), Search
// answers without an error, and only with procedures of the catalog.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"khai sinh", "khia sinj", "giấy độc thân", "lí lịch", `"*:(`, "chng thc", "Ωmega 北京 ខ្មែរ", "a b c d e", "\xff\xfe"} {
		f.Add(q)
	}
	c := forgivingCatalog()
	c.Procedures = append(c.Procedures, proc("9.000001", "Thủ tục thử Ωmega 北京市 ខ្មែរ", "Khác"))
	valid := map[string]bool{}
	for _, p := range c.Procedures {
		valid[p.Code] = true
	}
	// One store for the whole run (each fuzzing worker runs this once); a store per
	// input would spend the run on imports.
	s, err := store.Open(f.Context(), f.TempDir()+"/kiosk.db", store.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	if err := s.ImportCatalog(f.Context(), c); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := s.Search(t.Context(), q, 10)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		for _, h := range hits {
			if !valid[h.Code] {
				t.Fatalf("Search(%q) returned unknown %s", q, h.Code)
			}
		}
	})
}
