package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
	"github.com/tarm/serial"
)

// SerialOptions tune the KSP-1 driver. The zero value follows the datasheet.
type SerialOptions struct {
	// MaxBaud caps the speed negotiated with SET_BAUD; 0 means 921600, and
	// 115200 keeps the power-on speed.
	MaxBaud int
	// ReadTimeout is the port's read timeout (always set: without one, Close would
	// block behind a pending read); default 100 ms.
	ReadTimeout time.Duration
	// ReplyTimeout bounds the wait for an answer to a command; default 1 s
	// (devices answer within 200 ms).
	ReplyTimeout time.Duration
	// JobTimeout is the silence during a job after which the device counts as not
	// answering; default 10 s.
	JobTimeout time.Duration
	// BaudGrace is how long a device waits for HELLO after SET_BAUD before it falls
	// back to 115200; default 2 s.
	BaudGrace time.Duration
	// Reconnect, if positive, makes the driver try to reopen the port this often
	// after the device vanished (Events: EventGone, then EventBack).
	Reconnect time.Duration
	// WaitForDevice (with Reconnect) makes OpenSerial succeed even when the
	// device cannot be reached yet: calls fail with ErrGone until Events reports
	// EventBack. For a kiosk that boots with the scanner unplugged.
	WaitForDevice bool
	// Logf receives diagnostics; nil discards them.
	Logf func(format string, args ...any)
}

