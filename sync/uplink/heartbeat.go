package uplink

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// signOffsetKey carries, in a request's context, how far the gateway's clock is from
// the kiosk's: a heartbeat is signed with the gateway's time so that a kiosk whose
// clock is wrong still reports it (its other requests keep the kiosk's own clock).
type signOffsetKey struct{}

// signTime is the time a request is signed with: the signing clock, moved by the
// gateway's offset when the context carries one.
func (u *Uplink) signTime(ctx context.Context) time.Time {
	t := u.signNow()
	if off, ok := ctx.Value(signOffsetKey{}).(time.Duration); ok {
		t = t.Add(off)
	}
	return t
}

// gatewayTime asks the health endpoint for the gateway's clock and returns the
// gateway's time minus the kiosk's (half the round trip accounted for).
func (u *Uplink) gatewayTime(ctx context.Context, base string) (time.Duration, error) {
	sent := u.signNow()
	resp, err := u.http.R().SetContext(ctx).SetHeader("Accept", wire.ContentTypeJSON).Get(base + wire.HealthPath)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, &transientError{op: "health", err: fmt.Errorf("%w: %w", ErrOffline, err)}
	}
	got := u.signNow()
	var h wire.Health
	if resp.StatusCode() != http.StatusOK || json.Unmarshal(resp.Body(), &h) != nil || h.Gateway != wire.GatewayName || h.Time.IsZero() {
		a := &answer{status: resp.StatusCode(), header: resp.Header(), body: resp.Body()}
		return 0, &transientError{op: "health", status: a.status, err: fmt.Errorf("%w (%s)", ErrNotGateway, describe(a))}
	}
	mid := sent.Add(got.Sub(sent) / 2)
	return h.Time.Sub(mid).Round(time.Second), nil
}

// Heartbeat sends the kiosk's health report. hb.SentAt is set here (the kiosk's own
// clock); the request is signed with the gateway's time read from its health answer,
// so a kiosk with a wrong clock is seen and alerted on rather than silent. Errors as
// for Sync: *transientError (offline, not the gateway), ErrUnauthorized,
// ErrNotConfigured, or a refusal of the body (422) as a plain error.
func (u *Uplink) Heartbeat(ctx context.Context, hb wire.Heartbeat) error {
	cr, err := u.credentials(ctx)
	if err != nil {
		return err
	}
	off, err := u.gatewayTime(ctx, cr.base)
	if err != nil {
		return err
	}
	hb.SentAt = u.signNow().UTC()
	body, err := json.Marshal(hb)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	a, err := u.call(context.WithValue(ctx, signOffsetKey{}, off), cr, "heartbeat", http.MethodPut, wire.HeartbeatPath, body, "", wire.ContentTypeJSON, nil)
	if err != nil {
		return err
	}
	if a.status != http.StatusOK {
		e := a.wireError()
		return fmt.Errorf("heartbeat refused: HTTP %d: %s", a.status, e.Message)
	}
	return nil
}

// ErrorKind names the kind of the last failed round for a heartbeat: "" after a
// good round, else "not_configured", "unauthorized", "offline" (the gateway could
// not be reached or answered something else) or "local" (the kiosk's own store).
func ErrorKind(p Progress) string {
	switch {
	case p.LastError == "":
		return ""
	case !p.Configured:
		return "not_configured"
	case p.Unauthorized:
		return "unauthorized"
	case !p.Online:
		return "offline"
	}
	return "local"
}
