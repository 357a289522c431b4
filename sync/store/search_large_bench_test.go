package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog/catalogtest"
)

// BenchmarkSearchLarge types the bench phrases key by key over the generated
// 25,000-procedure catalog (one op: every keystroke once), for profiling.
func BenchmarkSearchLarge(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "kiosk.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.ImportCatalog(ctx, catalogtest.Generate(catalogtest.Large, 1)); err != nil {
		b.Fatal(err)
	}
	typed := typedKeyByKey("dang ky khai sinh cho tre em", "chung thuc ban sao", "xác nhận tình trạng hôn nhân",
		"ho tro thien tai", "ket hon co yeu to nuoc ngoai", "cap lai giay phep xay dung", "thu tuc mai tang phi",
		"dang ki khia sinh cho tre em", "chng thuc ban sao", "xac nhan tinh trangg hon nhan")
	if _, err := s.Search(ctx, "a", 50); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		for _, q := range typed {
			if _, err := s.Search(ctx, q, 50); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(typed)), "us/key")
}
