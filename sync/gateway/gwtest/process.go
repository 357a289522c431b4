package gwtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartTimeout is how long StartGateway waits for the listening= line.
const StartTimeout = 30 * time.Second

// StopGrace is how long a gateway stopped at a test's cleanup has between SIGTERM and
// SIGKILL.
const StopGrace = 25 * time.Second

// ErrKilled is Stop's answer when the gateway did not exit within its grace period after
// SIGTERM and was killed.
var ErrKilled = errors.New("gateway did not stop in time after SIGTERM: killed")

// Buffer is a bytes.Buffer safe for concurrent use: the stderr of a process that the
// test reads while the process writes it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Gateway is a `gateway serve` process listening on a loopback port.
type Gateway struct {
	URL string // http://127.0.0.1:PORT (the scheme is http even when it serves TLS)

	cmd    *exec.Cmd
	logs   Buffer
	exited chan struct{} // closed once the process has exited and err is set
	err    error
}

// StartGateway starts `bin serve --addr 127.0.0.1:0 ARGS…` (bin: the cmd/gateway
// binary; ctx ends the process when it ends) and returns once it prints listening=ADDR.
// Its stderr goes to Logs and, when stderr is not nil, to stderr as well. When it exits
// first, or has not listened within StartTimeout, it is killed and an error with its log
// is returned. The caller stops it (Stop), or lets ServeGateway do that at cleanup.
func StartGateway(ctx context.Context, bin string, stderr io.Writer, args ...string) (*Gateway, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	g := &Gateway{cmd: cmd, exited: make(chan struct{})}
	cmd.Stderr = &g.logs
	if stderr != nil {
		cmd.Stderr = io.MultiWriter(&g.logs, stderr)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "listening="); ok {
				addr <- v
			}
		}
		io.Copy(io.Discard, stdout)
		g.err = cmd.Wait()
		close(g.exited)
	}()
	select {
	case a := <-addr:
		g.URL = "http://" + a
		return g, nil
	case <-g.exited:
		return nil, fmt.Errorf("gateway exited before listening: %v\n%s", g.err, g.Logs())
	case <-time.After(StartTimeout):
		g.Kill()
		return nil, fmt.Errorf("gateway did not print listening= within %v\n%s", StartTimeout, g.Logs())
	}
}

// ServeGateway is StartGateway for a test: it fails the test when the gateway does not
// start, and stops it at the test's cleanup (Stop with StopGrace; a gateway that had to
// be killed fails the test).
func ServeGateway(t testing.TB, bin string, stderr io.Writer, args ...string) *Gateway {
	t.Helper()
	g, err := StartGateway(context.Background(), bin, stderr, args...)
	if err != nil {
		t.Fatal(err)
	}
	g.StopAtCleanup(t)
	return g
}

// StopAtCleanup stops g at the test's cleanup (Stop with StopGrace); a gateway that had
// to be killed fails the test. It is safe to call from any goroutine.
func (g *Gateway) StopAtCleanup(t testing.TB) {
	t.Cleanup(func() {
		if err := g.Stop(StopGrace); errors.Is(err, ErrKilled) {
			t.Errorf("%v (after %v)\n%s", err, StopGrace, g.Logs())
		}
	})
}

// Logs is what the gateway has written to stderr so far.
func (g *Gateway) Logs() string { return g.logs.String() }

// Signal sends sig to the gateway process.
func (g *Gateway) Signal(sig os.Signal) error { return g.cmd.Process.Signal(sig) }

// Exited is closed once the process has exited; Err then holds its exit error.
func (g *Gateway) Exited() <-chan struct{} { return g.exited }

// Err is the process's exit error (nil: exit 0); read it after Exited is closed.
func (g *Gateway) Err() error { return g.err }

// Kill kills the process and returns its exit error once it has exited.
func (g *Gateway) Kill() error {
	g.cmd.Process.Kill()
	<-g.exited
	return g.err
}

// Stop sends SIGTERM and waits for the exit: it returns the exit error (nil: exit 0),
// or ErrKilled when the process had not exited within grace and was killed. Stopping
// a gateway that has already exited returns its exit error.
func (g *Gateway) Stop(grace time.Duration) error {
	select {
	case <-g.exited:
		return g.err
	default:
	}
	g.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-g.exited:
		return g.err
	case <-time.After(grace):
		g.Kill()
		return ErrKilled
	}
}

// BuildGateway builds cmd/gateway (with the sqlite_fts5 tag) into dir and returns the
// binary's path; the go command's output is in the error.
func BuildGateway(dir string) (string, error) {
	bin := filepath.Join(dir, "gateway")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "sqlite_fts5", "-o", bin, "github.com/cantho-kiosk/kiosk/cmd/gateway")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the gateway: %w\n%s", err, out)
	}
	return bin, nil
}
