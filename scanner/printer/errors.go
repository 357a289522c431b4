package printer

import "github.com/cantho-kiosk/kiosk/scanner/deverr"

// Code classifies what stops a printer, for a screen or a command to explain it
// plainly (Plain gives the Vietnamese sentence).
type Code int

// Error codes.
const (
	CodeUnknown     Code = iota
	CodePaperOut         // the roll is empty
	CodeNearEnd          // the roll is nearly empty (a warning; printing still works)
	CodeCoverOpen        // the cover is open
	CodeOffline          // offline for another reason (the feed button, an error being recovered)
	CodeCutterError      // the auto-cutter jammed, or another error the printer reports
	CodeGone             // the device vanished or cannot be opened
	CodeTimeout          // the printer stopped answering or taking data (a stuck write)
	CodeProtocol         // the printer answered something ESC/POS does not allow
)

var codeNames = [...]string{
	CodeUnknown: "unknown", CodePaperOut: "paper out", CodeNearEnd: "paper near end",
	CodeCoverOpen: "cover open", CodeOffline: "offline", CodeCutterError: "cutter error",
	CodeGone: "printer gone", CodeTimeout: "timeout", CodeProtocol: "protocol error",
}

func (c Code) String() string { return deverr.Name(codeNames[:], c) }

// Device is the first word of a printer error's text.
func (Code) Device() string { return "printer" }

// Plain is the state in plain Vietnamese for residents, staff and installers.
func (c Code) Plain() string {
	switch c {
	case CodePaperOut:
		return "Máy in hết giấy"
	case CodeNearEnd:
		return "Máy in sắp hết giấy"
	case CodeCoverOpen:
		return "Nắp máy in đang mở"
	case CodeOffline:
		return "Máy in đang tạm dừng"
	case CodeCutterError:
		return "Máy in bị lỗi dao cắt"
	case CodeGone:
		return "Không thấy máy in (chưa cắm hoặc đã rút cáp)"
	case CodeTimeout:
		return "Máy in không trả lời"
	case CodeProtocol:
		return "Máy in trả lời không đúng chuẩn ESC/POS"
	}
	return "Máy in gặp lỗi"
}

// Error is every error the driver returns about the printer. Match it with
// errors.Is against the sentinels below, or read its Code with CodeOf (or errors.As).
type Error = deverr.Error[Code]

// Sentinels for errors.Is.
var (
	ErrPaperOut    = &Error{Code: CodePaperOut}
	ErrNearEnd     = &Error{Code: CodeNearEnd}
	ErrCoverOpen   = &Error{Code: CodeCoverOpen}
	ErrOffline     = &Error{Code: CodeOffline}
	ErrCutterError = &Error{Code: CodeCutterError}
	ErrGone        = &Error{Code: CodeGone}
	ErrTimeout     = &Error{Code: CodeTimeout}
	ErrProtocol    = &Error{Code: CodeProtocol}
)

// CodeOf returns the Code of a driver error, CodeTimeout for an expired context
// and CodeUnknown otherwise (a cancelled context too: the printer has no such code).
func CodeOf(err error) Code { return deverr.CodeOf(err, CodeUnknown, CodeTimeout, CodeUnknown) }

var newErr = deverr.New[Code]
