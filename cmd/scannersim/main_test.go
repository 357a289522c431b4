package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/cmd/internal/simcli/simclitest"
	"github.com/cantho-kiosk/kiosk/scanner"
)

func TestScannersim(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	paths := filepath.Join(t.TempDir(), "paths")
	proc := simclitest.Start(ctx, run, "--sheets", "2", "--pace=false", "--warmup", "0", "--page-gap", "0", "--paths-file", paths, "--qr-suffix", "crlf")
	got := proc.Addresses(t, 2)
	b, err := os.ReadFile(paths)
	if err != nil || string(b) != "scanner="+got["scanner"]+"\nqr="+got["qr"]+"\n" {
		t.Fatalf("paths file %q %v; stdout %v", b, err, got)
	}
	dev, err := scanner.OpenSerial(ctx, got["scanner"], scanner.SerialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	n := 0
	if err := dev.Scan(ctx, scanner.ScanParams{DPI: 100, Source: scanner.Feeder}, nil, func(scanner.Page) { n++ }); err != nil || n != 2 {
		t.Fatalf("scan: %v, %d pages", err, n)
	}
	q, err := scanner.OpenQR(ctx, got["qr"], 9600, scanner.SuffixCRLF)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	io.WriteString(proc.Stdin, "!button\nDVCK1:K7Q4-M2PX\n")
	select {
	case code := <-q.Codes():
		if code != "DVCK1:K7Q4-M2PX" {
			t.Fatalf("code %q", code)
		}
	case <-ctx.Done():
		t.Fatal("no code")
	}
	select {
	case e := <-dev.Events():
		if e.Kind != scanner.EventButton {
			t.Fatalf("event %v", e.Kind)
		}
	case <-ctx.Done():
		t.Fatal("no button event")
	}
	proc.Stop(t)
	if _, err := os.Stat(paths); !os.IsNotExist(err) {
		t.Fatal("paths file left behind")
	}
}

func TestParseFaults(t *testing.T) {
	f, err := parseFaults("corrupt=0.01,drop=0.02,garbage=0.1,jam=2@5000,pull=1@30000,stall=1@20000/3s,badcrc=2,stuckbaud,nofeed,seed=9")
	if err != nil {
		t.Fatal(err)
	}
	if f.CorruptRate != 0.01 || f.DropRate != 0.02 || f.JamPage != 2 || f.JamAt != 5000 || f.PullAt != 30000 ||
		f.Stall != 3*time.Second || f.StallAt != 20000 || f.BadPageCRC != 2 || !f.StuckBaud || !f.NoFeed || f.Seed != 9 {
		t.Fatalf("%+v", f)
	}
	for _, bad := range []string{"corrupt=x", "jam=2", "stall=1@5", "bogus"} {
		if _, err := parseFaults(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
