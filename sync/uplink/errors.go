package uplink

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors callers decide on.
var (
	// ErrNotConfigured: no gateway URL, kiosk ID or secret (run `kiosk register`).
	ErrNotConfigured = errors.New("uplink: gateway not configured (kiosk register)")
	// ErrUnauthorized: the gateway refused the kiosk's signature (401).
	ErrUnauthorized = errors.New("kiosk not registered or clock wrong")
	// ErrNotGateway: an answer that is not signed by the gateway (captive portal, proxy page).
	ErrNotGateway = errors.New("not the gateway's answer")
	// ErrNotFound: the gateway does not know the dossier or code.
	ErrNotFound = errors.New("uplink: not found at the gateway")
	// ErrOffline: the gateway could not be reached.
	ErrOffline = errors.New("uplink: gateway unreachable")
)

// transientError is a failure worth retrying later: the network, a timeout, a 5xx, a 429,
// or an answer that is not the gateway's. RetryAfter is the server's wish, 0 when none.
type transientError struct {
	op         string
	status     int
	retryAfter time.Duration
	err        error
}

func (e *transientError) Error() string {
	if e.status != 0 {
		return fmt.Sprintf("%s: HTTP %d: %v", e.op, e.status, e.err)
	}
	return fmt.Sprintf("%s: %v", e.op, e.err)
}

func (e *transientError) Unwrap() error { return e.err }

// refusal is a signed answer of the gateway that refuses for good (409, 422, 413, 400).
type refusal struct {
	op      string
	status  int
	code    string // the wire error code, e.g. "conflict", "invalid"
	message string // the gateway's reason, for staff
}

func (e *refusal) Error() string {
	msg := e.message
	if msg == "" {
		msg = e.code
	}
	return fmt.Sprintf("%s: refused (HTTP %d): %s", e.op, e.status, msg)
}

// reason is the text stored with a rejected dossier.
func (e *refusal) reason() string {
	switch {
	case e.message != "" && e.code != "":
		return e.code + ": " + e.message
	case e.message != "":
		return e.message
	case e.code != "":
		return e.code
	}
	return fmt.Sprintf("HTTP %d", e.status)
}
