package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// windowRun is one runWindow under test: its loop blocks until released, and what
// cleanup, exit and the log saw is recorded. The hanging loop stands in for Fyne's
// exit race (quit.go), which a real window cannot be made to hit on demand.
type windowRun struct {
	asked, release chan struct{}
	cleanups       atomic.Int32
	cleanupBlocks  chan struct{} // when not nil, cleanup waits for it
	exited         chan error
	mu             sync.Mutex
	logs           []string
	done           chan struct{} // closed when runWindow returned
	result         error         // what it returned
}

var errWant = errors.New("the mode's error")

func startWindowRun(t *testing.T, grace time.Duration, cleanupBlocks bool) *windowRun {
	t.Helper()
	r := &windowRun{asked: make(chan struct{}), release: make(chan struct{}), exited: make(chan error, 1), done: make(chan struct{})}
	if cleanupBlocks {
		r.cleanupBlocks = make(chan struct{})
	}
	t.Cleanup(func() {
		close(r.release)
		if r.cleanupBlocks != nil {
			close(r.cleanupBlocks)
		}
		<-r.done
	})
	go func() {
		defer close(r.done)
		r.result = runWindow(func() { <-r.release },
			r.asked, grace,
			func() {
				r.cleanups.Add(1)
				if r.cleanupBlocks != nil {
					<-r.cleanupBlocks
				}
			},
			func() error { return errWant },
			func(err error) { r.exited <- err },
			func(format string, a ...any) {
				r.mu.Lock()
				defer r.mu.Unlock()
				r.logs = append(r.logs, fmt.Sprintf(format, a...))
			})
	}()
	return r
}

// returned waits for runWindow to return and gives what it returned.
func (r *windowRun) returned(t *testing.T) error {
	t.Helper()
	select {
	case <-r.done:
		return r.result
	case <-time.After(5 * time.Second):
		t.Fatal("runWindow did not return after its loop did")
		return nil
	}
}

// exit waits for the watchdog to exit the process and gives the error it exited
// with; missing says what an exit that never comes means.
func (r *windowRun) exit(t *testing.T, missing string) error {
	t.Helper()
	select {
	case err := <-r.exited:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal(missing)
		return nil
	}
}

func (r *windowRun) log() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.logs, "\n")
}

func TestWindowLoopReturningAfterQuitShutsDownOnce(t *testing.T) {
	r := startWindowRun(t, 100*time.Millisecond, false)
	close(r.asked)
	r.release <- struct{}{} // the loop returns within its grace
	if err := r.returned(t); !errors.Is(err, errWant) {
		t.Fatalf("runWindow returned %v, want the result %v", err, errWant)
	}
	time.Sleep(300 * time.Millisecond) // past the grace: the watchdog must have stood down
	if n := r.cleanups.Load(); n != 1 {
		t.Errorf("cleanup ran %d times, want once", n)
	}
	select {
	case err := <-r.exited:
		t.Errorf("the watchdog exited the process (%v) although the loop returned in time", err)
	default:
	}
	if l := r.log(); l != "" {
		t.Errorf("log: %q, want nothing", l)
	}
}

func TestWindowLoopHangingAfterQuitStillShutsDownAndExits(t *testing.T) {
	r := startWindowRun(t, 50*time.Millisecond, false)
	close(r.asked)
	if err := r.exit(t, "the loop hung after quitting and the process did not exit"); !errors.Is(err, errWant) {
		t.Errorf("exited with %v, want the result %v (a restart for an update must keep its exit code)", err, errWant)
	}
	if n := r.cleanups.Load(); n != 1 {
		t.Errorf("cleanup ran %d times before the exit, want once (the store closed, the devices released)", n)
	}
	if l := r.log(); !strings.Contains(l, "did not return") {
		t.Errorf("log: %q, want a line saying the loop did not return", l)
	}
	// The loop returning late does not run the cleanup again.
	r.release <- struct{}{}
	if err := r.returned(t); !errors.Is(err, errWant) {
		t.Errorf("runWindow returned %v late, want %v", err, errWant)
	}
	if n := r.cleanups.Load(); n != 1 {
		t.Errorf("cleanup ran %d times, want once", n)
	}
}

func TestWindowShutdownHangingToo(t *testing.T) {
	r := startWindowRun(t, 50*time.Millisecond, true)
	close(r.asked)
	if err := r.exit(t, "a hung shutdown kept the process from exiting"); !errors.Is(err, errWant) {
		t.Errorf("exited with %v, want %v", err, errWant)
	}
	if l := r.log(); !strings.Contains(l, "did not finish") {
		t.Errorf("log: %q, want a line saying the shutdown did not finish", l)
	}
}

func TestWindowLoopNotAskedToQuitIsNeverCut(t *testing.T) {
	r := startWindowRun(t, 20*time.Millisecond, false)
	time.Sleep(300 * time.Millisecond) // fifteen graces: a kiosk running for days
	select {
	case err := <-r.exited:
		t.Fatalf("the watchdog exited a running kiosk (%v) that nobody asked to quit", err)
	default:
	}
	if n := r.cleanups.Load(); n != 0 {
		t.Errorf("cleanup ran %d times while the loop runs", n)
	}
	r.release <- struct{}{}
	if err := r.returned(t); !errors.Is(err, errWant) {
		t.Errorf("runWindow returned %v, want %v", err, errWant)
	}
}

func TestQuitterAsksOnceAndQuitsEveryTime(t *testing.T) {
	var quits atomic.Int32
	q := newQuitter(func() { quits.Add(1) })
	q.noteAsked() // the window closed
	q.Quit()
	q.Quit()
	select {
	case <-q.asked:
	default:
		t.Fatal("asked not closed after Quit")
	}
	if n := quits.Load(); n != 2 {
		t.Errorf("the app's Quit ran %d times, want 2 (each Quit asks the loop)", n)
	}
}
