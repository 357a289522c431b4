package deverr_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/printer"
)

// The scanner's and the printer's errors share one shape but stay apart: errors.As
// finds only its own driver's error, errors.Is matches a sentinel of the same driver
// and code only, and each keeps its own text.
func TestDriversKeepTheirOwnErrors(t *testing.T) {
	scanErr := fmt.Errorf("scan page 2: %w", &scanner.Error{Code: scanner.CodeCoverOpen, Op: "scan", Detail: "lid up"})
	printErr := fmt.Errorf("receipt: %w", &printer.Error{Code: printer.CodeCoverOpen, Op: "print", Err: context.DeadlineExceeded})

	var se *scanner.Error
	var pe *printer.Error
	if !errors.As(scanErr, &se) || se.Code != scanner.CodeCoverOpen || se.Op != "scan" {
		t.Fatalf("errors.As scanner: %v", se)
	}
	if errors.As(scanErr, &pe) {
		t.Fatal("a scanner error matched *printer.Error")
	}
	if !errors.As(printErr, &pe) || pe.Code != printer.CodeCoverOpen {
		t.Fatalf("errors.As printer: %v", pe)
	}
	if errors.As(printErr, &se) {
		t.Fatal("a printer error matched *scanner.Error")
	}

	if !errors.Is(scanErr, scanner.ErrCoverOpen) || errors.Is(scanErr, printer.ErrCoverOpen) || errors.Is(scanErr, scanner.ErrJam) {
		t.Fatal("errors.Is on the scanner error matched the wrong sentinels")
	}
	if !errors.Is(printErr, printer.ErrCoverOpen) || errors.Is(printErr, scanner.ErrCoverOpen) || !errors.Is(printErr, context.DeadlineExceeded) {
		t.Fatal("errors.Is on the printer error matched the wrong sentinels")
	}

	if got := scanner.CodeOf(printErr); got != scanner.CodeTimeout { // not a scanner error: its context cause
		t.Errorf("scanner.CodeOf(printer error) = %v", got)
	}
	if got := printer.CodeOf(scanErr); got != printer.CodeUnknown {
		t.Errorf("printer.CodeOf(scanner error) = %v", got)
	}
	if got, want := scanErr.Error(), "scan page 2: scanner scan: cover open: lid up"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if got, want := printErr.Error(), "receipt: printer print: cover open: context deadline exceeded"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if got := scanner.Code(99).String(); got != "code(99)" {
		t.Errorf("unknown code named %q", got)
	}
}
