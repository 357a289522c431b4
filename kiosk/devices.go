package kiosk

// deviceState is what the kiosk last heard from a device.
type deviceState int

// Device states.
const (
	deviceUnknown deviceState = iota // nothing heard yet: its Connectivity decides
	deviceOK                         // it worked (a page, a code)
	deviceGone                       // it said it is gone (a scan failed so, the reader's codes ended)
)

// deviceStates are the scanner's and the QR reader's last known states.
type deviceStates struct {
	scan, qr deviceState
}

// ready reports whether a device is usable: present, not known gone, and attached by
// its own account (Connectivity).
func ready(dev any, st deviceState) bool {
	if dev == nil || st == deviceGone {
		return false
	}
	if c, ok := dev.(Connectivity); ok {
		return c.Connected()
	}
	return true
}
