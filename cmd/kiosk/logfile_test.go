package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRotatingLogKeepsTheNewestLinesWithinItsFiles(t *testing.T) {
	dir := t.TempDir()
	l, err := openRotatingLog(filepath.Join(dir, "logs"), "kiosk.log", 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		if _, err := l.Write([]byte(strings.Repeat("x", 18) + string(rune('a'+i)) + "\n")); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	names := []string{"kiosk.log", "kiosk.log.1", "kiosk.log.2"}
	var all string
	for i := len(names) - 1; i >= 0; i-- {
		b, err := os.ReadFile(filepath.Join(dir, "logs", names[i]))
		if err != nil {
			t.Fatalf("%s: %v", names[i], err)
		}
		if len(b) > 100 {
			t.Errorf("%s holds %d bytes, over the 100-byte limit", names[i], len(b))
		}
		all += string(b)
	}
	if _, err := os.Stat(filepath.Join(dir, "logs", "kiosk.log.3")); !os.IsNotExist(err) {
		t.Errorf("a third old file was kept (stat: %v)", err)
	}
	// 20-byte lines, 5 per file, three files: the last 15 lines in order, no line split.
	var want string
	for i := 5; i < 20; i++ {
		want += strings.Repeat("x", 18) + string(rune('a'+i)) + "\n"
	}
	if all != want {
		t.Errorf("kept lines:\n%s\nwant:\n%s", all, want)
	}
	if fi, err := os.Stat(filepath.Join(dir, "logs", "kiosk.log")); err == nil && fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("log file mode %v: readable by others", fi.Mode().Perm())
	}
}

func TestRotatingLogAppendsAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 2; i++ {
		l, err := openRotatingLog(dir, "kiosk.log", 1000, 1)
		if err != nil {
			t.Fatal(err)
		}
		l.Write([]byte("start\n"))
		l.Close()
	}
	b, _ := os.ReadFile(filepath.Join(dir, "kiosk.log"))
	if string(b) != "start\nstart\n" {
		t.Errorf("after two starts the log holds %q", b)
	}
}

func TestLogfStampsTheFileAndCopiesToStderr(t *testing.T) {
	var file, stderr bytes.Buffer
	at := time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
	logf := newLogf(&file, &stderr, func() time.Time { return at })
	logf("kiosk: scanner %s: %v", "serial:/dev/ttyUSB0", "gone")
	if got, want := file.String(), "2026-12-01T08:30:00Z kiosk: scanner serial:/dev/ttyUSB0: gone\n"; got != want {
		t.Errorf("file got %q, want %q", got, want)
	}
	if got, want := stderr.String(), "kiosk: scanner serial:/dev/ttyUSB0: gone\n"; got != want {
		t.Errorf("stderr got %q, want %q", got, want)
	}
	// No stderr at all (a Windows GUI program): the file still gets the line.
	file.Reset()
	newLogf(&file, nil, func() time.Time { return at })("x")
	if file.String() != "2026-12-01T08:30:00Z x\n" {
		t.Errorf("without stderr the file got %q", file.String())
	}
}
