package sim

import (
	"fmt"
	"os"

	"github.com/creack/pty"
)

// line is one pseudo-terminal pair: the device side (master) and a held-open slave
// so that the master never sees EIO while the host has the port closed.
type line struct {
	master *os.File // non-blocking, in Go's poller: Close unblocks Read and Write
	slave  *os.File // held open for termios queries
	path   string
}

func openLine() (*line, error) {
	m, s, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("sim: open pty: %w", err)
	}
	path := s.Name()
	if err := makeRaw(s); err != nil {
		m.Close()
		s.Close()
		return nil, fmt.Errorf("sim: raw mode: %w", err)
	}
	nm, err := pollable(m)
	if err != nil {
		s.Close()
		return nil, err
	}
	return &line{master: nm, slave: s, path: path}, nil
}

func (l *line) close() {
	l.master.Close()
	l.slave.Close()
}
