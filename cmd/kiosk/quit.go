package main

import (
	"sync"
	"time"
)

// quitGrace is how long the window's event loop has to return once the kiosk quits,
// and then its shutdown to finish, before the process exits without them.
//
// Fyne 2.7.1 can hang there for good: quitting, its loop queues the app's stopped
// hook and then closes its function queue; when the hook's runner pushed its call
// into that queue just before it closed, the call is lost and Run waits for it
// forever (seen once after a bench run: the process outlived a SIGTERM by minutes).
// The window is gone by then: a kiosk quitting to restart for an update would sit on
// a blank screen, its launcher waiting, until someone switched it off.
const quitGrace = 10 * time.Second

// quitter quits the window from any goroutine and tells the watchdog (runWindow)
// that the loop was asked to end.
type quitter struct {
	once  sync.Once
	asked chan struct{} // closed at the first quit
	quit  func()        // ends the window's loop (the app's Quit, run on the UI thread)
}

func newQuitter(quit func()) *quitter {
	return &quitter{asked: make(chan struct{}), quit: quit}
}

// Quit asks the window's loop to end.
func (q *quitter) Quit() {
	q.noteAsked()
	q.quit()
}

// noteAsked records that the loop is ending (a window closed, a signal Fyne itself
// caught) without asking it again.
func (q *quitter) noteAsked() { q.once.Do(func() { close(q.asked) }) }

// runWindow runs the window's loop, then cleanup (the shutdown that follows it), and
// returns result(): what runGUI returns. Once asked is closed the loop has grace to
// return; when it has not, the watchdog runs cleanup itself (given grace too) and
// calls exit with result(), which ends the process. A loop that runs for days
// without being asked to end is never cut short.
func runWindow(loop func(), asked <-chan struct{}, grace time.Duration, cleanup func(), result func() error, exit func(error), logf func(string, ...any)) error {
	clean := sync.OnceFunc(cleanup)
	returned := make(chan struct{})
	go func() {
		select {
		case <-returned:
			return
		case <-asked:
		}
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-returned:
			return
		case <-t.C:
		}
		logf("kiosk: the window's loop did not return %v after quitting; shutting down without it", grace)
		cleaned := make(chan struct{})
		go func() { clean(); close(cleaned) }()
		t.Reset(grace)
		select {
		case <-cleaned:
		case <-t.C:
			logf("kiosk: the shutdown did not finish in %v either; exiting", grace)
		}
		exit(result())
	}()
	loop()
	close(returned)
	clean()
	return result()
}
