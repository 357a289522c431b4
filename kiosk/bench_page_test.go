package kiosk

import (
	"bytes"
	"image"
	"testing"
)

// The memory bench's pages are real-size scans: A4 at 200 dpi, a JPEG under a few
// megabytes that decodes to the size it claims.
func TestA4ScanPageIsRealSize(t *testing.T) {
	p := a4ScanPage(1)
	if p.Format != "jpeg" || p.Width != 1654 || p.Height != 2339 {
		t.Fatalf("page %s %dx%d", p.Format, p.Width, p.Height)
	}
	if len(p.Data) < 150<<10 || len(p.Data) > 2<<20 {
		t.Errorf("page of %d bytes, want a few hundred KB", len(p.Data))
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(p.Data))
	if err != nil || cfg.Width != 1654 || cfg.Height != 2339 {
		t.Fatalf("decodes as %+v, %v", cfg, err)
	}
}