func (o SerialOptions) withDefaults() SerialOptions {
	if o.MaxBaud == 0 {
		o.MaxBaud = 921600
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout = 100 * time.Millisecond
	}
	if o.ReplyTimeout == 0 {
		o.ReplyTimeout = time.Second
	}
	if o.JobTimeout == 0 {
		o.JobTimeout = 10 * time.Second
	}
	if o.BaudGrace == 0 {
		o.BaudGrace = 2 * time.Second
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// Info is what the device says about itself in answer to HELLO.
type Info struct {
	Model, Firmware, Serial string
	MaxBaud                 int
	DPIs                    []int
	Feeder, Duplex          bool
	Raw                     map[string]string // every key, including unknown ones
}

// ParseInfo reads INFO's text; model, fw, serial, maxbaud, dpi, feeder and duplex
// are required.
func ParseInfo(text string) (Info, error) {
	m, err := ksp.ParseInfo([]byte(text))
	if err != nil {
		return Info{}, err
	}
	for _, k := range []string{"model", "fw", "serial", "maxbaud", "dpi", "feeder", "duplex"} {
		if _, ok := m[k]; !ok {
			return Info{}, fmt.Errorf("INFO: no %q", k)
		}
	}
	inf := Info{Model: m["model"], Firmware: m["fw"], Serial: m["serial"], Raw: m}
	if inf.MaxBaud, err = strconv.Atoi(m["maxbaud"]); err != nil {
		return Info{}, fmt.Errorf("INFO: maxbaud %q: %w", m["maxbaud"], err)
	}
	for _, d := range strings.Split(m["dpi"], ",") {
		n, err := strconv.Atoi(strings.TrimSpace(d))
		if err != nil {
			return Info{}, fmt.Errorf("INFO: dpi %q: %w", m["dpi"], err)
		}
		inf.DPIs = append(inf.DPIs, n)
	}
	inf.Feeder, inf.Duplex = m["feeder"] == "1", m["duplex"] == "1"
	return inf, nil
}

// SerialStats counts what the driver saw.
type SerialStats struct {
	Frames        int64 // good frames received
	BadFrames     int64 // dropped for a bad CRC or length
	Garbage       int64 // bytes skipped between frames
	Acks, Naks    int64 // DATA_ACK and DATA_NAK sent
	Duplicates    int64 // DATA frames already received
	PageRetries   int64 // pages asked again after a CRC-32 mismatch
	BaudFallbacks int64 // SET_BAUD attempts that did not come back
	Reconnects    int64
	// Pages received intact, their bytes, and the time from each PAGE_BEGIN to
	// the page verified, summed (for throughput figures).
	Pages        int64
	PageBytes    int64
	TransferTime time.Duration
}

// Serial is a KSP-1 scanner on a serial port. It is safe for concurrent use; one
// Scan runs at a time.
type Serial struct {
	path string
	opts SerialOptions

	cmdMu  sync.Mutex // one command exchange at a time
	scanMu sync.Mutex // one job at a time
	wmu    sync.Mutex // one frame at a time on the wire

	mu       sync.Mutex
	cur      *conn
	info     Info
	seq      byte
	pending  map[byte]chan ksp.Frame
	badFrame chan struct{}
	job      *receiver
	events   chan Event
	closed   bool
	stats    SerialStats
	bg       sync.WaitGroup
	stop     chan struct{}
}

// conn is one opening of the port.
type conn struct {
	port interface {
		io.ReadWriteCloser
		Flush() error
	}
	baud  int
	down  chan struct{} // closed when this opening ends
	once  sync.Once
	err   error // why it ended
	quiet bool  // ended on purpose (speed change, Close): no EventGone
	done  chan struct{}
}

func (c *conn) end(err error, quiet bool) bool {
	first := false
	c.once.Do(func() {
		c.err, c.quiet, first = err, quiet, true
		close(c.down)
		c.port.Close()
	})
	return first
}

// OpenSerial opens the KSP-1 scanner at path: HELLO, then SET_BAUD to the highest
// speed both ends support (back to 115200 if the device does not come back). It
// fails with ErrGone if the port cannot be opened and ErrTimeout if nothing
// answers HELLO.
func OpenSerial(ctx context.Context, path string, opts SerialOptions) (*Serial, error) {
	s := &Serial{
		path: path, opts: opts.withDefaults(),
		pending:  map[byte]chan ksp.Frame{},
		badFrame: make(chan struct{}, 1),
		events:   make(chan Event, 32),
		stop:     make(chan struct{}),
	}
	if err := s.connect(ctx); err != nil {
		if !s.opts.WaitForDevice || s.opts.Reconnect <= 0 || ctx.Err() != nil {
			return nil, err
		}
		s.opts.Logf("scanner: %s not there yet (%v); waiting for it", path, err)
		s.bg.Add(1)
		go s.reconnectLoop()
	}
	return s, nil
}

// Path is the port this driver opens.
func (s *Serial) Path() string { return s.path }

// Info is the device's answer to the last HELLO.
func (s *Serial) Info() Info {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

// Baud is the current line speed (0 while the device is gone).
func (s *Serial) Baud() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		return 0
	}
	return s.cur.baud
}

// Stats returns the counters so far.
func (s *Serial) Stats() SerialStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Events delivers unsolicited events; it is closed by Close.
func (s *Serial) Events() <-chan Event { return s.events }

func (s *Serial) emit(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	select {
	case s.events <- e:
	default:
		s.opts.Logf("scanner: event %v dropped (nobody reading)", e.Kind)
	}
}

// dial opens the port at baud and starts its reader.
func (s *Serial) dial(baud int) (*conn, error) {
	p, err := serial.OpenPort(&serial.Config{Name: s.path, Baud: baud, ReadTimeout: s.opts.ReadTimeout})
	if err != nil {
		return nil, newErr(CodeGone, "open", s.path, err)
	}
	p.Flush() // stale bytes from before are not for us
	c := &conn{port: p, baud: baud, down: make(chan struct{}), done: make(chan struct{})}
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	go s.readLoop(c)
	return c, nil
}

// hangUp ends c on purpose and waits for its reader.
func (s *Serial) hangUp(c *conn) {
	c.end(newErr(CodeGone, "", "port closed", nil), true)
	<-c.done
	s.mu.Lock()
	if s.cur == c {
		s.cur = nil
	}
	s.mu.Unlock()
}

func (s *Serial) connect(ctx context.Context) error {
	c, err := s.dial(ksp.PowerOnBaud)
	if err != nil {
		return err
	}
	info, err := s.hello(ctx, 2)
	if errors.Is(err, ErrTimeout) {
		// Silent at the power-on speed: the device may still run at a speed an
		// earlier host set (the kiosk restarted, the device did not). Look for it.
		s.hangUp(c)
		found := false
		for i := len(ksp.Bauds) - 1; i > 0 && !found; i-- {
			if c, err = s.dial(ksp.Bauds[i]); err != nil {
				return err
			}
			if info, err = s.hello(ctx, 1); err == nil {
				s.opts.Logf("scanner: %s answers at %d baud", s.path, ksp.Bauds[i])
				found = true
			} else {
				s.hangUp(c)
			}
		}
		if !found {
			return newErr(CodeTimeout, "hello", fmt.Sprintf("%s does not answer at any speed", s.path), nil)
		}
	}
	if err != nil {
		s.hangUp(c)
		return err
	}
	s.mu.Lock()
	s.info = info
	s.mu.Unlock()
	target := 0
	for _, b := range ksp.Bauds {
		if b <= info.MaxBaud && b <= s.opts.MaxBaud {
			target = b
		}
	}
	if target > ksp.PowerOnBaud && target != c.baud {
		return s.raiseBaud(ctx, target)
	}
	return nil
}

func (s *Serial) hello(ctx context.Context, attempts int) (Info, error) {
	var err error
	for i := 0; i < attempts; i++ {
		var f ksp.Frame
		f, err = s.command(ctx, "hello", ksp.Hello, nil)
		if err == nil {
			info, perr := ParseInfo(string(f.Payload))
			if perr != nil {
				return Info{}, newErr(CodeProtocol, "hello", "", perr)
			}
			return info, nil
		}
		if !errors.Is(err, ErrTimeout) {
			break
		}
	}
	return Info{}, err
}

// raiseBaud switches the line to baud, or back to 115200 when the device does not
// answer at the new speed.
func (s *Serial) raiseBaud(ctx context.Context, baud int) error {
	if _, err := s.command(ctx, "set baud", ksp.SetBaud, ksp.BaudPayload(baud)); err != nil {
		if errors.Is(err, ErrGone) || ctx.Err() != nil {
			return err
		}
		s.opts.Logf("scanner: SET_BAUD %d refused (%v); staying at %d", baud, err, ksp.PowerOnBaud)
		return nil
	}
	acked := time.Now()
	s.mu.Lock()
	old := s.cur
	s.mu.Unlock()
	if old != nil {
		s.hangUp(old)
	}
	if _, err := s.dial(baud); err != nil {
		return err
	}
	info, err := s.hello(ctx, 2)
	if err == nil {
		s.mu.Lock()
		s.info = info
		s.mu.Unlock()
		return nil
	}
	if errors.Is(err, ErrGone) || ctx.Err() != nil {
		return err
	}
	// The device did not come back at the new speed: it returns to 115200 once its
	// grace period is over.
	s.opts.Logf("scanner: no answer at %d baud; falling back to %d", baud, ksp.PowerOnBaud)
	s.mu.Lock()
	s.stats.BaudFallbacks++
	c := s.cur
	s.mu.Unlock()
	if c != nil {
		s.hangUp(c)
	}
	wait := time.Until(acked.Add(s.opts.BaudGrace + 100*time.Millisecond))
	select {
	case <-time.After(wait):
	case <-ctx.Done():
		return newErr(CodeCancelled, "set baud", "", ctx.Err())
	}
	if _, err := s.dial(ksp.PowerOnBaud); err != nil {
		return err
	}
	if info, err = s.hello(ctx, 2); err != nil {
		return err
	}
	s.mu.Lock()
	s.info = info
	s.mu.Unlock()
	return nil
}

// Reconnect reopens the port after the device vanished (or at any time: the
// current opening is closed first).
func (s *Serial) Reconnect(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return newErr(CodeGone, "reconnect", "closed", nil)
	}
	c := s.cur
	s.mu.Unlock()
	if c != nil {
		s.hangUp(c)
	}
	if err := s.connect(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	s.stats.Reconnects++
	s.mu.Unlock()
	return nil
}

func (s *Serial) reconnectLoop() {
	defer s.bg.Done()
	t := time.NewTicker(s.opts.Reconnect)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.opts.BaudGrace+3*s.opts.ReplyTimeout)
		go func() {
			select {
			case <-s.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		err := s.Reconnect(ctx)
		cancel()
		if err == nil {
			s.emit(Event{Kind: EventBack})
			return
		}
		s.opts.Logf("scanner: reconnect %s: %v", s.path, err)
	}
}

// Close closes the port, unblocks every waiting call with ErrGone and closes Events.
func (s *Serial) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	c := s.cur
	s.mu.Unlock()
	if c != nil {
		s.hangUp(c)
	}
	s.bg.Wait()
	s.mu.Lock()
	close(s.events)
	s.mu.Unlock()
	return nil
}

