package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/printer"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

func init() {
	register(command{
		name:    "print",
		usage:   "[--device serial:PORT[,BAUD]|usb:PATH] --test | --receipt CODE",
		summary: "print a sample receipt or reprint a dossier's receipt (exit 1 with the printer's state when it cannot)",
		run:     runPrint,
	})
}

// sampleCode is the receipt code of `kiosk print --test`: it looks like a real one
// and its QR code reads as a receipt, but no dossier has it.
const sampleCode = "MAU-0000"

func runPrint(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("print", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	device := fs.String("device", env.cfg.Printer, "serial:PORT[,BAUD] or usb:PATH")
	test := fs.Bool("test", false, "print a sample receipt")
	code := fs.String("receipt", "", "reprint the receipt of the dossier with this receipt code")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long (a receipt takes ~9 s at 115200 baud, ~2 min at 9600)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *test == (*code != "") {
		return usagef("give either --test or --receipt CODE")
	}
	if *device == "" {
		return usagef("no printer: give --device or set printer= in the configuration")
	}
	p, err := printer.New(*device, printer.Options{})
	if err != nil {
		return usagef("%v", err)
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	var r printer.Receipt
	if *test {
		r = printer.Receipt{
			Commune:   env.cfg.Commune,
			Agency:    "Trang in thử — không phải biên nhận thật",
			Procedure: "In thử: Đăng ký khai sinh — chữ tiếng Việt đủ dấu: ă â đ ê ô ơ ư, Nguyễn Thị Ngọc Hường",
			Code:      sampleCode,
			LookupQR:  scanner.FormatReceiptQR(sampleCode),
			Time:      time.Now(),
			Next:      nextSteps(),
		}
	} else {
		st, err := openStore(ctx, env)
		if err != nil {
			return err
		}
		defer st.Close()
		d, err := st.FindDossier(ctx, *code)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no dossier has receipt code %q", *code)
		}
		if err != nil {
			return err
		}
		r = receiptFor(ctx, st, d, env.cfg.Commune)
	}
	start := time.Now()
	err = p.PrintReceipt(ctx, r, nil)
	if err != nil {
		return fmt.Errorf("%s (%v)", printer.CodeOf(err).Plain(), err)
	}
	s, _, _ := p.Last()
	fmt.Fprintf(env.stdout, "printed receipt %s on %s in %.1f s (%d bytes); printer: %s\n",
		r.Code, p.Spec(), time.Since(start).Seconds(), p.Stats().Bytes, plainStatus(s))
	return nil
}

// plainStatus is a ready printer's state in plain words.
func plainStatus(s printer.Status) string {
	if s.Code() == printer.CodeNearEnd {
		return printer.CodeNearEnd.Plain()
	}
	return "sẵn sàng"
}
