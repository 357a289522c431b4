package printer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tarm/serial"
)

// Spec is a parsed printer setting.
type Spec struct {
	Kind string // "serial" or "usb"
	Path string // port (/dev/ttyUSB0, COM3) or USB printer-class device file (/dev/usb/lp0)
	Baud int    // serial only
	// NoStatus: the link carries nothing back (a one-way USB printer class
	// device, a serial cable without its receive wire). The driver then cannot
	// see paper out and prints blind; Status reports nothing wrong.
	NoStatus bool
}

// DefaultBaud is the line speed of a serial printer when the setting gives none.
const DefaultBaud = 115200

func (s Spec) String() string {
	out := s.Kind + ":" + s.Path
	if s.Kind == "serial" {
		out = fmt.Sprintf("serial:%s,%d", s.Path, s.Baud)
	}
	if s.NoStatus {
		out += ",nostatus"
	}
	return out
}

// ParseSpec reads "serial:PORT[,BAUD]" or "usb:/dev/usb/lp0", either followed by
// ",nostatus" for a link that carries no status back (the strings the `printer`
// setting and `kiosk print --device` take).
func ParseSpec(spec string) (Spec, error) {
	kind, target, ok := strings.Cut(strings.TrimSpace(spec), ":")
	target = strings.TrimSpace(target)
	noStatus := false
	if t, found := strings.CutSuffix(target, ",nostatus"); found {
		target, noStatus = strings.TrimSpace(t), true
	}
	if !ok || target == "" {
		return Spec{}, fmt.Errorf("printer %q: want serial:PORT[,BAUD] or usb:/dev/usb/lp0", spec)
	}
	s, err := parseTarget(spec, kind, target)
	s.NoStatus = noStatus
	return s, err
}

func parseTarget(spec, kind, target string) (Spec, error) {
	switch kind {
	case "serial":
		s := Spec{Kind: kind, Path: target, Baud: DefaultBaud}
		if path, baud, ok := strings.Cut(target, ","); ok {
			n, err := strconv.Atoi(strings.TrimSpace(baud))
			if err != nil || !validBaud(n) {
				return Spec{}, fmt.Errorf("printer %q: speed %q: want 9600, 19200, 38400, 57600, 115200 or 230400", spec, baud)
			}
			s.Path, s.Baud = strings.TrimSpace(path), n
		}
		if s.Path == "" {
			return Spec{}, fmt.Errorf("printer %q: no port", spec)
		}
		return s, nil
	case "usb":
		return Spec{Kind: kind, Path: target}, nil
	}
	return Spec{}, fmt.Errorf("printer %q: unknown kind %q (want serial or usb)", spec, kind)
}

func validBaud(n int) bool {
	switch n {
	case 9600, 19200, 38400, 57600, 115200, 230400:
		return true
	}
	return false
}

// link is one opening of the device: writes that cannot hang the caller, and
// reads bounded by a deadline.
type link struct {
	path     string
	baud     int // 0: unknown (USB)
	rw       io.ReadWriteCloser
	file     *os.File      // USB: deadlines work when the file joined Go's poller
	readWait time.Duration // the port's own read timeout (serial)

	mu     sync.Mutex
	dead   error // why this opening is unusable (set once)
	closed bool
	rbuf   []byte
}

func openLink(s Spec) (*link, error) {
	if s.Kind == "serial" {
		rt := 50 * time.Millisecond
		p, err := serial.OpenPort(&serial.Config{Name: s.Path, Baud: s.Baud, ReadTimeout: rt})
		if err != nil {
			return nil, newErr(CodeGone, "open", s.Path, err)
		}
		l := &link{path: s.Path, baud: s.Baud, rw: p, readWait: rt}
		// A tty keeps unread input across openings: an answer that came too late
		// for the last opening must not answer this one's first question.
		buf := make([]byte, 256)
		for i := 0; i < 16; i++ {
			if n, err := p.Read(buf); n == 0 || (err != nil && !errors.Is(err, io.EOF)) {
				break
			}
		}
		return l, nil
	}
	f, err := os.OpenFile(s.Path, os.O_RDWR|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, newErr(CodeGone, "open", s.Path, err)
	}
	return &link{path: s.Path, rw: f, file: f, readWait: 50 * time.Millisecond}, nil
}

// kill marks the opening unusable and closes it without waiting: a write stuck in
// the kernel keeps the descriptor busy, and closing it must not block the caller.
func (l *link) kill(why error) {
	l.mu.Lock()
	if l.dead == nil {
		l.dead = why
	}
	already := l.closed
	l.closed = true
	l.mu.Unlock()
	if !already {
		go l.rw.Close()
	}
}

