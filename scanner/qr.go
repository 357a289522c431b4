package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tarm/serial"
)

// Suffix is what the QR reader sends after each code.
type Suffix int

// Suffixes a reader can be set to.
const (
	SuffixCR Suffix = iota
	SuffixLF
	SuffixCRLF
)

func (s Suffix) String() string {
	switch s {
	case SuffixLF:
		return "lf"
	case SuffixCRLF:
		return "crlf"
	}
	return "cr"
}

// Bytes is the suffix on the wire.
func (s Suffix) Bytes() []byte {
	switch s {
	case SuffixLF:
		return []byte{'\n'}
	case SuffixCRLF:
		return []byte{'\r', '\n'}
	}
	return []byte{'\r'}
}

// ParseSuffix reads "cr", "lf" or "crlf".
func ParseSuffix(s string) (Suffix, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "cr":
		return SuffixCR, nil
	case "lf":
		return SuffixLF, nil
	case "crlf", "cr+lf", "cr lf":
		return SuffixCRLF, nil
	}
	return 0, fmt.Errorf("QR suffix %q: want cr, lf or crlf", s)
}

// MaxQRCode is the longest code a reader sends, in bytes.
const MaxQRCode = 2048

// QRConfig configures a QR reader.
type QRConfig struct {
	Path   string
	Baud   int    // default 9600
	Suffix Suffix // default CR
	// Reconnect is how often to try reopening the port after the reader vanished;
	// default 1 s.
	Reconnect time.Duration
	// PartialTimeout discards a code left unfinished this long (the reader was
	// unplugged mid-code); default 1 s.
	PartialTimeout time.Duration
	ReadTimeout    time.Duration // port read timeout; default 100 ms
	// WaitForDevice makes OpenQRConfig succeed even when the port cannot be opened
	// yet: it keeps trying every Reconnect and reports EventBack once it could.
	WaitForDevice bool
	Logf          func(format string, args ...any)
}

// ParseQRSpec reads a QR reader setting "serial:/dev/ttyACM0[,9600][,crlf]" (the
// "serial:" prefix may be left out; baud and suffix may come in either order).
func ParseQRSpec(spec string) (QRConfig, error) {
	spec = strings.TrimSpace(spec)
	if rest, ok := strings.CutPrefix(spec, "serial:"); ok {
		spec = rest
	} else if strings.Contains(spec, ":") && !strings.HasPrefix(spec, "/") && !strings.HasPrefix(strings.ToUpper(spec), "COM") {
		return QRConfig{}, fmt.Errorf("QR reader %q: only serial: readers are supported", spec)
	}
	parts := strings.Split(spec, ",")
	cfg := QRConfig{Path: strings.TrimSpace(parts[0]), Baud: 9600}
	if cfg.Path == "" {
		return QRConfig{}, errors.New("QR reader: no device path")
	}
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		if n, err := strconv.Atoi(p); err == nil {
			if n <= 0 {
				return QRConfig{}, fmt.Errorf("QR reader: baud %d", n)
			}
			cfg.Baud = n
			continue
		}
		sfx, err := ParseSuffix(p)
		if err != nil {
			return QRConfig{}, err
		}
		cfg.Suffix = sfx
	}
	return cfg, nil
}

// QR is a hand-held QR reader in USB virtual COM mode.
type QR struct {
	cfg    QRConfig
	codes  chan string
	events chan Event
	stop   chan struct{}
	wg     sync.WaitGroup

	mu     sync.Mutex
	port   io.ReadWriteCloser
	closed bool
}

// OpenQR opens the QR reader at path with the given line speed and suffix.
func OpenQR(ctx context.Context, path string, baud int, suffix Suffix) (*QR, error) {
	return OpenQRConfig(ctx, QRConfig{Path: path, Baud: baud, Suffix: suffix})
}

