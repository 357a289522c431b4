package coalesce

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type delivery struct {
	gen   uint64
	query string
	r     string
	err   error
}

// A search that blocks until released (or cancelled), recording what ran.
type gate struct {
	mu      sync.Mutex
	started chan string
	release chan struct{}
	ran     []string
	cancels []string
}

func newGate() *gate {
	return &gate{started: make(chan string, 100), release: make(chan struct{})}
}

func (g *gate) search(ctx context.Context, q string) (string, error) {
	g.started <- q
	select {
	case <-g.release:
		g.mu.Lock()
		g.ran = append(g.ran, q)
		g.mu.Unlock()
		return "hits for " + q, nil
	case <-ctx.Done():
		g.mu.Lock()
		g.cancels = append(g.cancels, q)
		g.mu.Unlock()
		return "", ctx.Err()
	}
}

func collect() (DeliverFunc[string], chan delivery) {
	ch := make(chan delivery, 100)
	return func(gen uint64, q string, r string, err error) { ch <- delivery{gen, q, r, err} }, ch
}

func expectStart(t *testing.T, g *gate, want string) {
	t.Helper()
	select {
	case q := <-g.started:
		if q != want {
			t.Fatalf("search started for %q, want %q", q, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no search started for %q", want)
	}
}

// Keys typed while a search runs cancel it and collapse into the newest query, whose
// result alone is delivered.
func TestNewerQueryCancelsOlderAndOnlyCurrentIsDelivered(t *testing.T) {
	g := newGate()
	deliver, got := collect()
	c := New(g.search, deliver)
	defer c.Close()

	c.Submit("k")
	expectStart(t, g, "k")
	c.Submit("kh")
	c.Submit("kha")
	last := c.Submit("khai")
	expectStart(t, g, "khai") // kh and kha never ran: the newest replaced them
	close(g.release)
	select {
	case d := <-got:
		if d.query != "khai" || d.gen != last || d.r != "hits for khai" || d.err != nil {
			t.Fatalf("delivered %+v, want khai's hits as generation %d", d, last)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing delivered")
	}
	if !c.Current(last) {
		t.Error("the last query is not current")
	}
	select {
	case d := <-got:
		t.Fatalf("a second delivery: %+v", d)
	case <-time.After(50 * time.Millisecond):
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.cancels) != 1 || g.cancels[0] != "k" {
		t.Errorf("cancelled %v, want [k]", g.cancels)
	}
}

// A result that comes back after a newer query was submitted is dropped even when
// the search ignored its cancellation.
func TestStaleResultIsNotDelivered(t *testing.T) {
	search, started, release := deafToOld()
	deliver, got := collect()
	c := New(search, deliver)
	defer c.Close()
	old := c.Submit("old")
	<-started
	newer := c.Submit("new")
	if c.Current(old) || !c.Current(newer) {
		t.Fatal("Current does not follow the newest query")
	}
	close(release)
	d := <-got
	if d.query != "new" || d.gen != newer {
		t.Fatalf("delivered %+v, want only new", d)
	}
	select {
	case d := <-got:
		t.Fatalf("stale delivery %+v", d)
	case <-time.After(50 * time.Millisecond):
	}
}

// Errors are delivered like results; Invalidate and Close stop deliveries.
func TestErrorsInvalidateAndClose(t *testing.T) {
	boom := errors.New("boom")
	search := func(ctx context.Context, q string) (string, error) {
		if q == "bad" {
			return "", boom
		}
		return q, nil
	}
	deliver, got := collect()
	c := New(search, deliver)
	c.Submit("bad")
	if d := <-got; !errors.Is(d.err, boom) {
		t.Fatalf("delivered %+v, want the error", d)
	}

	g := newGate()
	c2 := New(g.search, deliver)
	gen := c2.Submit("wiped")
	expectStart(t, g, "wiped")
	c2.Invalidate()
	if c2.Current(gen) {
		t.Error("a query before Invalidate is still current")
	}
	c2.Close() // returns once the cancelled search has stopped
	c2.Submit("after close")
	c.Close()
	select {
	case d := <-got:
		t.Fatalf("delivered after Invalidate/Close: %+v", d)
	case <-time.After(50 * time.Millisecond):
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.ran) != 0 || len(g.cancels) != 1 {
		t.Errorf("ran %v, cancelled %v; want the wiped search cancelled and nothing run", g.ran, g.cancels)
	}
}

// Many keystrokes from several goroutines: the last query submitted is delivered last
// and every delivery was current when made.
func TestBurstEndsWithTheLastQuery(t *testing.T) {
	var c *Coalescer[string]
	var mu sync.Mutex
	var last delivery
	stale := 0
	c = New(func(ctx context.Context, q string) (string, error) { return q, nil },
		func(gen uint64, q string, r string, err error) {
			mu.Lock()
			defer mu.Unlock()
			if gen < last.gen {
				stale++
			}
			last = delivery{gen: gen, query: q}
		})
	var final uint64
	for i := 0; i < 500; i++ {
		final = c.Submit("q" + string(rune('a'+i%26)))
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		g := last.gen
		mu.Unlock()
		if g == final || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	c.Close()
	mu.Lock()
	defer mu.Unlock()
	if last.gen != final || stale != 0 {
		t.Fatalf("last delivered generation %d (want %d), %d out of order", last.gen, final, stale)
	}
}

// SubmitWait hands a result that comes within the budget to the caller, not to
// deliver; one that comes later is delivered as for Submit; a later SubmitWait is not
// handed the late one.
func TestSubmitWaitReturnsInTimeOrDeliversLater(t *testing.T) {
	g := newGate()
	deliver, got := collect()
	fast := func(ctx context.Context, q string) (string, error) {
		if q == "slow" {
			return g.search(ctx, q)
		}
		return "hits for " + q, nil
	}
	c := New(fast, deliver)
	defer c.Close()

	gen, r, err, ok := c.SubmitWait("khai", 5*time.Second)
	if !ok || err != nil || r != "hits for khai" || !c.Current(gen) {
		t.Fatalf("SubmitWait = %d %q %v %v, want the hits at once", gen, r, err, ok)
	}
	select {
	case d := <-got:
		t.Fatalf("a result handed to the caller was delivered too: %+v", d)
	case <-time.After(50 * time.Millisecond):
	}

	slow, r, _, ok := c.SubmitWait("slow", 20*time.Millisecond)
	if ok || r != "" {
		t.Fatalf("SubmitWait of a blocked search = %q %v, want nothing after the budget", r, ok)
	}
	expectStart(t, g, "slow")
	close(g.release)
	select {
	case d := <-got:
		if d.gen != slow || d.r != "hits for slow" {
			t.Fatalf("delivered %+v, want the slow search's hits", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the result that came after the budget was not delivered")
	}

	_, r, _, ok = c.SubmitWait("sinh", 5*time.Second)
	if !ok || r != "hits for sinh" {
		t.Fatalf("SubmitWait after a late result = %q %v, want its own hits", r, ok)
	}
}

// A result deaf to cancellation that finishes after a newer SubmitWait is neither
// returned to it nor delivered.
func TestSubmitWaitIgnoresStaleResult(t *testing.T) {
	search, started, release := deafToOld()
	deliver, got := collect()
	c := New(search, deliver)
	defer c.Close()
	c.Submit("old")
	<-started
	go func() { time.Sleep(10 * time.Millisecond); close(release) }()
	_, r, _, ok := c.SubmitWait("new", 5*time.Second)
	if !ok || r != "new" {
		t.Fatalf("SubmitWait = %q %v, want the newer query's result", r, ok)
	}
	select {
	case d := <-got:
		t.Fatalf("stale delivery %+v", d)
	case <-time.After(50 * time.Millisecond):
	}
}

// deafToOld is a search that reports each query it starts and holds "old" until
// release is closed, deaf to its cancellation.
func deafToOld() (search func(context.Context, string) (string, error), started chan string, release chan struct{}) {
	release = make(chan struct{})
	started = make(chan string, 10)
	search = func(ctx context.Context, q string) (string, error) {
		started <- q
		if q == "old" {
			<-release // deaf to ctx
		}
		return q, nil
	}
	return search, started, release
}
