package printer

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Options tune the driver. The zero value suits an 80 mm ESC/POS printer.
type Options struct {
	// ReplyTimeout bounds the wait for one real-time status byte, on top of the
	// time the bytes queued before the request take on the line; default 1 s.
	ReplyTimeout time.Duration
	// WriteStall is how long a write may make no progress before the printer
	// counts as stuck (ErrTimeout); default 5 s.
	WriteStall time.Duration
	// BandRows is the height of one GS v 0 band; the status is asked between
	// bands. Default 128 (9 KB a band).
	BandRows int
	// CutFeed is how many dots to feed before the cut, so that the last line
	// clears the cutter; default 96 (12 mm).
	CutFeed int
	Logf    func(format string, args ...any)
}

func (o Options) withDefaults() Options {
	if o.ReplyTimeout == 0 {
		o.ReplyTimeout = time.Second
	}
	if o.WriteStall == 0 {
		o.WriteStall = 5 * time.Second
	}
	if o.BandRows == 0 {
		o.BandRows = 128
	}
	if o.CutFeed == 0 {
		o.CutFeed = 96
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// Stats counts what the driver did since it was made.
type Stats struct {
	Jobs, Failed int64
	Bytes        int64 // every byte written, status requests included
	StatusPolls  int64 // DLE EOT requests
	Garbage      int64 // bytes received that are no status byte
	Reopens      int64
}

// Printer is an ESC/POS receipt printer. It opens the port when first needed and
// again after the device vanished, so a replugged printer works on the next call.
// It is safe for concurrent use; one exchange runs at a time.
type Printer struct {
	spec Spec
	opts Options

	mu     sync.Mutex // one exchange at a time
	ln     *link
	queued int // bytes written since the last status answer (they delay it)
	// pad is how many NUL bytes to send first on the next opening: a command cut
	// short by a failed write would otherwise swallow the next job's bytes as its
	// own data (NUL is no command; inside a raster band it is white).
	pad int

	smu     sync.Mutex
	last    Status
	lastErr error
	lastAt  time.Time
	stats   Stats
}

// New makes a driver for the printer a setting names, without touching the
// device (a kiosk may start before its printer is plugged in).
func New(spec string, opts Options) (*Printer, error) {
	s, err := ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	return &Printer{spec: s, opts: opts.withDefaults()}, nil
}

// Spec is the device this driver prints on.
func (p *Printer) Spec() Spec { return p.spec }

// Close releases the port.
func (p *Printer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.close()
		p.ln = nil
	}
	return nil
}

// Stats returns the counters so far.
func (p *Printer) Stats() Stats {
	p.smu.Lock()
	defer p.smu.Unlock()
	return p.stats
}

// Last is the most recent status (from Status, a poll or a print), when it was
// seen (zero if never asked) and the error that came with it.
func (p *Printer) Last() (Status, time.Time, error) {
	p.smu.Lock()
	defer p.smu.Unlock()
	return p.last, p.lastAt, p.lastErr
}

func (p *Printer) record(s Status, err error) {
	p.smu.Lock()
	p.last, p.lastErr, p.lastAt = s, err, time.Now()
	p.smu.Unlock()
}

func (p *Printer) count(f func(*Stats)) {
	p.smu.Lock()
	f(&p.stats)
	p.smu.Unlock()
}

// conn returns the open link, opening the port if needed. Call with mu held.
func (p *Printer) conn() (*link, error) {
	if p.ln != nil && p.ln.err() == nil {
		return p.ln, nil
	}
	if p.ln != nil {
		p.ln = nil
		p.count(func(s *Stats) { s.Reopens++ })
	}
	ln, err := openLink(p.spec)
	if err != nil {
		return nil, err
	}
	p.ln, p.queued = ln, 0
	if p.pad > 0 {
		n := p.pad
		p.pad = 0
		if err := ln.write(make([]byte, n), p.opts.WriteStall); err != nil {
			p.ln = nil
			return nil, err
		}
		p.count(func(s *Stats) { s.Bytes += int64(n) })
	}
	return ln, nil
}

// drop forgets a link that failed, so the next call opens the port again.
func (p *Printer) drop(err error) {
	if p.ln != nil && CodeOf(err) != CodeProtocol {
		p.ln.kill(err)
		p.ln = nil
	}
}

// Status asks the printer for its real-time status (DLE EOT 4, 1 and, when it is
// offline, 2 and 3). The error is ErrGone, ErrTimeout (no answer) or ErrProtocol
// (only noise on the line); a printer out of paper answers fine: read Status.Err.
func (p *Printer) Status(ctx context.Context) (Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.status(ctx)
	p.record(s, err)
	return s, err
}

// Poll is Status for a background watcher: while a receipt is printing it does
// not wait and returns what the print last saw. Before anything was ever seen it
// waits like Status (an empty Status would read as a printer ready).
func (p *Printer) Poll(ctx context.Context) (Status, error) {
	if !p.mu.TryLock() {
		if s, at, err := p.Last(); !at.IsZero() {
			return s, err
		}
		p.mu.Lock()
	}
	defer p.mu.Unlock()
	s, err := p.status(ctx)
	p.record(s, err)
	return s, err
}

func (p *Printer) status(ctx context.Context) (Status, error) {
	ln, err := p.conn()
	if err != nil || p.spec.NoStatus {
		return Status{}, err
	}
	var s Status
	for _, n := range []byte{StatusPaper, StatusPrinter} {
		b, err := p.ask(ctx, ln, n)
		if err != nil {
			p.drop(err)
			return Status{}, err
		}
		s.applyByte(n, b)
	}
	if s.Offline {
		for _, n := range []byte{StatusOffline, StatusError} {
			b, err := p.ask(ctx, ln, n)
			if err != nil {
				p.drop(err)
				return Status{}, err
			}
			s.applyByte(n, b)
		}
	}
	return s, nil
}

// ask sends DLE EOT n and reads its answer, skipping bytes that cannot be one.
func (p *Printer) ask(ctx context.Context, ln *link, n byte) (byte, error) {
	if err := ctx.Err(); err != nil {
		return 0, newErr(CodeTimeout, "status", "cancelled", err)
	}
	ln.drain()
	if err := ln.write(CmdStatus(n), p.opts.WriteStall); err != nil {
		p.pad = 3
		return 0, err
	}
	p.count(func(s *Stats) { s.StatusPolls++; s.Bytes += 3 })
	deadline := time.Now().Add(p.opts.ReplyTimeout + ln.lineTime(p.queued+3))
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	garbage := 0
	for {
		b, err := ln.readByte(deadline)
		if err != nil {
			if CodeOf(err) == CodeTimeout && garbage > 0 {
				return 0, newErr(CodeProtocol, "status", fmt.Sprintf("DLE EOT %d: %d bytes of noise and no status byte", n, garbage), nil)
			}
			if CodeOf(err) == CodeTimeout {
				return 0, newErr(CodeTimeout, "status", fmt.Sprintf("no answer to DLE EOT %d", n), nil)
			}
			return 0, err
		}
		if ValidStatusByte(b) {
			p.queued = 0
			return b, nil
		}
		garbage++
		p.count(func(s *Stats) { s.Garbage++ })
	}
}

// send writes a command, counting its bytes.
func (p *Printer) send(ln *link, b []byte) error {
	if err := ln.write(b, p.opts.WriteStall); err != nil {
		p.pad = len(b) + 1024
		p.drop(err)
		return err
	}
	p.queued += len(b)
	p.count(func(s *Stats) { s.Bytes += int64(len(b)) })
	return nil
}

// Progress reports a print while it runs: rows sent of the bitmap's height.
type Progress struct{ Rows, Total int }

// Print prints a bitmap and cuts the paper. It asks the status first (a printer
// out of paper, open or in error prints nothing) and again between bands: paper
// running out or the cover opened mid-receipt stops the job with ErrPaperOut or
// ErrCoverOpen. A device that vanishes fails with ErrGone, one that stops taking
// data with ErrTimeout, never later than Options.WriteStall. The caller prints
// the whole receipt again once the printer is ready (a partial slip is waste).
func (p *Printer) Print(ctx context.Context, bm *Bitmap, onProgress func(Progress)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count(func(s *Stats) { s.Jobs++ })
	err := p.print(ctx, bm, onProgress)
	if err != nil {
		p.count(func(s *Stats) { s.Failed++ })
	}
	return err
}

func (p *Printer) print(ctx context.Context, bm *Bitmap, onProgress func(Progress)) error {
	if bm.Stride > 255*8 || bm.Width > Width {
		return fmt.Errorf("printer: a bitmap %d dots wide does not fit %d", bm.Width, Width)
	}
	st, err := p.status(ctx)
	p.record(st, err)
	if err != nil {
		return err
	}
	if err := st.Err("print"); err != nil {
		return err
	}
	ln := p.ln
	if err := p.send(ln, CmdInit()); err != nil {
		return err
	}
	rows := 0
	for _, c := range bm.Chunks(p.opts.BandRows) {
		if err := ctx.Err(); err != nil {
			return newErr(CodeTimeout, "print", "cancelled", err)
		}
		if err := p.send(ln, c); err != nil {
			return err
		}
		rows += chunkRows(c)
		if onProgress != nil {
			onProgress(Progress{Rows: rows, Total: bm.Height})
		}
		if len(c) < 64 { // a feed: no need to ask again
			continue
		}
		st, err := p.status(ctx)
		p.record(st, err)
		if err != nil {
			return err
		}
		if err := st.Err("print"); err != nil {
			e := err.(*Error)
			e.Detail = fmt.Sprintf("%s after %d of %d rows", e.Detail, rows, bm.Height)
			return e
		}
	}
	if err := p.send(ln, CmdCut(p.opts.CutFeed)); err != nil {
		return err
	}
	st, err = p.status(ctx)
	p.record(st, err)
	if err != nil {
		return err
	}
	return st.Err("cut")
}

// chunkRows is how many dot rows a chunk of Bitmap.Chunks advances the paper.
func chunkRows(c []byte) int {
	if len(c) >= 8 && c[0] == gs && c[1] == 'v' {
		return int(c[6]) | int(c[7])<<8
	}
	n := 0
	for i := 0; i+2 < len(c); i += 3 {
		n += int(c[i+2])
	}
	return n
}

// PrintReceipt renders r and prints it.
func (p *Printer) PrintReceipt(ctx context.Context, r Receipt, onProgress func(Progress)) error {
	bm, err := Render(r)
	if err != nil {
		return err
	}
	return p.Print(ctx, bm, onProgress)
}
