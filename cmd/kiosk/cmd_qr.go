package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cantho-kiosk/kiosk/scanner"
)

func init() {
	register(command{
		name:    "qr",
		usage:   "[--device serial:PORT[,BAUD][,cr|lf|crlf]] [--count N] [--timeout D]",
		summary: "print each code the QR reader reads, parsed when it is a CCCD or a receipt (installer diagnostics)",
		run:     runQR,
	})
}

func runQR(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("qr", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	device := fs.String("device", env.cfg.QRReader, "serial:PORT[,BAUD][,cr|lf|crlf]")
	count := fs.Int("count", 0, "stop after this many codes (0: until interrupted)")
	timeout := fs.Duration("timeout", 0, "stop after this long (0: until interrupted)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *device == "" {
		return usagef("no QR reader: give --device or set qr= in the configuration")
	}
	cfg, err := scanner.ParseQRSpec(*device)
	if err != nil {
		return usagef("%v", err)
	}
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	q, err := scanner.OpenQRConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("cannot open QR reader %s: %w", *device, err)
	}
	defer q.Close()
	fmt.Fprintf(env.stderr, "reading codes from %s at %d baud, suffix %s (Ctrl-C to stop)\n", cfg.Path, cfg.Baud, cfg.Suffix)
	n := 0
	for {
		select {
		case <-ctx.Done():
			if *count > 0 && n < *count {
				return fmt.Errorf("%d of %d codes read before the time ran out", n, *count)
			}
			return nil
		case e := <-q.Events():
			switch e.Kind {
			case scanner.EventGone:
				fmt.Fprintf(env.stderr, "QR reader unplugged (%v); waiting for it to come back\n", e.Err)
			case scanner.EventBack:
				fmt.Fprintln(env.stderr, "QR reader back")
			}
		case code := <-q.Codes():
			n++
			fmt.Fprintln(env.stdout, describeQR(code))
			if *count > 0 && n >= *count {
				return nil
			}
		}
	}
}

// describeQR is one line about a code: parsed CCCD, receipt, or the raw text.
func describeQR(code string) string {
	switch scanner.ClassifyQR(code) {
	case scanner.QRReceipt:
		rc, _ := scanner.ParseReceiptQR(code)
		return "receipt " + rc
	case scanner.QRCCCD:
		c, err := scanner.ParseCCCD(code)
		if err != nil {
			return fmt.Sprintf("CCCD INVALID: %v", err)
		}
		old := c.OldIDNumber
		if old == "" {
			old = "-"
		}
		s := fmt.Sprintf("CCCD id=%s old=%s name=%q born=%s sex=%s address=%q issued=%s",
			c.IDNumber, old, c.Name, c.DOB.Format("02/01/2006"), c.Sex, c.Address, c.IssueDate.Format("02/01/2006"))
		if len(c.Extra) > 0 {
			s += fmt.Sprintf(" extra=%q", strings.Join(c.Extra, "|"))
		}
		return s
	}
	return fmt.Sprintf("code %q", code)
}
