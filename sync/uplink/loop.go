package uplink

import (
	"context"
	"errors"
	"time"
)

// ErrRunning is returned by Start when the loop already runs.
var ErrRunning = errors.New("uplink: already running")

// Start runs the background loop until ctx ends or Stop is called: a round at once,
// then one every Interval while online; a round at once on Kick; while offline (the
// last round failed transiently), a health probe with backoff, and a round as soon as
// the gateway answers again.
func (u *Uplink) Start(ctx context.Context) error {
	u.loopMu.Lock()
	defer u.loopMu.Unlock()
	if u.cancel != nil {
		return ErrRunning
	}
	ctx, cancel := context.WithCancel(ctx)
	u.cancel = cancel
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		u.loop(ctx)
	}()
	return nil
}

// Stop ends the loop and waits for it (a request in flight is cancelled; its dossier
// stays in the outbox and is due again).
func (u *Uplink) Stop() {
	u.loopMu.Lock()
	cancel := u.cancel
	u.cancel = nil
	u.loopMu.Unlock()
	if cancel != nil {
		cancel()
	}
	u.wg.Wait()
}

// Kick asks the loop for a round now (a dossier was just saved, staff pressed "sync").
// It never blocks; kicks during a round coalesce into one more round.
func (u *Uplink) Kick() {
	select {
	case u.kick <- struct{}{}:
	default:
	}
}

func (u *Uplink) loop(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	offline := false
	probes := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-u.kick:
			probes = 0
		case <-timer.C:
		}
		if offline {
			cr, err := u.credentials(ctx)
			if err == nil {
				err = u.health(ctx, cr.base)
			}
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				probes++
				wait := u.cfg.ProbeBackoff.Delay(probes, retryAfterOf(err))
				u.update(func(p *Progress) { p.Online, p.NextAttempt = false, u.now().Add(wait) })
				resetTimer(timer, wait)
				continue
			}
			u.logf("uplink: gateway reachable again")
			offline, probes = false, 0
		}
		rep, err := u.Sync(ctx)
		if ctx.Err() != nil {
			return
		}
		var te *transientError
		wait := u.cfg.Interval
		switch {
		case errors.As(err, &te):
			offline = true
			probes = 1
			wait = u.cfg.ProbeBackoff.Delay(probes, te.retryAfter)
		case errors.Is(err, ErrUnauthorized), errors.Is(err, ErrNotConfigured):
			// Nothing to do until someone registers the kiosk or fixes the clock
			// (a Kick, e.g. from `kiosk register` or staff, tries again).
		case err != nil:
			wait = u.cfg.ProbeBackoff.Delay(2, 0) // a local failure: try again soon
		default:
			wait = u.nextWake(ctx, rep, wait)
		}
		u.update(func(p *Progress) { p.NextAttempt = u.now().Add(wait) })
		resetTimer(timer, wait)
	}
}

// nextWake is how long the loop sleeps after a clean round: until the earliest next
// attempt of any waiting dossier (those backed off in earlier rounds included), or the
// moment the bandwidth budget lets held pages go, never longer than max.
func (u *Uplink) nextWake(ctx context.Context, rep Report, max time.Duration) time.Duration {
	now := u.now()
	wait := max
	consider := func(t time.Time) {
		if d := t.Sub(now); d < wait {
			wait = d
		}
	}
	if !rep.RetryAfter.IsZero() {
		consider(rep.RetryAfter)
	}
	if !rep.BudgetUntil.IsZero() {
		consider(rep.BudgetUntil)
	}
	next, ok, err := u.st.NextDue(ctx)
	switch {
	case err != nil:
		u.logf("uplink: %v", err)
		consider(now.Add(u.cfg.ProbeBackoff.Delay(2, 0)))
	case ok && next.After(now):
		consider(next)
	case ok && rep.BudgetUntil.IsZero():
		// Due now yet not sent by a clean round (the store failed to record an
		// outcome): soon, without spinning.
		consider(now.Add(time.Second))
	}
	if wait < 0 {
		wait = 0
	}
	return wait
}

func retryAfterOf(err error) time.Duration {
	var te *transientError
	if errors.As(err, &te) {
		return te.retryAfter
	}
	return 0
}

func resetTimer(t *time.Timer, d time.Duration) {
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(d)
}