func (l *link) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dead
}

// write sends p in pieces. A piece that makes no progress for stall (a printer
// that stopped taking data, a device gone) fails with ErrTimeout or ErrGone and
// leaves the link dead; the caller never waits longer than stall per piece.
func (l *link) write(p []byte, stall time.Duration) error {
	if err := l.err(); err != nil {
		return err
	}
	const piece = 1024
	for len(p) > 0 {
		n := min(piece, len(p))
		done := make(chan error, 1)
		chunk := p[:n]
		go func() { done <- l.writeAll(chunk, stall) }()
		// A write returns once the kernel holds the bytes: a piece may wait for up
		// to a full output buffer (about 4 KB) to go out on a slow line first.
		t := time.NewTimer(stall + l.lineTime(n+4096))
		select {
		case err := <-done:
			t.Stop()
			if err != nil {
				e := l.classify("write", err)
				l.kill(e)
				return e
			}
		case <-t.C:
			e := newErr(CodeTimeout, "write", fmt.Sprintf("the printer took no data for %v", stall), nil)
			l.kill(e)
			return e
		}
		p = p[n:]
	}
	return nil
}

// lineTime is how long n bytes take on the wire (10 bits a byte), 0 for USB.
func (l *link) lineTime(n int) time.Duration {
	if l.baud == 0 {
		return 0
	}
	return time.Duration(n) * 10 * time.Second / time.Duration(l.baud)
}

func (l *link) writeAll(p []byte, stall time.Duration) error {
	for len(p) > 0 {
		if l.file != nil {
			_ = l.file.SetWriteDeadline(time.Now().Add(stall))
		}
		n, err := l.rw.Write(p)
		p = p[n:]
		if errors.Is(err, syscall.EAGAIN) { // a device file outside Go's poller
			time.Sleep(5 * time.Millisecond)
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// classify turns an I/O error into ErrTimeout (a deadline) or ErrGone.
func (l *link) classify(op string, err error) *Error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return newErr(CodeTimeout, op, l.path, err)
	}
	return newErr(CodeGone, op, l.path, err)
}

// drain drops input that arrived before a request (late or stray bytes). On a
// serial port only what was already read: tarm/serial's Flush is TCIOFLUSH, which
// would also throw away output not yet on the wire (half a raster band).
func (l *link) drain() {
	l.rbuf = l.rbuf[:0]
	if l.file != nil {
		buf := make([]byte, 256)
		for i := 0; i < 64; i++ {
			_ = l.file.SetReadDeadline(time.Now().Add(time.Millisecond))
			if n, err := l.file.Read(buf); n == 0 || err != nil {
				return
			}
		}
	}
}

// readByte returns the next byte, or ErrTimeout at deadline, or ErrGone when the
// device vanished (a read error, the device node gone, or a line that hangs up:
// reads that come back at once with nothing, again and again).
func (l *link) readByte(deadline time.Time) (byte, error) {
	if len(l.rbuf) > 0 {
		b := l.rbuf[0]
		l.rbuf = l.rbuf[1:]
		return b, nil
	}
	if err := l.err(); err != nil {
		return 0, err
	}
	buf := make([]byte, 64)
	fast := 0
	for time.Now().Before(deadline) {
		if l.file != nil {
			_ = l.file.SetReadDeadline(time.Now().Add(l.readWait))
		}
		t0 := time.Now()
		n, err := l.rw.Read(buf)
		if n > 0 {
			l.rbuf = append(l.rbuf[:0], buf[1:n]...)
			return buf[0], nil
		}
		switch {
		case err == nil, errors.Is(err, io.EOF), errors.Is(err, os.ErrDeadlineExceeded):
		case errors.Is(err, syscall.EAGAIN):
			time.Sleep(5 * time.Millisecond)
			continue
		default:
			e := l.classify("read", err)
			l.kill(e)
			return 0, e
		}
		if time.Since(t0) < l.readWait/4 {
			fast++
			if gone := nodeGone(l.path); gone != nil || fast >= 5 {
				e := newErr(CodeGone, "read", l.path+": the line hung up", gone)
				l.kill(e)
				return 0, e
			}
			time.Sleep(l.readWait / 4)
		} else {
			fast = 0
		}
	}
	return 0, newErr(CodeTimeout, "read", l.path, nil)
}

func (l *link) close() { l.kill(newErr(CodeGone, "closed", l.path, nil)) }

// nodeGone reports why the device node at path no longer exists, or nil. Windows
// COM ports are not files: there a vanished port shows as a read error instead.
func nodeGone(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	_, err := os.Stat(path)
	return err
}
