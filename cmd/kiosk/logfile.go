package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// The kiosk's log: a file in the data directory that rotates by size, plus stderr when
// the kiosk has one (a Windows GUI program has none; an autostarted one on Linux writes
// to ~/.xsession-errors, which nobody reads). Support staff find it in DATA/logs.
const (
	logMaxBytes = 2 << 20 // one file's size before it rotates
	logKeep     = 4       // kiosk.log.1 … kiosk.log.4 are kept besides kiosk.log
)

// rotatingLog appends lines to dir/name, moving it to name.1 (name.1 to name.2, …) once
// it would pass max bytes, and keeps keep old files.
type rotatingLog struct {
	mu        sync.Mutex
	dir, name string
	max       int64
	keep      int
	f         *os.File
	size      int64
}

func openRotatingLog(dir, name string, max int64, keep int) (*rotatingLog, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	l := &rotatingLog{dir: dir, name: name, max: max, keep: keep}
	return l, l.open()
}

func (l *rotatingLog) path(n int) string {
	if n == 0 {
		return filepath.Join(l.dir, l.name)
	}
	return filepath.Join(l.dir, l.name+"."+strconv.Itoa(n))
}

func (l *rotatingLog) open() error {
	f, err := os.OpenFile(l.path(0), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	l.f, l.size = f, st.Size()
	return nil
}

// Write appends p (one or more whole lines) to the current file, rotating first when p
// would take it past the limit. A single write larger than the limit still goes whole
// into a fresh file.
func (l *rotatingLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		if err := l.open(); err != nil {
			return 0, err
		}
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

func (l *rotatingLog) rotate() error {
	l.f.Close()
	l.f = nil
	os.Remove(l.path(l.keep))
	for n := l.keep - 1; n >= 0; n-- {
		if err := os.Rename(l.path(n), l.path(n+1)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return l.open()
}

func (l *rotatingLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// newLogf returns the kiosk's logf: each line stamped with the time, written to the
// rotating file and copied to stderr (whose errors are ignored: it may not exist).
func newLogf(file io.Writer, stderr io.Writer, now func() time.Time) func(format string, a ...any) {
	var mu sync.Mutex
	return func(format string, a ...any) {
		line := fmt.Sprintf(format, a...)
		mu.Lock()
		defer mu.Unlock()
		if file != nil {
			fmt.Fprintf(file, "%s %s\n", now().Format(time.RFC3339), line)
		}
		if stderr != nil {
			fmt.Fprintln(stderr, line)
		}
	}
}
