// Package faultproxy is a TCP proxy that injects network faults between an HTTP client
// and a server, for tests: refused connections, resets in the middle of a body, stalls
// past the client's timeout, truncated answers, and canned answers that are not the
// server's (a 503 with Retry-After, a 500, a captive portal's 200 HTML login page).
//
// SetRate makes the proxy a slow link (client→server bytes paced and counted) and
// ResetEvery a flaky one (every open connection reset on a period).
//
// Faults are chosen per accepted connection by a Chooser; byte-counted faults hit at
// any point of a keep-alive connection's stream, so they land in the middle of
// requests and answers alike. Refusal is real: the listener is closed, so the client
// gets ECONNREFUSED.
package faultproxy

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// Kind is a kind of fault.
type Kind int

// The faults a connection can get.
const (
	Pass     Kind = iota // relay both ways untouched
	Reset                // relay, then RST both sides after N bytes from the client
	Truncate             // relay, then close the client side after N bytes from the server
	Stall                // relay N bytes from the client, then hold the connection silently
	Respond              // read the request head, answer Canned, close (the server never sees it)
	Drop                 // accept and RST at once
	numKinds
)

func (k Kind) String() string {
	return [...]string{"pass", "reset", "truncate", "stall", "respond", "drop"}[k]
}

// Fault is what happens to one connection.
type Fault struct {
	Kind   Kind
	N      int64  // byte count for Reset, Truncate, Stall
	Canned []byte // the raw HTTP answer for Respond
}

// Chooser picks the fault of the n-th accepted connection (0-based).
type Chooser func(n int) Fault

// Canned answers.
var (
	// ServiceUnavailable is a load balancer's 503 with Retry-After: 1.
	ServiceUnavailable = CannedAnswer(503, "Service Unavailable", "text/plain", "Service Unavailable", "Retry-After: 1")
	// InternalError is a proxy's 500 HTML page.
	InternalError = CannedAnswer(500, "Internal Server Error", "text/html", "<html><body>500 Internal Error</body></html>")
	// CaptivePortal is a captive portal's 200 HTML login page.
	CaptivePortal = CannedAnswer(200, "OK", "text/html; charset=utf-8",
		"<html><head><title>Wi-Fi login</title></head><body><form>Đăng nhập Wi-Fi: <input name=pw></form></body></html>")
	// CaptivePortalJSON is a 200 that even looks like an acknowledgement, but is unsigned.
	CaptivePortalJSON = CannedAnswer(200, "OK", "application/json",
		`{"id":"x","official_code":"000.00.21.H13-261127-9999","status":"received","received_at":"2026-11-27T10:00:00Z"}`)
)

// CannedAnswer builds a raw HTTP/1.1 answer that closes the connection.
func CannedAnswer(status int, reason, contentType, body string, headers ...string) []byte {
	h := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n", status, reason, contentType, len(body))
	for _, x := range headers {
		h += x + "\r\n"
	}
	return []byte(h + "\r\n" + body)
}

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	target string

	mu       sync.Mutex
	ln       net.Listener
	addr     string
	choose   Chooser
	refusing bool
	accepted int
	counts   [numKinds]int
	conns    map[net.Conn]struct{}
	closed   bool
	resets   int
	wg       sync.WaitGroup

	link link // the client→server throttle and byte count
}

// link is a throttled uplink shared by every connection, like a modem: bytes from
// the clients leave at most rate bytes per second in all.
type link struct {
	mu   sync.Mutex
	rate int64     // bytes per second; 0 unlimited
	next time.Time // when the link is free again
	up   int64     // client→server bytes relayed
}

// pace waits until n more bytes may leave, then counts them.
func (l *link) pace(n int) {
	l.mu.Lock()
	if l.rate <= 0 {
		l.up += int64(n)
		l.mu.Unlock()
		return
	}
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	l.next = l.next.Add(time.Duration(float64(n) / float64(l.rate) * float64(time.Second)))
	until := l.next
	l.up += int64(n)
	l.mu.Unlock()
	time.Sleep(time.Until(until))
}

// SetRate throttles the bytes from clients to the server to bytesPerSec in all
// connections together (0: unlimited). A throttled proxy also keeps its receive
// buffer small, so that a client cannot park megabytes in the kernel ahead of the
// "link": what the client's connection took is close to what crossed.
func (p *Proxy) SetRate(bytesPerSec int64) {
	p.link.mu.Lock()
	p.link.rate = bytesPerSec
	p.link.mu.Unlock()
}

// BytesUp is how many bytes went from clients to the server so far (headers included).
func (p *Proxy) BytesUp() int64 {
	p.link.mu.Lock()
	defer p.link.mu.Unlock()
	return p.link.up
}

// ResetAll resets every open connection (RST both ways), as a flaky link does.
func (p *Proxy) ResetAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		rst(c)
		p.resets++
	}
}

// Resets is how many connections ResetAll cut (each relayed connection counts twice:
// its client and its server side).
func (p *Proxy) Resets() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.resets
}

// ResetEvery calls ResetAll every period until the returned stop is called.
func (p *Proxy) ResetEvery(period time.Duration) (stop func()) {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				p.ResetAll()
			}
		}
	}()
	return func() { once.Do(func() { close(done) }) }
}

// New starts a proxy on 127.0.0.1 (a free port) relaying to target (host:port).
// choose nil relays everything untouched.
func New(target string, choose Chooser) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{target: target, ln: ln, addr: ln.Addr().String(), choose: choose, conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	return p, nil
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.addr }

// URL is "http://" + Addr.
func (p *Proxy) URL() string { return "http://" + p.addr }

