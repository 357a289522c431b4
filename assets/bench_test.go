package assets_test

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// TestBenchFigures prints the start-up cost of the embedded assets for make bench
// (scripts/bench.d/assets.sh): parsing and validating the sample catalog against a plain
// json.Unmarshal of the same bytes measured in the same run, loading the slide deck, and
// the embedded sizes.
func TestBenchFigures(t *testing.T) {
	if os.Getenv("KIOSK_BENCH") == "" {
		t.Skip("set KIOSK_BENCH=1 (make bench)")
	}
	raw := assets.SampleCatalog()
	const runs = 200
	median := func(f func()) time.Duration {
		d := make([]time.Duration, runs)
		for i := range d {
			start := time.Now()
			f()
			d[i] = time.Since(start)
		}
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[runs/2]
	}
	parse := median(func() {
		if _, err := catalog.Parse(raw); err != nil {
			t.Fatal(err)
		}
	})
	plain := median(func() {
		var c catalog.Catalog
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
	})
	var slides []assets.Slide
	load := median(func() {
		var err error
		if slides, err = assets.Slides(); err != nil {
			t.Fatal(err)
		}
	})
	largest, total := 0, len(assets.Icon())
	for _, s := range slides {
		total += len(s.Image)
		largest = max(largest, len(s.Image))
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	startup := ms(parse + load)
	verdict := func(ok bool) string {
		if ok {
			return "PASS"
		}
		return "FAIL"
	}
	fmt.Printf("assets.catalog_parse_validate_ms=%.2f  baseline.json_unmarshal_ms=%.2f  validate_overhead=%.1fx  assets.slides_load_ms=%.2f  startup_ms=%.2f  goal=<50ms %s\n",
		ms(parse), ms(plain), float64(parse)/float64(plain), ms(load), startup, verdict(startup < 50))
	fmt.Printf("assets.catalog_kb=%.0f  assets.pictures_kb=%.0f  assets.largest_slide_kb=%.1f  goal=<60KB %s\n",
		float64(len(raw))/1024, float64(total)/1024, float64(largest)/1024, verdict(largest < 60<<10))
}
