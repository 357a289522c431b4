package scanner

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/esclsim"
	"github.com/cantho-kiosk/kiosk/scanner/ksp"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

// TestESCLBenchFigures prints the eSCL figures of `make bench`
// (scripts/bench.d/escl.sh): pages per minute of a 24-page feeder job through the
// eSCL backend (capabilities, ScanSettings, NextDocument until 404, status check,
// progress, each page checked as an image) against a raw HTTP client fetching the
// same bytes from the same simulator (one POST, then GET NextDocument into a buffer
// until 404), rounds interleaved with the order alternating; and the p99 time per page over every page of
// every round, for both. It runs only with KIOSK_BENCH=1.
func TestESCLBenchFigures(t *testing.T) {
	if os.Getenv("KIOSK_BENCH") != "1" {
		t.Skip("KIOSK_BENCH=1 runs the benchmark figures")
	}
	const (
		pages  = 24
		rounds = 21 // a job takes well under a second on loopback: many short rounds, median of their ratios
		dpi    = 200
	)
	var files [][]byte
	for n := 1; n <= pages; n++ {
		img, err := sim.DocumentPage(dpi, ksp.ModeGray, n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, img.Data)
	}
	dev, err := esclsim.New(esclsim.Config{Pages: files})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	e, err := OpenESCL(ctx, dev.URL(), ESCLOptions{Poll: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	job, err := e.Plan(ctx, ScanParams{DPI: dpi, Source: Feeder})
	if err != nil {
		t.Fatal(err)
	}
	settings := job.scanSettings()
	client := &http.Client{}

	var rawPPM, esclPPM, ratios, overhead []float64
	var rawPage, esclPage []time.Duration
	rawJob := func() time.Duration {
		// Raw: the same bytes over plain HTTP GETs.
		dev.InsertPaper(pages)
		start := time.Now()
		resp, err := client.Post(dev.URL()+"/ScanJobs", "text/xml", bytes.NewReader(settings))
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("raw POST: %v %v", err, resp)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		got, last := 0, time.Now()
		for {
			resp, err := client.Get(loc + "/NextDocument")
			if err != nil {
				t.Fatal(err)
			}
			var b []byte
			if resp.ContentLength > 0 { // a buffer of the page's size, as the backend reads it
				b = make([]byte, resp.ContentLength)
				_, err = io.ReadFull(resp.Body, b)
			} else {
				b, err = io.ReadAll(resp.Body)
			}
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode == http.StatusNotFound {
				break
			}
			if !bytes.Equal(b, files[got]) {
				t.Fatalf("raw page %d differs", got+1)
			}
			got++
			rawPage = append(rawPage, time.Since(last))
			last = time.Now()
		}
		rawTook := time.Since(start)
		if got != pages {
			t.Fatalf("raw: %d pages", got)
		}
		return rawTook
	}
	esclJob := func() time.Duration {
		// Through the eSCL backend.
		dev.InsertPaper(pages)
		n := 0
		start := time.Now()
		last := start
		err := e.Scan(ctx, ScanParams{DPI: dpi, Source: Feeder}, nil, func(p Page) {
			if !bytes.Equal(p.Data, files[n]) {
				t.Errorf("page %d differs", n+1)
			}
			n++
			esclPage = append(esclPage, time.Since(last))
			last = time.Now()
		})
		esclTook := time.Since(start)
		if err != nil || n != pages {
			t.Fatalf("eSCL: %v, %d pages", err, n)
		}
		return esclTook
	}
	for r := 0; r < rounds; r++ {
		var rawTook, esclTook time.Duration
		if r%2 == 0 { // alternate which goes first
			rawTook, esclTook = rawJob(), esclJob()
		} else {
			esclTook, rawTook = esclJob(), rawJob()
		}
		rp, ep := pages/rawTook.Minutes(), pages/esclTook.Minutes()
		rawPPM, esclPPM, ratios = append(rawPPM, rp), append(esclPPM, ep), append(ratios, ep/rp)
		overhead = append(overhead, ms(esclTook-rawTook)/pages)
	}
	pass := func(ok bool) string {
		if ok {
			return "PASS"
		}
		return "FAIL"
	}
	// On loopback a page takes well under a millisecond, so the ratio mostly shows
	// the one request the raw client skips (the status read that tells a normal end
	// from a jam). The goal is the backend's own cost per page, which a real device
	// (1-3 s a page) must not notice: at most 1 ms.
	fmt.Printf("escl.pages_per_minute=%.0f  raw_http_pages_per_minute=%.0f  ratio=%.2fx  (%d pages of %d dpi gray A4 JPEG per job, median of %d rounds)\n",
		median(esclPPM), median(rawPPM), median(ratios), pages, dpi, rounds)
	oh := median(overhead)
	fmt.Printf("escl.overhead_ms_per_page=%.3f  goal=<=1 %s  (eSCL job time minus raw job time, per page, median of rounds)\n", oh, pass(oh <= 1))
	p99e, p99r := p99(esclPage), p99(rawPage)
	fmt.Printf("escl.page_p99_ms=%.2f  raw_http_page_p99_ms=%.2f  (every page of every round: %d each)\n", ms(p99e), ms(p99r), len(esclPage))
}

func p99(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)*99)/100]
}
