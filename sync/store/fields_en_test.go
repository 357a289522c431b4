package store_test

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// Fields carries the catalog's English name of each field, "" where it has none.
func TestFieldsCarryEnglish(t *testing.T) {
	s := openStore(t, store.Options{})
	c := testCatalog()
	for i := range c.Procedures {
		if c.Procedures[i].Field == "Hộ tịch" && i == 1 {
			c.Procedures[i].FieldEN = "Civil status"
		}
	}
	if err := s.ImportCatalog(ctx(t), c); err != nil {
		t.Fatal(err)
	}
	fields, err := s.Fields(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range fields {
		got[f.Name] = f.NameEN
	}
	if got["Hộ tịch"] != "Civil status" || got["Chứng thực"] != "" || len(got) != 5 {
		t.Errorf("Fields English = %v", got)
	}
}
