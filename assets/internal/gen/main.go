// Command gen draws the kiosk's PNG assets: the application icon and the pictograms of
// the guidance slides. The output is committed; run it again after changing a picture:
//
//	go run ./assets/internal/gen -out assets
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "assets", "assets folder to write into")
	flag.Parse()
	for _, p := range pictures {
		if err := write(filepath.Join(*out, p.name), p.draw()); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// encode returns the PNG encoding of img at best compression.
func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

func write(path string, img image.Image) error {
	b, err := encode(img)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Printf("%s %dx%d %d bytes\n", path, img.Bounds().Dx(), img.Bounds().Dy(), len(b))
	return nil
}
