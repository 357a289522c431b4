package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
)

// Config describes the simulated scanner. The zero value is a KSP-1 with a feeder
// (empty), duplex, 100–300 dpi and a top speed of 921600 baud.
type Config struct {
	Model, Firmware, Serial string
	MaxBaud                 int   // highest SET_BAUD accepted; default 921600
	DPIs                    []int // default 100, 150, 200, 300
	NoFeeder, NoDuplex      bool
	Sheets                  int  // sheets in the feeder at start
	Pace                    bool // send no faster than the line speed allows (10 bits a byte)
	WarmUp                  time.Duration
	PageGap                 time.Duration // between pages
	Resend                  time.Duration // silence before resending from the last ACK; default 500 ms
	VerdictWait             time.Duration // after the last PAGE_END, how long a DATA_NAK(page, 0) may come; default 2 s
	BaudGrace               time.Duration // HELLO deadline after SET_BAUD; default 2 s
	Link                    string        // if set, a symlink kept pointing at the current pty
	Faults                  Faults
	// Pages overrides the page generator (page n of a job).
	Pages func(p ksp.ScanParams, n int) (PageImage, error)
	Logf  func(format string, args ...any)
}

// Faults are misbehaviours injected on demand; set them in Config or with SetFaults.
// Rates are probabilities per DATA frame sent; *Page fields are 1-based page numbers
// of the job and *At fields byte offsets within that page; one-shot faults clear
// themselves once they fired.
type Faults struct {
	CorruptRate float64 // flip a byte of a DATA frame (its CRC no longer matches)
	DropRate    float64 // do not send a DATA frame
	GarbageRate float64 // send 1–40 stray bytes before a frame
	Seed        uint64  // for the rates; 0 picks 1

	StallPage, StallAt int           // pause once before sending this offset of this page...
	Stall              time.Duration // ...for this long
	JamPage, JamAt     int           // the sheet jams at this offset of this page (one-shot)
	PullPage, PullAt   int           // the cable is pulled at this offset of this page (one-shot)
	BadPageCRC         int           // this many PAGE_END frames carry a wrong CRC-32
	NoFeed             bool          // the feeder fails to pick the sheet: JOB_END status 1 (one-shot)
	StuckBaud          bool          // ACK SET_BAUD but stay at the old speed (never comes back)
	BadCommands        int           // this many next commands arrive corrupted (ERROR 7)
	LosePageBegin      int           // this many PAGE_BEGIN frames are lost on the line
	LosePageEnd        int           // this many PAGE_END frames are lost on the line
	Internal           bool          // the next SCAN fails with ERROR 8 (one-shot)
}

// Stats counts what the simulator put on the wire.
type Stats struct {
	WireBytes   int64 // every byte written to the line
	PageBytes   int64 // image bytes of pages completed (each page once)
	DataFrames  int64 // DATA frames sent, resends included
	Resent      int64 // DATA frames sent again (NAK, timeout, page retry)
	Corrupted   int64
	Dropped     int64
	Garbled     int64 // received bytes ignored because the host's speed was wrong
	BadCommands int64 // commands received with a bad CRC
	WindowFull  int64 // times the device waited with its window of 16 frames full
	WindowWait  time.Duration
	Cancels     int64 // CANCEL commands that stopped a running job
}

// Scanner is a simulated KSP-1 device on a pseudo-terminal.
type Scanner struct {
	cfg Config

	verbose  bool
	plugMu   sync.Mutex // Pull and plug
	wmu      sync.Mutex // one frame at a time on the wire; guards paceNext
	paceNext time.Time

	mu         sync.Mutex
	ln         *line
	baud       int
	baudTimer  *time.Timer
	sheets     int
	cover, jam bool
	warming    bool
	job        *job
	faults     Faults
	rng        *rand.Rand
	stats      Stats
	lastPages  []PageImage
	jobDone    chan struct{}
	closed     bool

	wg sync.WaitGroup
}

// ErrClosed is returned by operations on a closed or unplugged simulator.
var ErrClosed = errors.New("sim: device closed or unplugged")

