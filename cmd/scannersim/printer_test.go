package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/cmd/internal/simcli/simclitest"
	"github.com/cantho-kiosk/kiosk/scanner/printer"
)

func TestScannersimPrinter(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out := filepath.Join(t.TempDir(), "printed")
	proc := simclitest.Start(ctx, run, "--pace=false", "--printer", "--printer-pace=false", "--printer-out", out)
	got := proc.Addresses(t, 3)
	p, err := printer.New("serial:"+got["printer"], printer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	r := printer.Receipt{Code: "K7Q4-M2PX", LookupQR: "DVCK1:K7Q4-M2PX", Procedure: "Chứng thực bản sao từ bản chính"}
	if err := p.PrintReceipt(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	// The simulator writes the files beside the line, just after the cut.
	for _, f := range []string{"receipt-001.png", "receipt-001.json"} {
		for {
			st, err := os.Stat(filepath.Join(out, f))
			if err == nil && st.Size() > 0 {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("%s: %v", f, err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	io.WriteString(proc.Stdin, "!printer paper out\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, err := p.Status(ctx)
		if err == nil && st.PaperOut {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status after !printer paper out: %v %v", st, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := p.PrintReceipt(ctx, r, nil); !errors.Is(err, printer.ErrPaperOut) {
		t.Fatalf("print without paper: %v", err)
	}
	proc.Stop(t)
}
