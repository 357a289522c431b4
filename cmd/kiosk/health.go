package main

import (
	"sync"
	"sync/atomic"

	"github.com/cantho-kiosk/kiosk/sync/update"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// healthReporter writes the launcher's health file once the window is up and a
// sync round reached the gateway: what "the new build works" means for a rollback.
type healthReporter struct {
	window, synced atomic.Bool
	once           sync.Once
	logf           func(string, ...any)
}

func (h *healthReporter) windowUp() { h.window.Store(true); h.check() }

// progress hears the uplink's progress: a round that reached the gateway counts.
func (h *healthReporter) progress(p uplink.Progress) {
	if p.Online && !p.LastSync.IsZero() {
		h.synced.Store(true)
		h.check()
	}
}

func (h *healthReporter) check() {
	if h.window.Load() && h.synced.Load() {
		h.once.Do(func() {
			if err := update.MarkHealthy(); err != nil {
				h.logf("kiosk: health file: %v", err)
			}
		})
	}
}
