// Package coalesce runs a resident's search off the UI thread: keystrokes come faster
// than results are painted, so a newer query cancels the one in flight, queries typed
// while one runs collapse into the newest, and a result is handed over only while its
// query is still the current one. It has no Fyne: the search view wraps Deliver's call
// in fyne.Do and checks Current again on the UI thread before it applies the result.
package coalesce

import (
	"context"
	"sync"
	"time"
)

// SearchFunc runs one query; it should return soon after ctx is cancelled.
type SearchFunc[R any] func(ctx context.Context, query string) (R, error)

// DeliverFunc receives the result of the query submitted as generation gen, from the
// coalescer's goroutine, only if no newer query was submitted meanwhile.
type DeliverFunc[R any] func(gen uint64, query string, r R, err error)

// Coalescer runs at most one search at a time, always for the newest query.
type Coalescer[R any] struct {
	search  SearchFunc[R]
	deliver DeliverFunc[R]

	mu      sync.Mutex
	gen     uint64 // generation of the newest query submitted
	query   string // the newest query, while it waits to run
	waiting bool
	cancel  context.CancelFunc // cancels the search in flight
	running bool
	closed  bool
	idle    *sync.Cond // signalled when the worker stops running

	// SubmitWait's claim: the worker hands the result of generation waitGen to
	// waitCh (buffered) instead of delivering it.
	waitGen uint64
	waitCh  chan result[R]
}

type result[R any] struct {
	r   R
	err error
}

// New returns a coalescer that runs search and hands results to deliver.
func New[R any](search SearchFunc[R], deliver DeliverFunc[R]) *Coalescer[R] {
	c := &Coalescer[R]{search: search, deliver: deliver}
	c.idle = sync.NewCond(&c.mu)
	return c
}

// Submit makes query the current one and returns its generation: the search in
// flight, if any, is cancelled, and a query still waiting to run is replaced.
func (c *Coalescer[R]) Submit(query string) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.submitLocked(query)
}

func (c *Coalescer[R]) submitLocked(query string) uint64 {
	c.gen++
	if c.closed {
		return c.gen
	}
	c.query, c.waiting = query, true
	if c.cancel != nil {
		c.cancel()
	}
	if !c.running {
		c.running = true
		go c.work()
	}
	return c.gen
}

// SubmitWait submits query like Submit and waits up to budget for its result, which
// it then returns with ok true instead of delivering it: the caller (the UI thread)
// shows it in the frame of the keystroke itself. The search still runs on the
// coalescer's goroutine; if it takes longer than budget, SubmitWait returns ok false
// and the result is delivered as for Submit.
func (c *Coalescer[R]) SubmitWait(query string, budget time.Duration) (gen uint64, r R, err error, ok bool) {
	c.mu.Lock()
	if c.waitCh == nil {
		c.waitCh = make(chan result[R], 1)
	}
	gen = c.submitLocked(query)
	if c.closed {
		c.mu.Unlock()
		return gen, r, nil, false
	}
	c.waitGen = gen // claimed in the same lock: the worker cannot deliver it first
	ch := c.waitCh
	c.mu.Unlock()

	t := time.NewTimer(budget)
	defer t.Stop()
	select {
	case res := <-ch:
		return gen, res.r, res.err, true
	case <-t.C:
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.waitGen == gen {
		c.waitGen = 0 // too late: the worker delivers it
		return gen, r, nil, false
	}
	// The worker claimed it between the timer and the lock: it is in the channel.
	res := <-ch
	return gen, res.r, res.err, true
}

// Current reports whether gen is still the newest query's generation.
func (c *Coalescer[R]) Current(gen uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return gen == c.gen && !c.closed
}

// Invalidate makes every submitted query stale (the query cleared, a screen left, a
// session wiped): nothing submitted before it is delivered. It returns the new
// generation, current until the next Submit.
func (c *Coalescer[R]) Invalidate() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.waiting = false
	if c.cancel != nil {
		c.cancel()
	}
	return c.gen
}

// Close cancels the search in flight, waits for the worker to stop and delivers
// nothing more.
func (c *Coalescer[R]) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed, c.waiting = true, false
	if c.cancel != nil {
		c.cancel()
	}
	for c.running {
		c.idle.Wait()
	}
}

func (c *Coalescer[R]) work() {
	c.mu.Lock()
	for c.waiting && !c.closed {
		gen, q := c.gen, c.query
		c.waiting = false
		ctx, cancel := context.WithCancel(context.Background())
		c.cancel = cancel
		c.mu.Unlock()

		r, err := c.search(ctx, q)
		cancel()

		c.mu.Lock()
		c.cancel = nil
		if gen == c.gen && !c.closed && gen == c.waitGen {
			c.waitGen = 0
			c.waitCh <- result[R]{r, err} // buffered, emptied before each claim
		} else if gen == c.gen && !c.closed {
			// Deliver without the lock: deliver may call Current or Submit.
			c.mu.Unlock()
			c.deliver(gen, q, r, err)
			c.mu.Lock()
		}
	}
	c.running = false
	c.idle.Broadcast()
	c.mu.Unlock()
}