// OpenQRConfig opens a QR reader. It fails with ErrGone if the port cannot be
// opened; afterwards it reopens the port by itself whenever the reader comes back.
func OpenQRConfig(ctx context.Context, cfg QRConfig) (*QR, error) {
	if cfg.Baud == 0 {
		cfg.Baud = 9600
	}
	if cfg.Reconnect == 0 {
		cfg.Reconnect = time.Second
	}
	if cfg.PartialTimeout == 0 {
		cfg.PartialTimeout = time.Second
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = 100 * time.Millisecond
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if err := ctx.Err(); err != nil {
		return nil, newErr(CodeCancelled, "open qr", "", err)
	}
	q := &QR{cfg: cfg, codes: make(chan string, 16), events: make(chan Event, 8), stop: make(chan struct{})}
	p, err := q.open()
	if err != nil && !cfg.WaitForDevice {
		return nil, err
	}
	q.wg.Add(1)
	go q.run(p) // p nil: wait for the reader first
	return q, nil
}

// Codes delivers each code read, without its suffix, in NFC-agnostic UTF-8 as
// sent (stray bytes and control characters removed). It is closed by Close.
func (q *QR) Codes() <-chan string { return q.codes }

// Events reports EventGone and EventBack as the reader vanishes and comes back.
func (q *QR) Events() <-chan Event { return q.events }

// Close closes the port and Codes.
func (q *QR) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	close(q.stop)
	if q.port != nil {
		q.port.Close()
	}
	q.mu.Unlock()
	q.wg.Wait()
	close(q.codes)
	close(q.events)
	return nil
}

func (q *QR) open() (io.ReadWriteCloser, error) {
	p, err := serial.OpenPort(&serial.Config{Name: q.cfg.Path, Baud: q.cfg.Baud, ReadTimeout: q.cfg.ReadTimeout})
	if err != nil {
		return nil, newErr(CodeGone, "open qr", q.cfg.Path, err)
	}
	// No Flush: a code read while the port was closed is still a code, and stray
	// bytes are dropped by the line parser anyway.
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		p.Close()
		return nil, newErr(CodeGone, "open qr", "closed", nil)
	}
	q.port = p
	return p, nil
}

func (q *QR) emit(e Event) {
	select {
	case q.events <- e:
	default:
	}
}

func (q *QR) run(p io.ReadWriteCloser) {
	defer q.wg.Done()
	for {
		if p != nil {
			err := q.read(p)
			p.Close()
			select {
			case <-q.stop:
				return
			default:
			}
			q.cfg.Logf("scanner: QR reader %s gone: %v", q.cfg.Path, err)
			q.emit(Event{Kind: EventGone, Err: newErr(CodeGone, "qr", q.cfg.Path, err)})
		}
		for {
			select {
			case <-q.stop:
				return
			case <-time.After(q.cfg.Reconnect):
			}
			var oerr error
			if p, oerr = q.open(); oerr == nil {
				break
			}
		}
		q.emit(Event{Kind: EventBack})
	}
}

// read reads lines until the port fails.
func (q *QR) read(p io.Reader) error {
	term := byte('\r')
	if q.cfg.Suffix != SuffixCR {
		term = '\n'
	}
	buf := make([]byte, 4096)
	var line []byte
	overflow := false
	var last time.Time
	fast := 0
	for {
		t0 := time.Now()
		n, err := p.Read(buf)
		select {
		case <-q.stop:
			return nil
		default:
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if n == 0 {
			if time.Since(t0) < q.cfg.ReadTimeout/4 {
				fast++
				if serr := nodeGone(q.cfg.Path); serr != nil {
					return serr
				}
				if fast >= 5 {
					return errors.New("line hung up")
				}
			} else {
				fast = 0
			}
			if len(line) > 0 && time.Since(last) > q.cfg.PartialTimeout {
				q.cfg.Logf("scanner: QR reader: dropping unfinished code of %d bytes", len(line))
				line, overflow = line[:0], false
			}
			continue
		}
		fast = 0
		if len(line) > 0 && time.Since(last) > q.cfg.PartialTimeout {
			line, overflow = line[:0], false
		}
		last = time.Now()
		for _, b := range buf[:n] {
			if b != term {
				if len(line) <= MaxQRCode+2 {
					line = append(line, b)
				} else {
					overflow = true
				}
				continue
			}
			if !overflow {
				if code := cleanCode(line); code != "" {
					select {
					case q.codes <- code:
					case <-q.stop:
						return nil
					}
				}
			} else {
				q.cfg.Logf("scanner: QR reader: dropping a code longer than %d bytes", MaxQRCode)
			}
			line, overflow = line[:0], false
		}
	}
}

// cleanCode removes what is not part of a code: invalid UTF-8 (stray bytes on
// power-up), control characters (the CR of a CR LF, NUL), surrounding spaces.
func cleanCode(b []byte) string {
	b = bytes.ToValidUTF8(b, nil)
	s := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, string(b))
	return strings.TrimSpace(s)
}
