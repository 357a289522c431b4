package flow

import (
	"sync"
	"time"
)

// Timeouts are the session's clocks.
type Timeouts struct {
	Idle    time.Duration // without a touch before the privacy warning; default 60 s
	Warning time.Duration // the warning's countdown; default 20 s
	Receipt time.Duration // the receipt stays this long without a touch; default 90 s
}

func (t Timeouts) WithDefaults() Timeouts {
	if t.Idle <= 0 {
		t.Idle = 60 * time.Second
	}
	if t.Warning <= 0 {
		t.Warning = 20 * time.Second
	}
	if t.Receipt <= 0 {
		t.Receipt = 90 * time.Second
	}
	return t
}

// Timers are the session's clocks on the injected time: the resident's last touch,
// the idle warning's countdown and the receipt's time-out. Every method is safe from
// any goroutine (a touch may come from the keyboard's).
type Timers struct {
	now func() time.Time
	t   Timeouts

	mu           sync.Mutex
	lastActivity time.Time
	warnUntil    time.Time     // the idle warning's end; zero when not shown
	receiptAt    time.Time     // when the receipt was shown; zero when not shown
	receiptFor   time.Duration // this receipt's time-out when longer than Timeouts.Receipt
}

func newTimers(now func() time.Time, t Timeouts) *Timers {
	return &Timers{now: now, t: t, lastActivity: now()}
}

// reset forgets the warning and the receipt (a new or wiped session).
func (c *Timers) reset() {
	c.mu.Lock()
	c.warnUntil, c.receiptAt, c.receiptFor = time.Time{}, time.Time{}, 0
	c.mu.Unlock()
}

// Alarm is what the session's clock asks the view to do now.
type Alarm int

// Alarms, from Due.
const (
	AlarmNone  Alarm = iota
	AlarmWarn        // show the "are you still there?" warning (Warn)
	AlarmCount       // the warning is shown: update its countdown (WarningLeft)
	AlarmEnd         // the warning ran out or the receipt timed out: End the session
)

// Touch notes resident activity (any tap or key), postponing the idle warning.
func (c *Timers) Touch() {
	c.mu.Lock()
	c.lastActivity = c.now()
	c.mu.Unlock()
}

// IdleFor is how long nobody has touched the kiosk.
func (c *Timers) IdleFor() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Sub(c.lastActivity)
}

// Due says what the clock asks for now: the warning's countdown or its end once it is
// shown; the end of the session once the receipt has been left alone for
// Timeouts.Receipt; the warning after Timeouts.Idle without a touch.
func (c *Timers) Due() Alarm {
	now := c.now()
	c.mu.Lock()
	warn, receipt := c.warnUntil, c.receiptAt
	c.mu.Unlock()
	switch {
	case !warn.IsZero():
		if !now.Before(warn) {
			return AlarmEnd
		}
		return AlarmCount
	case !receipt.IsZero():
		if c.IdleFor() >= c.receiptTimeout() {
			return AlarmEnd
		}
		return AlarmNone
	case c.IdleFor() >= c.t.Idle:
		return AlarmWarn
	}
	return AlarmNone
}

// Idle reports that the kiosk has been left alone for Timeouts.Idle (the check the
// back office's PIN pad makes for the session under it).
func (c *Timers) Idle() bool { return c.IdleFor() >= c.t.Idle }

// Warn starts the idle warning's countdown.
func (c *Timers) Warn() {
	c.mu.Lock()
	c.warnUntil = c.now().Add(c.t.Warning)
	c.mu.Unlock()
}

// Warning reports that the idle warning is shown.
func (c *Timers) Warning() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.warnUntil.IsZero()
}

// WarningLeft is what remains of the warning's countdown.
func (c *Timers) WarningLeft() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.warnUntil.Sub(c.now())
}

// Continue dismisses the warning: the resident is still there.
func (c *Timers) Continue() {
	c.mu.Lock()
	c.warnUntil = time.Time{}
	c.mu.Unlock()
	c.Touch()
}

// ReceiptLeft is how long the receipt stays without a touch (a countdown in its last
// seconds; a touch, such as "keep", starts it again); 0 when no receipt is shown.
func (c *Timers) ReceiptLeft() time.Duration {
	c.mu.Lock()
	shown := !c.receiptAt.IsZero()
	c.mu.Unlock()
	if !shown {
		return 0
	}
	return max(c.receiptTimeout()-c.IdleFor(), 0)
}

// KeepReceiptFor makes the receipt shown stay at least d without a touch (a fee's
// VietQR code: the resident is busy with the phone, not the screen); 0 returns to
// Timeouts.Receipt. It lasts until the receipt goes.
func (c *Timers) KeepReceiptFor(d time.Duration) {
	c.mu.Lock()
	c.receiptFor = d
	c.mu.Unlock()
}

func (c *Timers) receiptTimeout() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return max(c.t.Receipt, c.receiptFor)
}

// ShowingReceipt starts (on) or stops the receipt's time-out.
func (c *Timers) ShowingReceipt(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case !on:
		c.receiptAt, c.receiptFor = time.Time{}, 0
	case c.receiptAt.IsZero():
		c.receiptAt = c.now()
	}
}
