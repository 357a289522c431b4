package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// PrinterConfig describes a simulated 80 mm ESC/POS receipt printer.
type PrinterConfig struct {
	Baud int    // line speed for pacing; default 115200
	Pace bool   // take bytes no faster than Baud allows (10 bits a byte)
	Link string // if set, a symlink kept pointing at the current pty
	// OutDir, if set, receives receipt-NNN.png and receipt-NNN.json at each cut.
	OutDir string
	// PaperRows is how many dot rows of paper are left on the roll; 0: endless.
	// When it runs out mid-receipt the printer goes offline (paper end).
	PaperRows int
	// NearEndRows: the near-end sensor trips once fewer rows than this are left
	// (with PaperRows); default 2000 (25 cm).
	NearEndRows int
	// RawRealTime: answer DLE EOT wherever its three bytes appear in the stream,
	// inside a picture's data too, the moment they arrive (as many printers do);
	// otherwise only DLE EOT commands between other commands are answered.
	RawRealTime bool
	Logf        func(format string, args ...any)
}

// StatusMode is how the simulated printer answers DLE EOT.
type StatusMode int

// Status modes: the real behaviour, and two faults of the status line.
const (
	StatusNormal  StatusMode = iota
	StatusMute               // never answers
	StatusGarbage            // answers noise that is no status byte
	StatusNoisy              // puts noise before each right answer
	StatusLate               // answers right, but LateAnswer after the request
)

// LateAnswer is how long a StatusLate printer takes to answer.
const LateAnswer = 400 * time.Millisecond

// PrintedReceipt is what the printer put on paper between two cuts.
type PrintedReceipt struct {
	N        int         `json:"n"` // 1-based, in the order of the cuts
	Image    *image.Gray `json:"-"`
	Width    int         `json:"width"`
	Rows     int         `json:"rows"`     // dot rows on paper (feeds included)
	Bands    int         `json:"bands"`    // GS v 0 commands
	Bytes    int         `json:"bytes"`    // bytes received for it, status requests included
	Text     []string    `json:"text"`     // lines printed with the printer's own font
	Cut      string      `json:"cut"`      // "full" or "partial"
	LostRows int         `json:"lostRows"` // rows sent while the printer could not print them
	Complete bool        `json:"complete"` // nothing was lost
	Status   int         `json:"statusRequests"`
	Unknown  int         `json:"unknownBytes"` // bytes no command the simulator knows
	Start    time.Time   `json:"start"`        // first byte of the receipt
	CutAt    time.Time   `json:"cutAt"`
	PNG      string      `json:"png,omitempty"`

	written chan struct{} // closed once the PNG and JSON files are on disk (OutDir)
}

// Printer is a simulated receipt printer on a pseudo-terminal. It decodes what it
// receives (ESC @, GS v 0 raster, ESC J and ESC d feeds, text lines, GS V cuts,
// DLE EOT status requests, mode commands) and answers DLE EOT at once, as ESC/POS
// printers do even mid-job.
type Printer struct {
	cfg PrinterConfig

	plugMu sync.Mutex
	mu     sync.Mutex
	cond   *sync.Cond
	ln     *line
	closed bool

	paperOut, nearEnd, cover, cutterErr bool
	paperLeft                           int // with cfg.PaperRows; -1 endless
	stalled                             bool
	mode                                StatusMode

	page     *PrintedReceipt // the slip being printed
	rows     [][]byte
	receipts []PrintedReceipt
	statusN  int
	wg       sync.WaitGroup
	files    sync.WaitGroup // receipts' files being written
}

// NewPrinter starts a simulated printer on a new pseudo-terminal.
func NewPrinter(cfg PrinterConfig) (*Printer, error) {
	if cfg.Baud == 0 {
		cfg.Baud = 115200
	}
	if cfg.NearEndRows == 0 {
		cfg.NearEndRows = 2000
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.OutDir != "" {
		if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
			return nil, fmt.Errorf("sim: printer output: %w", err)
		}
	}
	p := &Printer{cfg: cfg, paperLeft: -1}
	p.cond = sync.NewCond(&p.mu)
	if cfg.PaperRows > 0 {
		p.paperLeft = cfg.PaperRows
	}
	if err := p.plug(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Printer) plug() error {
	p.plugMu.Lock()
	defer p.plugMu.Unlock()
	ln, err := openLine()
	if err != nil {
		return err
	}
	if p.cfg.Link != "" {
		os.Remove(p.cfg.Link)
		if err := os.Symlink(ln.path, p.cfg.Link); err != nil {
			ln.close()
			return fmt.Errorf("sim: link %s: %w", p.cfg.Link, err)
		}
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go p.readLoop(ln)
	return nil
}

// Path is the device path the host opens (the symlink if Link is set).
func (p *Printer) Path() string {
	if p.cfg.Link != "" {
		return p.cfg.Link
	}
	return p.TTY()
}

// TTY is the current pseudo-terminal's path ("" while unplugged).
func (p *Printer) TTY() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		return ""
	}
	return p.ln.path
}

