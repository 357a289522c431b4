package scanner

import (
	"context"
	"fmt"
	"strings"
)

// Mode is the colour mode of a scan.
type Mode int

// Scan modes.
const (
	Gray Mode = iota
	Color
	BW // black and white (line art)
)

func (m Mode) String() string {
	switch m {
	case Gray:
		return "gray"
	case Color:
		return "color"
	case BW:
		return "bw"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// ParseMode reads "gray", "color" or "bw" (also "colour", "lineart").
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "gray", "grey":
		return Gray, nil
	case "color", "colour":
		return Color, nil
	case "bw", "lineart", "blackwhite":
		return BW, nil
	}
	return 0, fmt.Errorf("mode %q: want gray, color or bw", s)
}

// Source is where the sheets come from.
type Source int

// Sources.
const (
	Flatbed Source = iota
	Feeder
)

func (s Source) String() string {
	if s == Feeder {
		return "feeder"
	}
	return "flatbed"
}

// ParseSource reads "flatbed" or "feeder" (also "adf").
func ParseSource(s string) (Source, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "flatbed":
		return Flatbed, nil
	case "feeder", "adf":
		return Feeder, nil
	}
	return 0, fmt.Errorf("source %q: want flatbed or feeder", s)
}

// ScanParams is what a job asks for. The zero value scans one gray page at
// DefaultDPI from the flatbed.
type ScanParams struct {
	DPI    int // 100, 150, 200 or 300 on KSP-1; 0 means DefaultDPI
	Mode   Mode
	Source Source
	Duplex bool
}

// DefaultDPI is used when ScanParams.DPI is 0.
const DefaultDPI = 200

func (p ScanParams) withDefaults() ScanParams {
	if p.DPI == 0 {
		p.DPI = DefaultDPI
	}
	return p
}

// Progress reports a page while it arrives; show Bytes/Total. The serial scanner
// counts bytes of the page file; SANE reports per mille (Total 1000).
type Progress struct {
	Page  int   // 1-based within the job
	Bytes int64 // received intact so far
	Total int64 // size of the page file
}

// Page is one scanned page, complete and verified.
type Page struct {
	Number        int    // 1-based within the job
	Width, Height int    // pixels
	Format        string // "jpeg" or "png"
	Data          []byte // the image file
}

// State is the device's condition as STATUS reports it.
type State struct {
	Paper     bool // paper in the feeder
	CoverOpen bool
	Jam       bool
	Busy      bool // a job is running
	Warming   bool // lamp warming up
}

func (s State) String() string {
	var f []string
	for _, x := range []struct {
		on   bool
		name string
	}{{s.Paper, "paper"}, {s.CoverOpen, "cover-open"}, {s.Jam, "jam"}, {s.Busy, "busy"}, {s.Warming, "warming"}} {
		if x.on {
			f = append(f, x.name)
		}
	}
	if len(f) == 0 {
		return "idle"
	}
	return strings.Join(f, ",")
}

// EventKind is an unsolicited happening at the device.
type EventKind int

// Events. EventGone and EventBack come from the driver, not the device.
const (
	EventPaperIn EventKind = iota + 1
	EventPaperOut
	EventButton
	EventCoverOpened
	EventCoverClosed
	EventGone // the device vanished; Err says why
	EventBack // the driver reopened the device after EventGone
)

func (k EventKind) String() string {
	switch k {
	case EventPaperIn:
		return "paper-in"
	case EventPaperOut:
		return "paper-out"
	case EventButton:
		return "button"
	case EventCoverOpened:
		return "cover-opened"
	case EventCoverClosed:
		return "cover-closed"
	case EventGone:
		return "gone"
	case EventBack:
		return "back"
	}
	return fmt.Sprintf("event(%d)", int(k))
}

// Event is delivered on PageSource.Events.
type Event struct {
	Kind EventKind
	Err  error // for EventGone
}

// PageSource is a document scanner: the KSP-1 serial scanner (*Serial) or a SANE
// device (*SANE). Consumers should declare the subset they use.
type PageSource interface {
	// Scan runs one job. onProgress and onPage may be nil; they run on the caller's
	// goroutine (progress reports are skipped when the caller falls behind; pages
	// never are). It returns nil when the job ended normally, an *Error otherwise
	// (cancelling ctx cancels the job and returns an error matching both
	// ErrCancelled and ctx.Err()). Pages delivered before an error stay valid.
	Scan(ctx context.Context, p ScanParams, onProgress func(Progress), onPage func(Page)) error
	// Status asks the device for its state.
	Status(ctx context.Context) (State, error)
	// Events delivers unsolicited events; it is never closed before Close, and
	// events are dropped when nobody reads.
	Events() <-chan Event
	// Cancel asks the device to end the running job; Scan then returns ErrCancelled.
	Cancel(ctx context.Context) error
	// Close releases the device and unblocks every waiting call (with ErrGone).
	Close() error
}
