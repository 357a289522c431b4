// Package deverr is the one shape of a device driver's typed error: a code of the
// driver's own type (scanner.Code, printer.Code), the operation, a detail for logs and
// the cause. Each driver names its instance (type Error = deverr.Error[Code]), so
// errors.As tells a scanner error from a printer error and each keeps its own codes.
package deverr

import (
	"context"
	"errors"
	"fmt"
)

// Code is what a driver's code type provides.
type Code interface {
	~int
	String() string // the code's name in logs: "paper jam"
	Device() string // the error text's first word: "scanner", "printer"
}

// Error is every error a driver returns about its device. Match it with errors.Is
// against a sentinel (an Error with only Code set), or read its Code with errors.As.
type Error[C Code] struct {
	Code   C
	Op     string // what the driver was doing: "open", "scan", "print", ...
	Detail string // what the device or tool said, for logs
	Err    error  // underlying cause, if any
}

// New returns an *Error.
func New[C Code](code C, op, detail string, cause error) *Error[C] {
	return &Error[C]{Code: code, Op: op, Detail: detail, Err: cause}
}

func (e *Error[C]) Error() string {
	s := e.Code.Device()
	if e.Op != "" {
		s += " " + e.Op
	}
	s += ": " + e.Code.String()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error[C]) Unwrap() error { return e.Err }

// Is matches a sentinel of the same device with the same Code.
func (e *Error[C]) Is(target error) bool {
	t, ok := target.(*Error[C])
	return ok && t.Op == "" && t.Detail == "" && t.Err == nil && t.Code == e.Code
}

// CodeOf returns the Code of the *Error[C] in err's chain; otherwise cancelled for a
// cancelled context, timeout for an expired one, and unknown for anything else.
func CodeOf[C Code](err error, cancelled, timeout, unknown C) C {
	var e *Error[C]
	switch {
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, context.Canceled):
		return cancelled
	case errors.Is(err, context.DeadlineExceeded):
		return timeout
	}
	return unknown
}

// Name is names[c], or "code(N)" for a code outside names: a Code's String.
func Name[C Code](names []string, c C) string {
	if c >= 0 && int(c) < len(names) {
		return names[c]
	}
	return fmt.Sprintf("code(%d)", int(c))
}
