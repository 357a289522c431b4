package sim

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// QRConfig describes a simulated QR reader.
type QRConfig struct {
	Suffix string // appended to each code: "\r" (default), "\n" or "\r\n"
	Baud   int    // line speed for pacing; default 9600
	Pace   bool   // send no faster than Baud allows
	Link   string // if set, a symlink kept pointing at the current pty
}

// QRReader is a simulated hand-held QR reader on a pseudo-terminal: it sends each
// code as UTF-8 text followed by the suffix.
type QRReader struct {
	cfg QRConfig
	wmu sync.Mutex // one code at a time
	mu  sync.Mutex
	ln  *line
}

// NewQRReader starts a simulated QR reader on a new pseudo-terminal.
func NewQRReader(cfg QRConfig) (*QRReader, error) {
	if cfg.Suffix == "" {
		cfg.Suffix = "\r"
	}
	if cfg.Baud == 0 {
		cfg.Baud = 9600
	}
	q := &QRReader{cfg: cfg}
	if err := q.plug(); err != nil {
		return nil, err
	}
	return q, nil
}

func (q *QRReader) plug() error {
	ln, err := openLine()
	if err != nil {
		return err
	}
	if q.cfg.Link != "" {
		os.Remove(q.cfg.Link)
		if err := os.Symlink(ln.path, q.cfg.Link); err != nil {
			ln.close()
			return fmt.Errorf("sim: link %s: %w", q.cfg.Link, err)
		}
	}
	q.mu.Lock()
	q.ln = ln
	q.mu.Unlock()
	return nil
}

// Path is the device path the host opens (the symlink if QRConfig.Link is set).
func (q *QRReader) Path() string {
	if q.cfg.Link != "" {
		return q.cfg.Link
	}
	return q.TTY()
}

// TTY is the current pseudo-terminal's path ("" while unplugged).
func (q *QRReader) TTY() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.ln == nil {
		return ""
	}
	return q.ln.path
}

// Send sends one code and its suffix.
func (q *QRReader) Send(code string) error {
	return q.SendRaw([]byte(code + q.cfg.Suffix))
}

// SendRaw sends bytes as they are: stray bytes, a partial code.
func (q *QRReader) SendRaw(b []byte) error {
	q.wmu.Lock()
	defer q.wmu.Unlock()
	q.mu.Lock()
	ln := q.ln
	q.mu.Unlock()
	if ln == nil {
		return ErrClosed
	}
	if !q.cfg.Pace {
		_, err := ln.master.Write(b)
		return err
	}
	per := 10 * time.Second / time.Duration(q.cfg.Baud)
	start := time.Now()
	for i := 0; i < len(b); i += 16 {
		chunk := b[i:min(i+16, len(b))]
		if _, err := ln.master.Write(chunk); err != nil {
			return err
		}
		time.Sleep(time.Until(start.Add(time.Duration(i+len(chunk)) * per)))
	}
	return nil
}

// Pull unplugs the reader.
func (q *QRReader) Pull() {
	q.mu.Lock()
	ln := q.ln
	q.ln = nil
	q.mu.Unlock()
	if ln != nil {
		if q.cfg.Link != "" {
			os.Remove(q.cfg.Link)
		}
		ln.close()
	}
}

// Replug brings the reader back on a new pty.
func (q *QRReader) Replug() error {
	q.Pull()
	return q.plug()
}

// Close unplugs the reader for good.
func (q *QRReader) Close() error {
	q.Pull()
	return nil
}
