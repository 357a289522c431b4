package printer

import (
	"strings"
)

// ESC/POS bytes the driver sends. Only commands every 80 mm ESC/POS printer knows:
// text goes as a raster image, so code pages never matter.
const (
	esc = 0x1B
	gs  = 0x1D
	dle = 0x10
	eot = 0x04
)

// Real-time status requests (DLE EOT n): each is answered with one byte at once,
// even in the middle of a job.
const (
	StatusPrinter byte = 1 // bit 3: offline
	StatusOffline byte = 2 // why offline: bit 2 cover open, bit 3 feed button, bit 5 paper end, bit 6 error
	StatusError   byte = 3 // which error: bit 3 auto-cutter, bit 5 unrecoverable, bit 6 auto-recoverable
	StatusPaper   byte = 4 // roll sensor: bits 2-3 near end, bits 5-6 paper end
)

// CmdInit is ESC @ (initialize: clears the buffer and modes).
func CmdInit() []byte { return []byte{esc, '@'} }

// CmdStatus is DLE EOT n.
func CmdStatus(n byte) []byte { return []byte{dle, eot, n} }

// CmdFeedDots is ESC J n: feed n dot rows (n ≤ 255) without printing.
func CmdFeedDots(n int) []byte { return []byte{esc, 'J', byte(n)} }

// CmdCut is GS V 66 n: feed n dots to the cutter position, then a partial cut.
func CmdCut(feed int) []byte { return []byte{gs, 'V', 66, byte(feed)} }

// CmdRaster is GS v 0 m=0 with its header for widthBytes × rows of 1-bit data
// (most significant bit leftmost, 1 = black); the data follows.
func CmdRaster(widthBytes, rows int) []byte {
	return []byte{gs, 'v', '0', 0, byte(widthBytes), byte(widthBytes >> 8), byte(rows), byte(rows >> 8)}
}

// ValidStatusByte reports whether b can be an answer to DLE EOT: bits 1 and 4 are
// always 1, bits 0 and 7 always 0. Anything else is noise on the line.
func ValidStatusByte(b byte) bool { return b&0x93 == 0x12 }

// Status is the printer's condition from its real-time status bytes.
type Status struct {
	Offline       bool // not printing (one of the reasons below, or the feed button)
	CoverOpen     bool
	PaperOut      bool
	NearEnd       bool // the roll is nearly used up: print, but tell staff
	CutterError   bool
	Unrecoverable bool // a fault that needs the power switched off and on
	FeedButton    bool // paper is being fed with the button
}

// applyByte records the answer b to DLE EOT n.
func (s *Status) applyByte(n, b byte) {
	switch n {
	case StatusPrinter:
		s.Offline = b&0x08 != 0
	case StatusOffline:
		s.CoverOpen = b&0x04 != 0
		s.FeedButton = b&0x08 != 0
		if b&0x20 != 0 {
			s.PaperOut = true
		}
	case StatusError:
		s.CutterError = b&0x08 != 0
		s.Unrecoverable = b&0x20 != 0
	case StatusPaper:
		s.NearEnd = b&0x0C != 0
		s.PaperOut = b&0x60 != 0
	}
}

// Code is the most pressing condition: CodePaperOut, CodeCoverOpen,
// CodeCutterError, CodeOffline, CodeNearEnd, or CodeUnknown when all is well.
func (s Status) Code() Code {
	switch {
	case s.CoverOpen:
		return CodeCoverOpen
	case s.PaperOut:
		return CodePaperOut
	case s.CutterError || s.Unrecoverable:
		return CodeCutterError
	case s.Offline && !s.FeedButton:
		return CodeOffline
	case s.NearEnd:
		return CodeNearEnd
	}
	return CodeUnknown
}

// Ready reports whether a receipt can be printed now (a roll near its end still prints).
func (s Status) Ready() bool { c := s.Code(); return c == CodeUnknown || c == CodeNearEnd }

// Err is nil when the printer can print, otherwise the *Error for what stops it.
func (s Status) Err(op string) error {
	if s.Ready() {
		return nil
	}
	return newErr(s.Code(), op, s.String(), nil)
}

func (s Status) String() string {
	var f []string
	for _, x := range []struct {
		on   bool
		name string
	}{{s.Offline, "offline"}, {s.CoverOpen, "cover-open"}, {s.PaperOut, "paper-out"}, {s.NearEnd, "near-end"},
		{s.CutterError, "cutter-error"}, {s.Unrecoverable, "unrecoverable"}, {s.FeedButton, "feed-button"}} {
		if x.on {
			f = append(f, x.name)
		}
	}
	if len(f) == 0 {
		return "ready"
	}
	return strings.Join(f, ",")
}