// NewScanner starts a simulated scanner on a new pseudo-terminal.
func NewScanner(cfg Config) (*Scanner, error) {
	if cfg.Model == "" {
		cfg.Model = "KSP-1 simulator"
	}
	if cfg.Firmware == "" {
		cfg.Firmware = "1.4.2"
	}
	if cfg.Serial == "" {
		cfg.Serial = "SIM-000001"
	}
	if cfg.MaxBaud == 0 {
		cfg.MaxBaud = 921600
	}
	if len(cfg.DPIs) == 0 {
		cfg.DPIs = []int{100, 150, 200, 300}
	}
	if cfg.Resend == 0 {
		cfg.Resend = 500 * time.Millisecond
	}
	if cfg.VerdictWait == 0 {
		cfg.VerdictWait = 2 * time.Second
	}
	if cfg.BaudGrace == 0 {
		cfg.BaudGrace = 2 * time.Second
	}
	verbose := cfg.Logf != nil
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	s := &Scanner{cfg: cfg, baud: ksp.PowerOnBaud, sheets: cfg.Sheets, verbose: verbose}
	s.setFaultsLocked(cfg.Faults)
	if err := s.plug(); err != nil {
		return nil, err
	}
	return s, nil
}

// Path is the device path the host opens (the symlink if Config.Link is set).
func (s *Scanner) Path() string {
	if s.cfg.Link != "" {
		return s.cfg.Link
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.path
}

// TTY is the current pseudo-terminal's path ("" while unplugged).
func (s *Scanner) TTY() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.path
}

func (s *Scanner) plug() error {
	s.plugMu.Lock()
	defer s.plugMu.Unlock()
	ln, err := openLine()
	if err != nil {
		return err
	}
	if s.cfg.Link != "" {
		os.Remove(s.cfg.Link)
		if err := os.Symlink(ln.path, s.cfg.Link); err != nil {
			ln.close()
			return fmt.Errorf("sim: link %s: %w", s.cfg.Link, err)
		}
	}
	s.mu.Lock()
	s.ln = ln
	s.baud = ksp.PowerOnBaud
	s.mu.Unlock()
	s.wg.Add(1)
	go s.readLoop(ln)
	return nil
}

// Pull unplugs the cable: the pty vanishes, a running job stops silently.
func (s *Scanner) Pull() {
	s.plugMu.Lock()
	defer s.plugMu.Unlock()
	s.mu.Lock()
	ln := s.ln
	s.ln = nil
	if j := s.job; j != nil {
		j.stop(0)
	}
	s.mu.Unlock()
	if ln != nil {
		if s.cfg.Link != "" {
			os.Remove(s.cfg.Link)
		}
		ln.close()
	}
}

// Replug brings the device back on a new pty, at the power-on speed.
func (s *Scanner) Replug() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.mu.Unlock()
	s.Pull()
	s.waitJob()
	return s.plug()
}

// Close unplugs the device and waits for its goroutines.
func (s *Scanner) Close() error {
	s.mu.Lock()
	s.closed = true
	if s.baudTimer != nil {
		s.baudTimer.Stop()
	}
	s.mu.Unlock()
	s.Pull()
	s.wg.Wait()
	return nil
}

// SetFaults replaces the injected faults.
func (s *Scanner) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFaultsLocked(f)
}

func (s *Scanner) setFaultsLocked(f Faults) {
	if f.Seed == 0 {
		f.Seed = 1
	}
	s.faults = f
	s.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9E3779B97F4A7C15))
}

// Stats returns the counters so far.
func (s *Scanner) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// LastJobPages returns the page files of the last job, in order, as the device
// sent them (pages the host confirmed).
func (s *Scanner) LastJobPages() []PageImage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lastPages)
}

// WaitJob blocks until no job is running.
func (s *Scanner) waitJob() {
	s.mu.Lock()
	ch := s.jobDone
	s.mu.Unlock()
	if ch != nil {
		<-ch
	}
}

// WaitIdle waits up to d for the running job, if any, to end; it reports whether
// the device is idle.
func (s *Scanner) WaitIdle(d time.Duration) bool {
	s.mu.Lock()
	ch := s.jobDone
	s.mu.Unlock()
	if ch == nil {
		return true
	}
	select {
	case <-ch:
		return true
	case <-time.After(d):
		return false
	}
}

