package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/cmd/internal/simcli/simclitest"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/ksp"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func TestEsclsim(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()
	img, err := sim.DocumentPage(100, ksp.ModeGray, 3)
	if err != nil {
		t.Fatal(err)
	}
	pageFile := filepath.Join(dir, "page.jpg")
	if err := os.WriteFile(pageFile, img.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	urlFile := filepath.Join(dir, "url")
	proc := simclitest.Start(ctx, run, "--sheets", "2", "--scan-time", "0", "--pages", pageFile, "--url-file", urlFile)
	line, err := proc.Stdout.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "escl=")
	if b, _ := os.ReadFile(urlFile); !ok || string(b) != line {
		t.Fatalf("stdout %q, url file %q", line, b)
	}
	dev, err := scanner.Open(ctx, "escl:"+url, scanner.OpenOptions{ESCL: scanner.ESCLOptions{Poll: -1}})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	var pages []scanner.Page
	if err := dev.Scan(ctx, scanner.ScanParams{DPI: 100, Source: scanner.Feeder}, nil, func(p scanner.Page) { pages = append(pages, p) }); err != nil || len(pages) != 2 {
		t.Fatalf("scan: %v, %d pages", err, len(pages))
	}
	if string(pages[1].Data) != string(img.Data) {
		t.Fatal("the page is not the file given")
	}
	// Control lines: the feeder is empty until !paper.
	if err := dev.Scan(ctx, scanner.ScanParams{DPI: 100, Source: scanner.Feeder}, nil, nil); !errors.Is(err, scanner.ErrNoPaper) {
		t.Fatalf("empty feeder: %v", err)
	}
	io.WriteString(proc.Stdin, "!paper 1\n!jam\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := dev.Scan(ctx, scanner.ScanParams{DPI: 100, Source: scanner.Feeder}, nil, nil)
		if errors.Is(err, scanner.ErrJam) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("!paper then !jam: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	proc.Stop(t)
	if _, err := os.Stat(urlFile); !os.IsNotExist(err) {
		t.Fatal("url file left behind")
	}
}

func TestParseFaults(t *testing.T) {
	f, err := parseFaults("busy=2,busypages=1,retry=3,jam=2,hang,stall=1,cut=4,badcaps=truncated")
	if err != nil || f.Busy != 2 || f.BusyPages != 1 || f.RetryAfter != "3" || f.JamPage != 2 || !f.Hang || f.StallPage != 1 || f.CutPage != 4 || f.BadCaps != "truncated" {
		t.Fatalf("%+v %v", f, err)
	}
	for _, bad := range []string{"busy=x", "jam=-1", "badcaps=odd", "melt"} {
		if _, err := parseFaults(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
