package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"golang.org/x/text/unicode/norm"
)

func codes(hits []store.ProcedureSummary) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Code)
	}
	return out
}

func TestSearchAsResidentsType(t *testing.T) {
	s := openStore(t, store.Options{})
	runSearchCases(t, s, []searchCase{
		{query: "khai sinh", first: "1.001193"},
		{query: "khai s", first: "1.001193"}, // last word is a prefix while typing
		{query: "dang ky ket hon", first: "1.000894"},
		{query: "Đăng ký kết hôn", first: "1.000894"},
		{query: "ĐĂNG KÝ KẾT HÔN", first: "1.000894"},
		{query: "chung thuc chu ky", first: "2.000884"},
		{query: "chứng thực bản s", first: "2.000815"},
		{query: "hoà giải", first: "1.010001"}, // old-style tone placement
		{query: "hòa giải", first: "1.010001"}, // new-style tone placement, same hit
		{query: "thủy lợi", first: "1.010002"},
		{query: "thuỷ lợi", first: "1.010002"},
		{query: norm.NFD.String("Đăng ký khai tử"), first: "1.000656"}, // NFD input
		{query: "dat dai", first: "1.010001"},                          // the field matches
		{query: "1.001193", first: "1.001193"},                         // the national code
		{query: "  khai   sinh  ", first: "1.001193"},
		{query: "xyzzy", none: true},
		{query: "   ", none: true},
		{query: `"*:(`, none: true}, // FTS syntax characters are not an error
	})
}

// searchCase is a query and what it must find: first as the best hit, or nothing.
type searchCase struct {
	query string
	first string
	none  bool
}

func runSearchCases(t *testing.T, s *store.Store, cases []searchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			hits, err := s.Search(ctx(t), tc.query, 10)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if tc.none {
				if len(hits) != 0 {
					t.Fatalf("want no hits, got %v", codes(hits))
				}
				return
			}
			if len(hits) == 0 || hits[0].Code != tc.first {
				t.Fatalf("want %s first, got %v", tc.first, codes(hits))
			}
		})
	}
}

func TestSearchRanksNameBeforeSteps(t *testing.T) {
	s := openStore(t, store.Options{})
	hits, err := s.Search(ctx(t), "khai sinh", 10)
	if err != nil {
		t.Fatal(err)
	}
	got := codes(hits)
	if len(got) != 2 || got[0] != "1.001193" || got[1] != "1.010003" {
		t.Fatalf("want the name hit then the step-text hit, got %v", got)
	}
	hits, _ = s.Search(ctx(t), "khai sinh ", 10) // finished word: exact, still both
	if len(hits) != 2 {
		t.Fatalf("trailing space: got %v", codes(hits))
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Đăng ký khai sinh":       "dang ki khai sinh", // y folds to i: ký and kí alike
		"HOÀ, thuỷ; Đỗ":           "hoa thui do",
		"Mỹ Khánh, Lý":            "mi khanh li",
		norm.NFD.String("Nguyễn"): "nguien",
		"  a--b  ":                "a b",
	} {
		if got := store.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	s := openStore(t, store.Options{})
	bad := testCatalog()
	bad.Version = "bad"
	bad.Procedures[3].Level = 7
	err := s.ImportCatalog(ctx(t), bad)
	if !errors.Is(err, store.ErrInvalidCatalog) || !strings.Contains(err.Error(), "procedure 1.004873, level") {
		t.Fatalf("want ErrInvalidCatalog naming the procedure, got %v", err)
	}
	if v, _ := s.CatalogVersion(ctx(t)); v != "test-1" {
		t.Fatalf("version changed to %q", v)
	}
	all, _ := s.ListProcedures(ctx(t))
	if len(all) != len(testCatalog().Procedures) {
		t.Fatalf("catalog changed: %d procedures", len(all))
	}
	// A valid replacement swaps the whole catalog, index included.
	small := &catalog.Catalog{Version: "test-2", Procedures: []catalog.Procedure{proc("3.000001", "Đăng ký lễ hội", "Văn hóa")}}
	if err := s.ImportCatalog(ctx(t), small); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.Search(ctx(t), "khai sinh", 10); len(hits) != 0 {
		t.Fatalf("old procedures still searchable: %v", codes(hits))
	}
	if hits, _ := s.Search(ctx(t), "le hoi", 10); len(hits) != 1 {
		t.Fatalf("new procedure not searchable")
	}
}

func TestCatalogQueries(t *testing.T) {
	s := openStore(t, store.Options{})
	fields, err := s.Fields(ctx(t))
	if err != nil || len(fields) != 5 || fields[0].Name != "Hộ tịch" || fields[0].Count != 4 {
		t.Fatalf("Fields = %v, %v", fields, err)
	}
	hot, _ := s.ProceduresByField(ctx(t), "Chứng thực")
	if len(hot) != 2 || hot[0].Code != "2.000815" {
		t.Fatalf("ProceduresByField = %v", hot)
	}
	p, err := s.Procedure(ctx(t), "1.001193")
	if err != nil || p.Name != "Đăng ký khai sinh" || p.Form[0].Applicant != "name" {
		t.Fatalf("Procedure = %+v, %v", p, err)
	}
	if _, err := s.Procedure(ctx(t), "9.999999"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("want ErrNotFound, got %v", err)
	}
}
