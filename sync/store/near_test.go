package store

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

func TestOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"khai", "khei", true},  // changed
		{"khai", "kha", true},   // dropped
		{"khai", "khaii", true}, // added
		{"khai", "xkhai", true}, // added in front
		{"khai", "khia", true},  // swapped
		{"khai", "akhi", false}, // not neighbours
		{"khai", "khai", false}, // same
		{"khai", "kh", false},   // two dropped
		{"khai", "kxix", false}, // two changed
		{"sinh", "snih", true},  // swapped
		{"", "a", true},
		{"ab", "ba", true},
		{"abc", "bca", false},
	} {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := oneEdit(c.b, c.a); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}

func TestVocabularyQuery(t *testing.T) {
	b := newVocabularyBuilder()
	b.add("dang ki khai sinh", "chung thuc ban sao", "giai doc than | lam khai sinh")
	v := b.build()
	for _, c := range []struct{ typed, q, phrase string }{
		{"khai sinh", `"khai" AND "sinh"*`, "khai sinh"},
		{"khei sinh ", `("khei" OR "khai") AND "sinh"`, "khai sinh"},
		{"khai sinj", `"khai" AND ("sinj"* OR "sinh"* OR "sin"*)`, "khai sinh"},
		{"kat", `"kat"*`, "kat"},                                // short while typing: as typed
		{"thc sao ", `("thc" OR "thuc") AND "sao"`, "thuc sao"}, // thuc with a letter missing
		{"chunh thuc", `("chunh" OR "chung") AND "thuc"*`, "chung thuc"},
		{"chun", `"chun"*`, "chun"}, // a prefix of chung
		{"Đăng ký", `"dang" AND "ki"*`, "dang ki"},
		{"   ", "", ""},
	} {
		q, phrase := v.query(c.typed)
		if q != c.q || phrase != c.phrase {
			t.Errorf("query(%q) = %q, %q; want %q, %q", c.typed, q, phrase, c.q, c.phrase)
		}
	}
	if v.has("|", false) {
		t.Error("the alias separator is not a word")
	}
}

// A database whose index was built by an older kiosk (no aliases, y not folded) is
// reindexed from the stored procedures when it opens.
func TestOpenRebuildsAnOldSearchIndex(t *testing.T) {
	c := t.Context()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	s, err := Open(c, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := catalog.Procedure{Code: "1.004873", Name: "Cấp giấy xác nhận tình trạng hôn nhân", Field: "Hộ tịch", Agency: "UBND cấp xã",
		Level: catalog.Level3, ProcessingTime: "03 ngày", Steps: []string{"Nộp"},
		Documents: []catalog.Document{{ID: "to-khai", Name: "Tờ khai", Copies: 1}},
		Form:      []catalog.Field{{ID: "ho_ten", Label: "Họ và tên", Type: catalog.Text}},
		Aliases:   []string{"giấy độc thân"}}
	if err := s.ImportCatalog(c, &catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{p}}); err != nil {
		t.Fatal(err)
	}
	// What an older kiosk left: an index without the aliases, and its version mark.
	for _, q := range []string{"DELETE FROM procedures_fts",
		`INSERT INTO procedures_fts(rowid, code, name, name_en, field, agency, details, aliases)
			SELECT rowid, code, 'cap giay xac nhan tinh trang hon nhan', '', 'ho tich', '', '', '' FROM procedures`,
		"UPDATE settings SET value = '1' WHERE key = 'search.index'"} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = Open(c, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hits, err := s.Search(c, "giay doc than", 5)
	if err != nil || len(hits) != 1 || hits[0].Code != "1.004873" {
		t.Fatalf("after reopening: %v, %v", hits, err)
	}
	if v, _ := s.Setting(c, keySearchIndex); v != searchIndexVersion {
		t.Errorf("index version %q, want %q", v, searchIndexVersion)
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM procedures_fts").Scan(&n)
	if n != 1 || !slices.Contains([]int{1}, n) {
		t.Errorf("%d index rows, want 1", n)
	}
}