// Pull unplugs the cable: the pty vanishes; what was printed so far stays on the
// paper, uncut.
func (p *Printer) Pull() {
	p.plugMu.Lock()
	defer p.plugMu.Unlock()
	p.mu.Lock()
	ln := p.ln
	p.ln = nil
	p.stalled = false
	p.cond.Broadcast()
	p.mu.Unlock()
	if ln != nil {
		if p.cfg.Link != "" {
			os.Remove(p.cfg.Link)
		}
		ln.close()
	}
}

// Replug brings the printer back on a new pty (power-on state: the half-printed
// slip is torn off).
func (p *Printer) Replug() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	p.mu.Unlock()
	p.Pull()
	p.wg.Wait()
	p.mu.Lock()
	p.tearLocked()
	p.mu.Unlock()
	return p.plug()
}

// Close unplugs the printer for good.
func (p *Printer) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.Pull()
	p.wg.Wait()
	p.files.Wait() // no cut can come any more: the line is gone
	return nil
}

// SetPaperOut empties the roll (true) or loads a new one (false: endless unless
// SetPaperRows says otherwise). Loading a roll tears off a half-printed slip.
func (p *Printer) SetPaperOut(out bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paperOut = out
	if out {
		p.paperLeft = 0
	} else {
		p.paperLeft = -1
		p.nearEnd = false
		p.tearLocked()
	}
}

// SetPaperRows leaves n dot rows of paper on the roll: it runs out after them.
func (p *Printer) SetPaperRows(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paperLeft, p.paperOut = n, n == 0
}

// SetNearEnd sets the near-end sensor.
func (p *Printer) SetNearEnd(on bool) { p.set(&p.nearEnd, on) }

// SetCoverOpen opens or closes the cover; printing stops while it is open.
func (p *Printer) SetCoverOpen(open bool) { p.set(&p.cover, open) }

// SetCutterError jams the cutter (true) or clears it.
func (p *Printer) SetCutterError(on bool) { p.set(&p.cutterErr, on) }

// SetStall stops (true) or resumes taking bytes from the line: the host's writes
// fill the line's buffer and block, as with a printer that hung.
func (p *Printer) SetStall(on bool) {
	p.set(&p.stalled, on)
	p.cond.Broadcast()
}

// SetStatusMode makes status requests go unanswered or answered with noise.
func (p *Printer) SetStatusMode(m StatusMode) {
	p.mu.Lock()
	p.mode = m
	p.mu.Unlock()
}

func (p *Printer) set(f *bool, v bool) {
	p.mu.Lock()
	*f = v
	p.mu.Unlock()
}

// Receipts returns every slip cut so far.
func (p *Printer) Receipts() []PrintedReceipt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.receipts)
}

// StatusRequests counts DLE EOT requests received.
func (p *Printer) StatusRequests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statusN
}

