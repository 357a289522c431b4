package assets_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// TestSampleCatalogSearch imports the sample catalog into a real SQLite store and types
// what residents type (often without accents): the procedure they mean must come up
// among the first three results.
func TestSampleCatalogSearch(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "kiosk.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.ImportCatalog(ctx, sampleCatalog(t)); err != nil {
		t.Fatalf("import sample catalog: %v", err)
	}
	cases := []struct{ query, want string }{
		{"khai sinh", "1.001193"},
		{"đăng ký khai sinh", "1.001193"},
		{"dang ky ket hon", "1.000894"},
		{"khai tu", "1.000656"},
		{"chung thuc ban sao", "2.000815"},
		{"chung thuc chu ky", "2.000884"},
		{"di chuc", "2.001019"},
		{"tinh trang hon nhan", "1.004873"},
		{"trich luc", "2.000635"},
		{"giam ho", "1.004837"},
		{"cai chinh", "1.004859"},
		{"tro cap xa hoi", "1.001776"},
		{"khuyet tat", "1.001699"},
		{"mai tang", "1.001731"},
		{"giay phep xay dung", "1.013225"},
		{"tranh chap dat dai", "1.003554"},
		{"le hoi", "1.012291"},
		{"ho ngheo", "1.011607"},
		{"nhom tre", "1.004443"},
		{"hoa giai vien", "1.002211"},
		{"thien tai", "1.012864"},
	}
	for _, tc := range cases {
		hits, err := s.Search(ctx, tc.query, 10)
		if err != nil {
			t.Fatalf("search %q: %v", tc.query, err)
		}
		found := false
		for i, h := range hits {
			if i == 3 {
				break
			}
			if h.Code == tc.want {
				found = true
			}
		}
		if !found {
			var got []string
			for _, h := range hits {
				got = append(got, h.Code+" "+h.Name)
			}
			t.Errorf("search %q: %s not among the first three; got %q", tc.query, tc.want, got)
		}
	}
	fields, err := s.Fields(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fields) < 10 {
		t.Errorf("only %d fields for the home tiles, want at least 10: %+v", len(fields), fields)
	}
}
