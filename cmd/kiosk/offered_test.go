package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// The procedures a commune offers (remote setting) limit the fields, listings and
// search the resident sees; a lookup by code still finds the others.
func TestOfferedProcedures(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "kiosk.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := catalog.Parse(assets.SampleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportCatalog(ctx, c); err != nil {
		t.Fatal(err)
	}
	os := &offeredStore{Store: st}
	all, _ := os.Fields(ctx)
	os.setOffered([]string{"1.001193", "2.000815"})
	fields, err := os.Fields(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range fields {
		total += f.Count
		if f.NameEN == "" {
			t.Errorf("field %s lost its English name", f.Name)
		}
		ps, err := os.ProceduresByField(ctx, f.Name)
		if err != nil || len(ps) != f.Count {
			t.Errorf("field %s: %d listed, %d counted, %v", f.Name, len(ps), f.Count, err)
		}
		for _, p := range ps {
			if p.Code != "1.001193" && p.Code != "2.000815" {
				t.Errorf("field %s lists %s", f.Name, p.Code)
			}
		}
	}
	if total != 2 || len(all) <= len(fields) {
		t.Errorf("%d procedures in %d fields offered (of %d fields)", total, len(fields), len(all))
	}
	res, err := os.Search(ctx, "ket hon", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res {
		if p.Code != "1.001193" && p.Code != "2.000815" {
			t.Errorf("search shows %s", p.Code)
		}
	}
	if p, err := os.Procedure(ctx, "1.000894"); err != nil || p == nil {
		t.Errorf("lookup by code of a procedure not offered: %v", err)
	}
	os.setOffered(nil)
	if again, _ := os.Fields(ctx); len(again) != len(all) {
		t.Errorf("after unsetting: %d fields, want %d", len(again), len(all))
	}
}
