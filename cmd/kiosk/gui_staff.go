package main

import "github.com/cantho-kiosk/kiosk/sync/uplink"

// Status gives the staff screen's "send now" the uplink's progress (kiosk's optional
// syncMonitor interface).
func (a uplinkAdapter) Status() uplink.Progress { return a.up.Status() }