// Counts reports how many connections got each kind of fault so far, and how many
// were refused while refusing.
func (p *Proxy) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for k, n := range p.counts {
		out[Kind(k).String()] = n
	}
	return out
}

// SetRefusing closes the listener (new connections are refused by the kernel) or opens
// it again on the same port. Open connections are cut when refusing starts.
func (p *Proxy) SetRefusing(on bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || on == p.refusing {
		return nil
	}
	p.refusing = on
	if on {
		p.ln.Close()
		for c := range p.conns {
			c.Close()
		}
		return nil
	}
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger a moment
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("faultproxy: listen again on %s: %w", p.addr, err)
	}
	p.ln = ln
	p.serve(ln)
	return nil
}

// CutAll closes every open connection (a link flap).
func (p *Proxy) CutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

// Close stops the proxy and cuts every connection.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.ln.Close()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return nil
}

func (p *Proxy) serve(ln net.Listener) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			if p.closed {
				p.mu.Unlock()
				c.Close()
				return
			}
			f := Fault{Kind: Pass}
			if p.choose != nil {
				f = p.choose(p.accepted)
			}
			p.accepted++
			p.counts[f.Kind]++
			p.conns[c] = struct{}{}
			p.wg.Add(1)
			p.mu.Unlock()
			go func() {
				defer p.wg.Done()
				p.handle(c, f)
				p.forget(c)
			}()
		}
	}()
}

func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) forget(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

func rst(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

func (p *Proxy) handle(c net.Conn, f Fault) {
	switch f.Kind {
	case Drop:
		rst(c)
		return
	case Respond:
		readHead(c)
		c.Write(f.Canned)
		time.Sleep(10 * time.Millisecond) // let the answer leave before the close
		return
	}
	s, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		rst(c)
		return
	}
	if !p.track(s) {
		s.Close()
		return
	}
	defer p.forget(s)

	up := int64(-1) // bytes client→server before the fault; -1 none
	down := int64(-1)
	switch f.Kind {
	case Reset, Stall:
		up = f.N
	case Truncate:
		down = f.N
	}
	p.link.mu.Lock()
	throttled := p.link.rate > 0
	p.link.mu.Unlock()
	if tc, ok := c.(*net.TCPConn); ok && throttled {
		tc.SetReadBuffer(16 << 10)
	}
	done := make(chan struct{}, 2)
	go func() { // client → server
		err := copyN(s, c, up, &p.link)
		if errors.Is(err, errLimit) {
			if f.Kind == Reset {
				rst(c)
				rst(s)
			} else { // Stall: hold silently until someone closes
				io.Copy(io.Discard, c)
			}
		}
		done <- struct{}{}
	}()
	go func() { // server → client
		err := copyN(c, s, down, nil)
		if errors.Is(err, errLimit) {
			c.Close()
			s.Close()
		}
		done <- struct{}{}
	}()
	<-done
	if f.Kind == Stall {
		// the client side decides when to give up; the server half may be done already
		<-done
		return
	}
	c.Close()
	s.Close()
	<-done
}

var errLimit = errors.New("limit reached")

// copyN copies src to dst; with limit ≥ 0 it stops after limit bytes with errLimit.
// Through a link (not nil) the bytes are paced and counted, in small pieces.
func copyN(dst io.Writer, src io.Reader, limit int64, l *link) error {
	buf := make([]byte, 32<<10)
	var n int64
	for {
		want := len(buf)
		if l != nil {
			l.mu.Lock()
			if l.rate > 0 {
				want = 4 << 10
			}
			l.mu.Unlock()
		}
		if limit >= 0 {
			if n >= limit {
				return errLimit
			}
			want = int(min(int64(want), limit-n))
		}
		r, err := src.Read(buf[:want])
		if r > 0 {
			if l != nil {
				l.pace(r)
			}
			if _, werr := dst.Write(buf[:r]); werr != nil {
				return werr
			}
			n += int64(r)
		}
		if err != nil {
			return err
		}
	}
}

// readHead reads an HTTP request head (up to the blank line) and drops it.
func readHead(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	defer c.SetReadDeadline(time.Time{})
	var last [4]byte
	b := make([]byte, 1)
	for i := 0; i < 64<<10; i++ {
		if _, err := c.Read(b); err != nil {
			return
		}
		copy(last[:], last[1:])
		last[3] = b[0]
		if string(last[:]) == "\r\n\r\n" {
			return
		}
	}
}

// Mix is a Chooser that gives each connection a fault at random with the given weights
// (kinds missing from weights never happen), byte counts uniform in [0, maxN), and
// canned answers picked from canned. The same seed gives the same sequence.
func Mix(seed uint64, weights map[Kind]int, maxN int64, canned ...[]byte) Chooser {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	total := 0
	for _, w := range weights {
		total += w
	}
	if len(canned) == 0 {
		canned = [][]byte{ServiceUnavailable, InternalError, CaptivePortal, CaptivePortalJSON}
	}
	return func(int) Fault {
		mu.Lock()
		defer mu.Unlock()
		if total == 0 {
			return Fault{Kind: Pass}
		}
		x := r.IntN(total)
		for k := Kind(0); k < numKinds; k++ {
			w := weights[k]
			if x < w {
				f := Fault{Kind: k}
				if maxN > 0 {
					f.N = r.Int64N(maxN)
				}
				if k == Respond {
					f.Canned = canned[r.IntN(len(canned))]
				}
				return f
			}
			x -= w
		}
		return Fault{Kind: Pass}
	}
}

// Sequence is a Chooser that plays faults in order, then passes.
func Sequence(faults ...Fault) Chooser {
	return func(n int) Fault {
		if n < len(faults) {
			return faults[n]
		}
		return Fault{Kind: Pass}
	}
}