// WaitReceipts waits until n slips have been cut (and, with OutDir, their files
// written) and returns them.
func (p *Printer) WaitReceipts(ctx context.Context, n int) ([]PrintedReceipt, error) {
	for {
		if r := p.Receipts(); len(r) >= n {
			for _, x := range r {
				if x.written == nil {
					continue
				}
				select {
				case <-x.written:
				case <-ctx.Done():
					return r, fmt.Errorf("sim: receipt %d's files not written: %w", x.N, ctx.Err())
				}
			}
			return r, nil
		}
		select {
		case <-ctx.Done():
			return p.Receipts(), fmt.Errorf("sim: %d of %d receipts cut: %w", len(p.Receipts()), n, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (p *Printer) readLoop(ln *line) {
	defer p.wg.Done()
	dec := &escposDecoder{p: p, raw: p.cfg.RawRealTime}
	dec.late = func(b []byte) {
		time.AfterFunc(LateAnswer, func() { ln.master.Write(b) }) // fails harmlessly once unplugged
	}
	var tail []byte // the last two bytes, for a DLE EOT split across reads
	buf := make([]byte, 4096)
	var paceStart time.Time
	var paced int64
	for {
		p.mu.Lock()
		for p.stalled && p.ln == ln {
			p.cond.Wait()
		}
		p.mu.Unlock()
		chunk := buf
		if p.cfg.Pace {
			chunk = buf[:256]
		}
		n, err := ln.master.Read(chunk)
		if n > 0 {
			if p.cfg.Pace {
				now := time.Now()
				if paceStart.IsZero() || now.Sub(paceStart) > p.lineTime(paced)+50*time.Millisecond {
					paceStart, paced = now, 0 // the line was idle: start afresh
				}
				paced += int64(n)
				time.Sleep(time.Until(paceStart.Add(p.lineTime(paced))))
			}
			if p.cfg.RawRealTime {
				var reply []byte
				reply, tail = p.rawRealTime(append(tail, chunk[:n]...))
				if len(reply) > 0 {
					if _, werr := ln.master.Write(reply); werr != nil {
						return
					}
				}
			}
			if reply := dec.feed(chunk[:n]); len(reply) > 0 {
				if _, werr := ln.master.Write(reply); werr != nil {
					return
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// rawRealTime answers every DLE EOT n (n 1..4) in b and returns the bytes to keep
// for the next read (a sequence may be split across reads).
func (p *Printer) rawRealTime(b []byte) (reply, tail []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	i := 0
	for ; i+2 < len(b); i++ {
		if b[i] == 0x10 && b[i+1] == 0x04 && b[i+2] >= 1 && b[i+2] <= 4 {
			reply = append(reply, p.statusByteLocked(b[i+2]))
			i += 2
		}
	}
	return reply, append([]byte(nil), b[i:]...)
}

func (p *Printer) lineTime(n int64) time.Duration {
	return time.Duration(n) * 10 * time.Second / time.Duration(p.cfg.Baud)
}

// statusByteLocked answers DLE EOT n from the printer's state.
func (p *Printer) statusByteLocked(n byte) byte {
	b := byte(0x12)
	offline := p.paperOut || p.cover || p.cutterErr
	switch n {
	case 1:
		if offline {
			b |= 0x08
		}
	case 2:
		if p.cover {
			b |= 0x04
		}
		if p.paperOut {
			b |= 0x20
		}
		if p.cutterErr {
			b |= 0x40
		}
	case 3:
		if p.cutterErr {
			b |= 0x08
		}
	case 4:
		if p.nearEnd || (p.paperLeft >= 0 && p.paperLeft < p.cfg.NearEndRows) {
			b |= 0x0C
		}
		if p.paperOut {
			b |= 0x60
		}
	}
	return b
}

// slipLocked is the slip being printed, started if need be.
func (p *Printer) slipLocked() *PrintedReceipt {
	if p.page == nil {
		p.page = &PrintedReceipt{Width: 576, Start: time.Now()}
		p.rows = nil
	}
	return p.page
}

// printRowsLocked puts rows on paper, or loses them when the printer cannot print.
func (p *Printer) printRowsLocked(rows [][]byte) {
	s := p.slipLocked()
	for _, r := range rows {
		if p.paperOut || p.cover || p.cutterErr {
			s.LostRows++
			continue
		}
		p.rows = append(p.rows, r)
		if p.paperLeft > 0 {
			p.paperLeft--
			if p.paperLeft == 0 {
				p.paperOut = true
				p.cfg.Logf("printer sim: paper ran out")
			}
		}
	}
}

// tearLocked throws away a half-printed slip (a new roll, a power cycle).
func (p *Printer) tearLocked() {
	p.page, p.rows = nil, nil
}

// cutLocked ends the slip: it becomes a PrintedReceipt (and files, with OutDir).
func (p *Printer) cutLocked(kind string) {
	s := p.slipLocked()
	if p.cutterErr {
		return // the blade does not move: the slip stays on the roll
	}
	s.N = len(p.receipts) + 1
	s.Cut, s.CutAt = kind, time.Now()
	s.Rows = len(p.rows)
	s.Complete = s.LostRows == 0
	s.Image = rowsImage(p.rows, s.Width)
	if p.cfg.OutDir != "" {
		// The files are written beside the line, not on it: a status request right
		// after the cut is answered at once, as a printer's would be.
		base := filepath.Join(p.cfg.OutDir, fmt.Sprintf("receipt-%03d", s.N))
		s.PNG = base + ".png"
		s.written = make(chan struct{})
		rec := *s
		p.files.Add(1)
		go func() {
			defer p.files.Done()
			defer close(rec.written)
			if err := writePNG(rec.PNG, rec.Image); err != nil {
				p.cfg.Logf("printer sim: %v", err)
			}
			if b, err := json.MarshalIndent(rec, "", "  "); err == nil {
				if err := os.WriteFile(base+".json", append(b, '\n'), 0o644); err != nil {
					p.cfg.Logf("printer sim: %v", err)
				}
			}
		}()
	}
	p.receipts = append(p.receipts, *s)
	p.cfg.Logf("printer sim: receipt %d cut: %d rows, %d bytes, complete=%v", s.N, s.Rows, s.Bytes, s.Complete)
	p.page, p.rows = nil, nil
}

func rowsImage(rows [][]byte, width int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, width, len(rows)))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y, r := range rows {
		for x := 0; x < width && x/8 < len(r); x++ {
			if r[x/8]&(0x80>>(x%8)) != 0 {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
	return img
}

func writePNG(path string, img image.Image) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
