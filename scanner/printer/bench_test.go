package printer_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/printer"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

// TestBenchFigures prints the figures of `make bench` (scripts/bench.d/printer.sh):
// the time from "Nộp" (the receipt's data in hand) to the cut on the simulated
// printer pacing itself to 115200 baud, against the line's limit for the bytes the
// job put on the wire (bytes × 10 / baud), measured in the same run. It runs only
// with KIOSK_BENCH=1.
func TestBenchFigures(t *testing.T) {
	if os.Getenv("KIOSK_BENCH") != "1" {
		t.Skip("KIOSK_BENCH=1 runs the benchmark figures")
	}
	const (
		baud   = 115200
		rounds = 5
	)
	dev, err := sim.NewPrinter(sim.PrinterConfig{Baud: baud, Pace: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	p, err := printer.New(fmt.Sprintf("serial:%s,%d", dev.Path(), baud), printer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	r := sampleReceipt("ZJDK-PREK")
	r.Fee = "8.000 đ"
	r.FeeQR = "00020101021238540010A00000072701240006970436011000123456780208QRIBFTTA5303704540480005802VN62130809ZJDK-PREK6304A1B2"
	var total, line, render, ratio []float64
	var bytes int64
	var rows int
	for i := 1; i <= rounds; i++ {
		before := p.Stats().Bytes
		t0 := time.Now()
		bm, err := printer.Render(r)
		if err != nil {
			t.Fatal(err)
		}
		tr := time.Since(t0)
		if err := p.Print(ctx, bm, nil); err != nil {
			t.Fatal(err)
		}
		got, err := dev.WaitReceipts(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		cut := got[i-1].CutAt.Sub(t0)
		bytes = p.Stats().Bytes - before
		rows = bm.Height
		lt := time.Duration(bytes) * 10 * time.Second / baud
		total = append(total, ms(cut))
		line = append(line, ms(lt))
		render = append(render, ms(tr))
		ratio = append(ratio, float64(cut)/float64(lt))
	}
	slices.Sort(total)
	slices.Sort(ratio)
	slices.Sort(render)
	p99 := func(s []float64) float64 { return s[(len(s)*99+99)/100-1] }
	verdict := "FAIL"
	if p99(ratio) <= 1.10 {
		verdict = "PASS"
	}
	raw := rows * printer.Width / 8
	fmt.Printf("printer.submit_to_cut_ms p50=%.0f p99=%.0f  line_limit_ms=%.0f  ratio p50=%.3fx p99=%.3fx  goal=<=1.10x %s\n",
		total[len(total)/2], p99(total), line[0], ratio[len(ratio)/2], p99(ratio), verdict)
	fmt.Printf("printer.receipt_wire_bytes=%d  raster_rows=%d  uncompressed_raster_bytes=%d  (information: blank rows go as ESC J feeds)\n",
		bytes, rows, raw)
	fmt.Printf("printer.render_ms p50=%.1f p99=%.1f  (information: drawing the receipt, included above)\n",
		render[len(render)/2], p99(render))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
