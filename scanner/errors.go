package scanner

import "github.com/cantho-kiosk/kiosk/scanner/deverr"

// Code classifies what went wrong with a device, for a screen to explain it plainly.
type Code int

// Error codes. The UI maps each to a Vietnamese sentence; drivers never build text
// for residents themselves.
const (
	CodeUnknown        Code = iota
	CodeNoPaper             // the feeder is empty or no sheet was fed
	CodeJam                 // paper jam
	CodeCoverOpen           // the cover is open (or was opened during the job)
	CodeBusy                // a job is already running
	CodeGone                // the device vanished or the port is closed
	CodeTimeout             // the device stopped answering
	CodeProtocol            // the device said something the datasheet does not allow
	CodeTransferFailed      // a page could not be transferred intact
	CodeCancelled           // the job was cancelled
	CodeBadParam            // a parameter the device does not support
	CodeInternal            // the device reported an internal fault
)

var codeNames = [...]string{
	CodeUnknown: "unknown", CodeNoPaper: "no paper", CodeJam: "paper jam", CodeCoverOpen: "cover open",
	CodeBusy: "busy", CodeGone: "device gone", CodeTimeout: "timeout", CodeProtocol: "protocol error",
	CodeTransferFailed: "transfer failed", CodeCancelled: "cancelled", CodeBadParam: "bad parameter",
	CodeInternal: "internal fault",
}

func (c Code) String() string { return deverr.Name(codeNames[:], c) }

// Device is the first word of a scanner error's text.
func (Code) Device() string { return "scanner" }

// Error is every error the drivers return about a device. Match it with errors.Is
// against the sentinels below, or read Code with CodeOf (or errors.As).
type Error = deverr.Error[Code]

// Sentinels for errors.Is.
var (
	ErrNoPaper        = &Error{Code: CodeNoPaper}
	ErrJam            = &Error{Code: CodeJam}
	ErrCoverOpen      = &Error{Code: CodeCoverOpen}
	ErrBusy           = &Error{Code: CodeBusy}
	ErrGone           = &Error{Code: CodeGone}
	ErrTimeout        = &Error{Code: CodeTimeout}
	ErrProtocol       = &Error{Code: CodeProtocol}
	ErrTransferFailed = &Error{Code: CodeTransferFailed}
	ErrCancelled      = &Error{Code: CodeCancelled}
	ErrBadParam       = &Error{Code: CodeBadParam}
	ErrInternal       = &Error{Code: CodeInternal}
)

// CodeOf returns the Code of a driver error, CodeCancelled for a cancelled context,
// CodeTimeout for an expired one, and CodeUnknown otherwise.
func CodeOf(err error) Code { return deverr.CodeOf(err, CodeCancelled, CodeTimeout, CodeUnknown) }

var newErr = deverr.New[Code]
