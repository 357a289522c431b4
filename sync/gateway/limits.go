package gateway

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// Limits bound what authenticated kiosks may hold of the gateway at once. Forged
// requests hold nothing: they are refused on their headers.
//
// The sizes come from the slowest real link, a commune's 3G modem at 1 Mbit/s
// (125,000 bytes/s). The uplink sends up to four requests at once over that one link
// (two page uploads and two dossier submissions), so one body may get a quarter of it,
// about 31,000 bytes/s; halving that again for a flaky link gives MinBodyRate, 15,625
// bytes/s. A body of n bytes may take BodyGrace + n / MinBodyRate: 43 s for a typical
// 200 KB page, 97 s for a 1 MiB dossier, 22 min for a 20 MiB page (the largest a kiosk
// may send). A slower body is cut (408, transient: the kiosk sends it again).
type Limits struct {
	// MinBodyRate is the slowest body accepted, in bytes per second [15625].
	MinBodyRate int64
	// BodyGrace is added to every body's deadline (connection set-up, a stalled
	// modem) [30 s].
	BodyGrace time.Duration
	// PerKiosk is how many bodies one kiosk may send at once [4, the uplink's own
	// concurrency].
	PerKiosk int64
	// InFlightBytes bounds the bytes of all bodies being received at once: the
	// gateway's memory for uploads [256 MiB].
	InFlightBytes int64
	// SlotWait is how long a request waits for an upload slot before a 503 with
	// Retry-After [10 s].
	SlotWait time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.MinBodyRate <= 0 {
		l.MinBodyRate = 1_000_000 / 8 / 4 / 2
	}
	if l.BodyGrace <= 0 {
		l.BodyGrace = 30 * time.Second
	}
	if l.PerKiosk <= 0 {
		l.PerKiosk = 4
	}
	if l.InFlightBytes <= 0 {
		l.InFlightBytes = 256 << 20
	}
	if l.SlotWait <= 0 {
		l.SlotWait = 10 * time.Second
	}
	return l
}

// uploadSlots hands out upload slots: one of the kiosk's PerKiosk, and the body's
// length out of InFlightBytes.
type uploadSlots struct {
	perKiosk   int64
	wait       time.Duration
	retryAfter time.Duration
	global     *semaphore.Weighted
	max        int64

	mu     sync.Mutex
	kiosks map[string]*semaphore.Weighted // only authenticated kiosks: bounded by the registry
}

func newUploadSlots(l Limits) *uploadSlots {
	return &uploadSlots{perKiosk: l.PerKiosk, wait: l.SlotWait, retryAfter: 5 * time.Second,
		global: semaphore.NewWeighted(l.InFlightBytes), max: l.InFlightBytes, kiosks: map[string]*semaphore.Weighted{}}
}

// acquire waits up to the slot wait for kiosk's slot and n bytes; ok is false when
// none came in time.
func (u *uploadSlots) acquire(ctx context.Context, kiosk string, n int64) (release func(), ok bool) {
	u.mu.Lock()
	ks := u.kiosks[kiosk]
	if ks == nil {
		ks = semaphore.NewWeighted(u.perKiosk)
		u.kiosks[kiosk] = ks
	}
	u.mu.Unlock()
	n = min(n, u.max)
	ctx, cancel := context.WithTimeout(ctx, u.wait)
	defer cancel()
	if ks.Acquire(ctx, 1) != nil {
		return nil, false
	}
	if u.global.Acquire(ctx, n) != nil {
		ks.Release(1)
		return nil, false
	}
	return func() { u.global.Release(n); ks.Release(1) }, true
}