func (s *Serial) conn(op string) (*conn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, newErr(CodeGone, op, "closed", nil)
	}
	if s.cur == nil {
		return nil, newErr(CodeGone, op, "device not connected", nil)
	}
	return s.cur, nil
}

// nextSeqLocked is the SEQ of the next host frame: incremented per frame, never 0
// (device-initiated frames carry 0). Call with s.mu held.
func (s *Serial) nextSeqLocked() byte {
	s.seq++
	if s.seq == 0 {
		s.seq = 1
	}
	return s.seq
}

// nextSeq is nextSeqLocked for callers without s.mu.
func (s *Serial) nextSeq() byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextSeqLocked()
}

// send writes one frame on c; a failed write means the device is gone.
func (s *Serial) send(c *conn, typ, seq byte, payload []byte) error {
	b := ksp.AppendFrame(nil, typ, seq, payload)
	s.wmu.Lock()
	_, err := c.port.Write(b)
	s.wmu.Unlock()
	if err != nil {
		s.lost(c, err)
		return newErr(CodeGone, "write", s.path, err)
	}
	return nil
}

// command sends a command and waits for the answer with its SEQ. An ERROR answer
// becomes an *Error; a command the device received corrupted (ERROR 7) is sent
// again, up to three times.
func (s *Serial) command(ctx context.Context, op string, typ byte, payload []byte) (ksp.Frame, error) {
	s.cmdMu.Lock()
	defer s.cmdMu.Unlock()
	c, err := s.conn(op)
	if err != nil {
		return ksp.Frame{}, err
	}
	s.mu.Lock()
	seq := s.nextSeqLocked()
	ch := make(chan ksp.Frame, 1)
	s.pending[seq] = ch
	s.mu.Unlock()
	select {
	case <-s.badFrame: // stale notice
	default:
	}
	defer func() {
		s.mu.Lock()
		delete(s.pending, seq)
		s.mu.Unlock()
	}()
	t := time.NewTimer(s.opts.ReplyTimeout)
	defer t.Stop()
	for resends := 0; ; resends++ {
		if err := s.send(c, typ, seq, payload); err != nil {
			return ksp.Frame{}, newErr(CodeGone, op, "", err)
		}
		select {
		case f := <-ch:
			if f.Type == ksp.Error {
				return f, deviceError(op, f.Payload)
			}
			return f, nil
		case <-s.badFrame:
			if resends < 3 {
				s.opts.Logf("scanner: device got %s corrupted; sending again", ksp.TypeName(typ))
				continue
			}
			return ksp.Frame{}, newErr(CodeProtocol, op, "command corrupted on the line 4 times", nil)
		case <-t.C:
			return ksp.Frame{}, newErr(CodeTimeout, op, fmt.Sprintf("no answer to %s within %v", ksp.TypeName(typ), s.opts.ReplyTimeout), nil)
		case <-c.down:
			return ksp.Frame{}, newErr(CodeGone, op, "", c.err)
		case <-ctx.Done():
			return ksp.Frame{}, newErr(CodeCancelled, op, "", ctx.Err())
		}
	}
}

