package assets_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// vietnameseLetters are letters that only Vietnamese text has (an English twin that
// holds them outside a proper name was left untranslated).
var vietnameseLetters = regexp.MustCompile(`[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]`)

// Every resident-visible string of the sample catalog has real English.
func TestSampleCatalogIsEnglishAllTheWay(t *testing.T) {
	c := sampleCatalog(t)
	for i := range c.Procedures {
		p := &c.Procedures[i]
		if m := p.MissingEnglish(); len(m) > 0 {
			t.Errorf("%s: no English for %v", p.Code, m)
		}
		en := p.Localized(catalog.LangEN)
		texts := []string{en.Name, en.Field, en.Agency, en.ProcessingTime}
		texts = append(texts, en.Steps...)
		for _, f := range en.Fees {
			texts = append(texts, f.Label, f.Note)
		}
		for _, d := range en.Documents {
			texts = append(texts, d.Name)
		}
		for _, f := range en.Form {
			texts = append(texts, f.Label, f.Help)
			for _, c := range f.Choices {
				texts = append(texts, f.ChoiceLabel(catalog.LangEN, c))
			}
		}
		for _, s := range texts {
			// Proper names keep their letters: Cần Thơ, Bà Chúa Xứ, Kỳ Yên, the
			// Vietnamese Heroic Mother's title, law references (NĐ-CP, BLĐTBXH).
			rest := s
			for _, name := range []string{"Cần Thơ", "Bà Chúa Xứ", "Kỳ Yên", "NĐ-CP", "BLĐTBXH", "QĐ-TTg", "căn cước", "Vietnamese → English", "English → Vietnamese"} {
				rest = strings.ReplaceAll(rest, name, "")
			}
			if vietnameseLetters.MatchString(strings.ToLower(rest)) {
				t.Errorf("%s: English text still Vietnamese: %q", p.Code, s)
			}
		}
	}
}

// The colloquial names in the sample catalog find their procedures first.
func TestSampleCatalogAliasesAreFound(t *testing.T) {
	c := sampleCatalog(t)
	s, err := store.Open(t.Context(), t.TempDir()+"/kiosk.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.ImportCatalog(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range c.Procedures {
		for _, a := range p.Aliases {
			n++
			hits, err := s.Search(t.Context(), a, 5)
			if err != nil || len(hits) == 0 || hits[0].Code != p.Code {
				t.Errorf("alias %q of %s: got %v, %v", a, p.Code, hits, err)
			}
		}
	}
	if n < 20 {
		t.Errorf("the sample has %d aliases, want at least 20", n)
	}
	for _, q := range []string{"giấy độc thân", "làm khai sinh"} {
		hits, _ := s.Search(t.Context(), q, 5)
		if len(hits) == 0 {
			t.Errorf("%q finds nothing", q)
		}
	}
}
