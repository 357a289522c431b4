package uplink

import (
	"errors"
	"net"
	"net/url"
	"strings"
)

// ErrInsecureGateway: the gateway URL is plain http:// to another machine, and
// Config.AllowHTTP is not set. Residents' data and the dashboard's cookies would cross
// the network readable by anyone on the path. errors.Is(err, ErrNotConfigured) holds
// too: the kiosk syncs nothing until the URL is fixed.
var ErrInsecureGateway = errors.New("uplink: the gateway URL is http:// to another machine; use https:// (or set allow_http)")

// InsecureURL reports whether raw is an http:// URL whose host is not loopback
// (localhost, 127.0.0.0/8, ::1): such a link has no TLS outside this machine.
func InsecureURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Scheme, "http") {
		return false
	}
	h := u.Hostname()
	if strings.EqualFold(h, "localhost") {
		return false
	}
	ip := net.ParseIP(h)
	return ip == nil || !ip.IsLoopback()
}