// Baud is the device's current line speed.
func (s *Scanner) Baud() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baud
}

// Sheets is how many sheets are left in the feeder.
func (s *Scanner) Sheets() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sheets
}

// InsertPaper puts n sheets in the feeder (EVENT paper inserted).
func (s *Scanner) InsertPaper(n int) {
	s.mu.Lock()
	s.sheets += n
	s.mu.Unlock()
	s.event(ksp.EvPaperIn)
}

// RemovePaper empties the feeder (EVENT paper removed).
func (s *Scanner) RemovePaper() {
	s.mu.Lock()
	s.sheets = 0
	s.mu.Unlock()
	s.event(ksp.EvPaperOut)
}

// PressButton presses the scan button (EVENT 3).
func (s *Scanner) PressButton() { s.event(ksp.EvButton) }

// OpenCover opens the cover (EVENT 4); a running job ends with JOB_END status 4.
func (s *Scanner) OpenCover() {
	s.mu.Lock()
	s.cover = true
	if s.job != nil {
		s.job.stop(ksp.JobCoverOpened)
	}
	s.mu.Unlock()
	s.event(ksp.EvCoverOpened)
}

// CloseCover closes the cover (EVENT 5).
func (s *Scanner) CloseCover() {
	s.mu.Lock()
	s.cover = false
	s.mu.Unlock()
	s.event(ksp.EvCoverClosed)
}

// ClearJam removes the jammed sheet.
func (s *Scanner) ClearJam() {
	s.mu.Lock()
	s.jam = false
	s.mu.Unlock()
}

func (s *Scanner) event(e byte) { s.send(ksp.Event, 0, []byte{e}) }

func (s *Scanner) info() []byte {
	dpis := make([]string, len(s.cfg.DPIs))
	for i, d := range s.cfg.DPIs {
		dpis[i] = strconv.Itoa(d)
	}
	b := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	return ksp.FormatInfo("model", s.cfg.Model, "fw", s.cfg.Firmware, "serial", s.cfg.Serial,
		"maxbaud", strconv.Itoa(s.cfg.MaxBaud), "dpi", strings.Join(dpis, ","),
		"feeder", b(!s.cfg.NoFeeder), "duplex", b(!s.cfg.NoDuplex))
}

func (s *Scanner) state() byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	var f byte
	if s.sheets > 0 {
		f |= ksp.FlagPaper
	}
	if s.cover {
		f |= ksp.FlagCover
	}
	if s.jam {
		f |= ksp.FlagJam
	}
	if s.job != nil {
		f |= ksp.FlagBusy
	}
	if s.warming {
		f |= ksp.FlagWarming
	}
	return f
}

// send writes one frame; see write.
func (s *Scanner) send(typ, seq byte, payload []byte) error {
	return s.write(ksp.AppendFrame(nil, typ, seq, payload))
}

// write puts bytes on the line, paced to the line speed if configured. While the
// host's port is set to another speed than the device's, the bytes are lost (the
// host would only see noise).
func (s *Scanner) write(b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	ln, baud := s.ln, s.baud
	s.mu.Unlock()
	if ln == nil {
		return ErrClosed
	}
	if hb := ln.hostBaud(); hb != 0 && hb != baud {
		return nil
	}
	var until time.Time
	if s.cfg.Pace {
		// A line that has been busy stays busy: a late wake-up from the last
		// sleep is caught up, not added to the page time. Only after a real pause
		// does the line start from now.
		now := time.Now()
		start := s.paceNext
		if now.Sub(start) > 20*time.Millisecond {
			start = now
		}
		until = start.Add(time.Duration(len(b)) * 10 * time.Second / time.Duration(baud))
		s.paceNext = until
	}
	if _, err := ln.master.Write(b); err != nil {
		return fmt.Errorf("%w: %v", ErrClosed, err)
	}
	s.mu.Lock()
	s.stats.WireBytes += int64(len(b))
	s.mu.Unlock()
	if !until.IsZero() {
		time.Sleep(time.Until(until))
	}
	return nil
}

