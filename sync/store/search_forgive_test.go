package store_test

import (
	"slices"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// forgivingCatalog is the test catalog plus procedures spelt with y, and aliases.
func forgivingCatalog() *catalog.Catalog {
	c := testCatalog()
	for i := range c.Procedures {
		switch c.Procedures[i].Code {
		case "1.004873":
			c.Procedures[i].Aliases = []string{"giấy độc thân", "xác nhận độc thân"}
		case "1.001193":
			c.Procedures[i].Aliases = []string{"làm khai sinh", "làm giấy khai sinh"}
		}
	}
	c.Procedures = append(c.Procedures,
		proc("2.001001", "Cấp phiếu lý lịch tư pháp", "Tư pháp"),
		proc("3.000002", "Thông báo tổ chức triển lãm mỹ thuật", "Văn hóa"),
		proc("1.010004", "Đăng ký kinh doanh hộ gia đình", "Kinh doanh"),
	)
	return c
}

func TestSearchForgives(t *testing.T) {
	s := openStore(t, store.Options{})
	if err := s.ImportCatalog(ctx(t), forgivingCatalog()); err != nil {
		t.Fatal(err)
	}
	runSearchCases(t, s, []searchCase{
		// i and y spell the same sound: kí/ký, lí/lý, mĩ/mỹ
		{query: "đăng kí khai sinh", first: "1.001193"},
		{query: "dang ki ket hon", first: "1.000894"},
		{query: "li lich tu phap", first: "2.001001"},
		{query: "lí lịch", first: "2.001001"},
		{query: "lý lịch", first: "2.001001"},
		{query: "mĩ thuật", first: "3.000002"},
		{query: "mi thuat", first: "3.000002"},
		{query: "chứng thực chữ kí", first: "2.000884"},
		// one letter wrong, missing or extra in a word of four or more letters
		{query: "khei sinh", first: "1.001193"},          // wrong
		{query: "khai sinj", first: "1.001193"},          // wrong, last word while typing
		{query: "khai sihn", first: "1.001193"},          // two neighbours swapped
		{query: "chng thuc ban sao", first: "2.000815"},  // missing
		{query: "chung thc chu ky", first: "2.000884"},   // missing
		{query: "chuung thuc chu ky", first: "2.000884"}, // extra
		{query: "khaii sinh ", first: "1.001193"},        // extra, finished word
		{query: "tinh trangg hon nhan", first: "1.004873"},
		{query: "dang ky kinhh doanh", first: "1.010004"},
		{query: "thuongg tru", first: "1.010003"},
		// words under four letters are not guessed at; two mistakes are too many
		{query: "kat hon", none: true},
		{query: "khia sinx", first: "1.001193"}, // one mistake in each word is fine
		{query: "khxyi sinh", none: true},
		{query: "xyzzy", none: true},
		// colloquial names from the catalog
		{query: "giấy độc thân", first: "1.004873"},
		{query: "giay doc than", first: "1.004873"},
		{query: "doc th", first: "1.004873"}, // while typing
		{query: "làm khai sinh", first: "1.001193"},
		{query: "lam giay khai sinh", first: "1.001193"},
		{query: "xác nhận độc thân", first: "1.004873"},
		{query: "giay doc thann", first: "1.004873"}, // an alias with a typo
	})
}

// A word the catalog holds is taken as typed: near words do not widen it.
func TestSearchExactWordsAreNotWidened(t *testing.T) {
	s := openStore(t, store.Options{})
	if err := s.ImportCatalog(ctx(t), forgivingCatalog()); err != nil {
		t.Fatal(err)
	}
	// "thuong" (thường) is a word of the catalog; "thuong tru" must not also bring
	// procedures one letter away ("chuong", "thuong" only).
	hits, err := s.Search(ctx(t), "thuong tru", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(hits); !slices.Equal(got, []string{"1.010003"}) {
		t.Errorf("thuong tru: got %v, want only 1.010003", got)
	}
	// While a correct word is typed letter by letter, each prefix is a prefix of it.
	for _, q := range []string{"k", "kh", "kha", "khai", "khai ", "khai s", "khai si", "khai sin", "khai sinh"} {
		hits, _ := s.Search(ctx(t), q, 10)
		if len(hits) == 0 {
			t.Errorf("%q: no hits", q)
		}
	}
	hits, _ = s.Search(ctx(t), "khai tu ", 10)
	if got := codes(hits); len(got) == 0 || got[0] != "1.000656" || slices.Contains(got, "1.001193") {
		t.Errorf("khai tu: got %v, want khai tử and not khai sinh", got)
	}
}
