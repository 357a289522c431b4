package kiosk

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"
)

// funcScanner injects scanner behaviour (pages or faults) into the scan screen.
type funcScanner struct {
	scan func(ctx context.Context, onProgress func(done, total int), onPage func(ScannedPage)) error
}

func (f funcScanner) Scan(ctx context.Context, onProgress func(done, total int), onPage func(ScannedPage)) error {
	return f.scan(ctx, onProgress, onPage)
}

// pagesScanner delivers n small PNG pages per job.
func pagesScanner(n int) funcScanner {
	return funcScanner{scan: func(ctx context.Context, onProgress func(int, int), onPage func(ScannedPage)) error {
		for i := 0; i < n; i++ {
			p := testPage(i)
			onProgress(len(p.Data)/2, len(p.Data))
			onPage(p)
		}
		return nil
	}}
}

func errScanner(err error) funcScanner {
	return funcScanner{scan: func(context.Context, func(int, int), func(ScannedPage)) error { return err }}
}

func testPage(n int) ScannedPage {
	img := image.NewGray(image.Rect(0, 0, 85, 120))
	for y := 10; y < 110; y += 8 {
		for x := 8; x < 77; x++ {
			img.SetGray(x, y, color.Gray{Y: uint8(40 * n)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return ScannedPage{Format: "png", Width: 85, Height: 120, Data: b.Bytes()}
}

// chanQR is the QR reader as the UI sees it: codes on a channel.
type chanQR chan string

func (c chanQR) Codes() <-chan string { return c }

// waitAsync returns a hook for UI.asyncDone and a wait function for one event kind.
func asyncWaiter(h *harness) func(what string) {
	ch := make(chan string, 64)
	h.ui.asyncDone = func(what string) { ch <- what }
	return func(what string) {
		h.t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case got := <-ch:
				if got == what {
					return
				}
			case <-deadline:
				h.t.Fatalf("timed out waiting for %s on screen %q", what, h.ui.current())
			}
		}
	}
}

var _ = testing.T{}