func (s *Scanner) readLoop(ln *line) {
	defer s.wg.Done()
	buf := make([]byte, 8192)
	var dec ksp.Decoder
	for {
		n, err := ln.master.Read(buf)
		if err != nil {
			return
		}
		s.mu.Lock()
		baud := s.baud
		s.mu.Unlock()
		if hb := ln.hostBaud(); hb != 0 && hb != baud {
			s.mu.Lock()
			s.stats.Garbled += int64(n)
			s.mu.Unlock()
			continue
		}
		dec.Write(buf[:n])
		for {
			f, err := dec.Next()
			if errors.Is(err, ksp.ErrIncomplete) {
				break
			}
			if err != nil {
				s.mu.Lock()
				s.stats.BadCommands++
				s.mu.Unlock()
				s.send(ksp.Error, 0, ksp.ErrorPayload(ksp.ErrCodeBadFrame, "bad frame"))
				continue
			}
			s.handle(f)
		}
	}
}

func (s *Scanner) handle(f ksp.Frame) {
	if f.Type != ksp.DataAck && f.Type != ksp.DataNak {
		s.mu.Lock()
		bad := s.faults.BadCommands > 0
		if bad {
			s.faults.BadCommands--
			s.stats.BadCommands++
		}
		s.mu.Unlock()
		if bad {
			s.send(ksp.Error, 0, ksp.ErrorPayload(ksp.ErrCodeBadFrame, "bad frame"))
			return
		}
	}
	if s.verbose {
		s.cfg.Logf("sim: <- %v", f)
	}
	switch f.Type {
	case ksp.Hello:
		s.mu.Lock()
		if s.baudTimer != nil {
			s.baudTimer.Stop()
			s.baudTimer = nil
		}
		s.mu.Unlock()
		s.send(ksp.Info, f.Seq, s.info())
	case ksp.Status:
		s.send(ksp.State, f.Seq, []byte{s.state()})
	case ksp.SetBaud:
		s.setBaud(f)
	case ksp.Scan:
		s.startScan(f)
	case ksp.Cancel:
		s.mu.Lock()
		if s.job != nil {
			s.job.stop(ksp.JobCancelled)
			s.stats.Cancels++
		}
		s.mu.Unlock()
		s.send(ksp.Ack, f.Seq, nil)
	case ksp.DataAck, ksp.DataNak:
		page, off, err := ksp.ParsePageOffset(f.Payload)
		if err != nil {
			return
		}
		s.mu.Lock()
		j := s.job
		s.mu.Unlock()
		if j != nil {
			select {
			case j.ctl <- ctlMsg{nak: f.Type == ksp.DataNak, page: page, off: uint32(off)}:
			default:
			}
		}
	default:
		s.send(ksp.Error, f.Seq, ksp.ErrorPayload(ksp.ErrCodeUnknown, "unknown command "+ksp.TypeName(f.Type)))
	}
}

func (s *Scanner) setBaud(f ksp.Frame) {
	baud, err := ksp.ParseBaud(f.Payload)
	if err != nil || !slices.Contains(ksp.Bauds, baud) || baud > s.cfg.MaxBaud {
		s.send(ksp.Error, f.Seq, ksp.ErrorPayload(ksp.ErrCodeBadParam, "unsupported baud rate"))
		return
	}
	s.mu.Lock()
	busy := s.job != nil
	s.mu.Unlock()
	if busy {
		s.send(ksp.Error, f.Seq, ksp.ErrorPayload(ksp.ErrCodeBusy, "job running"))
		return
	}
	s.send(ksp.Ack, f.Seq, nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.StuckBaud {
		return
	}
	s.baud = baud
	if s.baudTimer != nil {
		s.baudTimer.Stop()
	}
	s.baudTimer = time.AfterFunc(s.cfg.BaudGrace, func() {
		s.mu.Lock()
		s.baud = ksp.PowerOnBaud
		s.baudTimer = nil
		s.mu.Unlock()
		s.cfg.Logf("sim: no HELLO at %d baud, back to %d", baud, ksp.PowerOnBaud)
	})
}
