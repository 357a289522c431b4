// Package simclitest runs a device simulator's command (cmd/scannersim, cmd/esclsim)
// in-process for its tests: its run function with piped standard streams, the
// name=address lines it prints, and a stop that must end it cleanly.
package simclitest

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
)

// RunFunc is a simulator command's run (what simcli.Main runs).
type RunFunc func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error

// Sim is a simulator command running in a goroutine of the test.
type Sim struct {
	Stdin  io.WriteCloser // control lines ("!jam\n")
	Stdout *bufio.Reader  // what it prints
	cancel context.CancelFunc
	done   chan error
}

// Start runs run with args under a context derived from ctx; stderr is discarded.
func Start(ctx context.Context, run RunFunc, args ...string) *Sim {
	ctx, cancel := context.WithCancel(ctx)
	stdinR, stdinW := io.Pipe()
	stdoutR, stdoutW := io.Pipe()
	s := &Sim{Stdin: stdinW, Stdout: bufio.NewReader(stdoutR), cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, args, stdinR, stdoutW, io.Discard)
		stdoutW.Close()
	}()
	return s
}

// Addresses reads the first n name=address lines the simulator prints.
func (s *Sim) Addresses(t testing.TB, n int) map[string]string {
	t.Helper()
	got := map[string]string{}
	for len(got) < n {
		line, err := s.Stdout.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the addresses: %v (so far %v)", err, got)
		}
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		got[k] = v
	}
	return got
}

// Stop closes the simulator's stdin, cancels its context and fails the test unless
// run then returns nil.
func (s *Sim) Stop(t testing.TB) {
	t.Helper()
	s.Stdin.Close()
	s.cancel()
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
}
