package flow

import "time"

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
func (f *Flow) Touch() {
	f.mu.Lock()
	f.lastActivity = f.now()
	f.mu.Unlock()
}

// IdleFor is how long nobody has touched the kiosk.
func (f *Flow) IdleFor() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now().Sub(f.lastActivity)
}

// Due says what the clock asks for now: the warning's countdown or its end once it is
// shown; the end of the session once the receipt has been left alone for
// Timeouts.Receipt; the warning after Timeouts.Idle without a touch.
func (f *Flow) Due() Alarm {
	now := f.now()
	f.mu.Lock()
	warn, receipt := f.warnUntil, f.receiptAt
	f.mu.Unlock()
	switch {
	case !warn.IsZero():
		if !now.Before(warn) {
			return AlarmEnd
		}
		return AlarmCount
	case !receipt.IsZero():
		if f.IdleFor() >= f.o.Timeouts.Receipt {
			return AlarmEnd
		}
		return AlarmNone
	case f.IdleFor() >= f.o.Timeouts.Idle:
		return AlarmWarn
	}
	return AlarmNone
}

// Idle reports that the kiosk has been left alone for Timeouts.Idle (the check the
// back office's PIN pad makes for the session under it).
func (f *Flow) Idle() bool { return f.IdleFor() >= f.o.Timeouts.Idle }

// Warn starts the idle warning's countdown.
func (f *Flow) Warn() {
	f.mu.Lock()
	f.warnUntil = f.now().Add(f.o.Timeouts.Warning)
	f.mu.Unlock()
}

// Warning reports that the idle warning is shown.
func (f *Flow) Warning() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.warnUntil.IsZero()
}

// WarningLeft is what remains of the warning's countdown.
func (f *Flow) WarningLeft() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.warnUntil.Sub(f.now())
}

// Continue dismisses the warning: the resident is still there.
func (f *Flow) Continue() {
	f.mu.Lock()
	f.warnUntil = time.Time{}
	f.mu.Unlock()
	f.Touch()
}

// ShowingReceipt starts (on) or stops the receipt's time-out.
func (f *Flow) ShowingReceipt(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case !on:
		f.receiptAt = time.Time{}
	case f.receiptAt.IsZero():
		f.receiptAt = f.now()
	}
}