// deviceError maps an ERROR payload to an *Error.
func deviceError(op string, p []byte) error {
	code, text, err := ksp.ParseError(p)
	if err != nil {
		return newErr(CodeProtocol, op, "", err)
	}
	return newErr(errorCode(code), op, fmt.Sprintf("device error %d: %s", code, text), nil)
}

func errorCode(code byte) Code {
	switch code {
	case ksp.ErrCodeNoPaper:
		return CodeNoPaper
	case ksp.ErrCodeJam:
		return CodeJam
	case ksp.ErrCodeCoverOpen:
		return CodeCoverOpen
	case ksp.ErrCodeBadParam:
		return CodeBadParam
	case ksp.ErrCodeBusy:
		return CodeBusy
	case ksp.ErrCodeInternal:
		return CodeInternal
	}
	return CodeProtocol // 4 unknown command, 7 bad frame, anything else
}

// Status asks the device for its state.
func (s *Serial) Status(ctx context.Context) (State, error) {
	f, err := s.command(ctx, "status", ksp.Status, nil)
	if err != nil {
		return State{}, err
	}
	if len(f.Payload) < 1 {
		return State{}, newErr(CodeProtocol, "status", "empty STATE", nil)
	}
	b := f.Payload[0]
	return State{Paper: b&ksp.FlagPaper != 0, CoverOpen: b&ksp.FlagCover != 0, Jam: b&ksp.FlagJam != 0,
		Busy: b&ksp.FlagBusy != 0, Warming: b&ksp.FlagWarming != 0}, nil
}

// Cancel asks the device to end the running job; the running Scan returns
// ErrCancelled once the device confirms with JOB_END.
func (s *Serial) Cancel(ctx context.Context) error {
	_, err := s.command(ctx, "cancel", ksp.Cancel, nil)
	return err
}

// supports reports whether the device can scan with p.
func (s *Serial) check(p ScanParams) error {
	s.mu.Lock()
	info := s.info
	s.mu.Unlock()
	switch {
	case !slices.Contains([]int{100, 150, 200, 300}, p.DPI) || (len(info.DPIs) > 0 && !slices.Contains(info.DPIs, p.DPI)):
		return newErr(CodeBadParam, "scan", fmt.Sprintf("%d dpi not supported (device: %v)", p.DPI, info.DPIs), nil)
	case p.Mode < Gray || p.Mode > BW:
		return newErr(CodeBadParam, "scan", "unknown mode "+p.Mode.String(), nil)
	case p.Source != Flatbed && p.Source != Feeder:
		return newErr(CodeBadParam, "scan", "unknown source", nil)
	case p.Source == Feeder && !info.Feeder:
		return newErr(CodeBadParam, "scan", "device has no feeder", nil)
	case p.Duplex && !info.Duplex:
		return newErr(CodeBadParam, "scan", "device cannot scan both sides", nil)
	}
	return nil
}
