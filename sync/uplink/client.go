package uplink

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// creds are the kiosk's gateway URL and credentials for one round.
type creds struct {
	base   string // gateway URL without a trailing slash
	id     string
	secret string
}

// answer is a verified answer of the gateway.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// wireError decodes the error body of an answer ("" codes when it is not one).
func (a *answer) wireError() wire.Error {
	var e wire.Error
	_ = json.Unmarshal(a.body, &e)
	return e
}

// newResty builds the HTTP client: system roots plus the optional CA file, the
// per-attempt timeout, and quick retries of transport errors only (a PUT is
// idempotent at the gateway, the body is a []byte that resty resends whole). Status
// codes are never retried here: the outbox backoff handles them, honouring Retry-After.
func newResty(cfg Config, tr http.RoundTripper) *resty.Client {
	c := resty.New().
		SetTransport(tr).
		SetTimeout(cfg.Timeout).
		SetRetryCount(cfg.Retries).
		SetRetryWaitTime(cfg.RetryWait).
		SetRetryMaxWaitTime(4 * cfg.RetryWait).
		SetRedirectPolicy(resty.NoRedirectPolicy()).
		SetLogger(quietLogger{cfg.Logf})
	// AddRetryCondition replaces resty's default "retry on transport error": keep it,
	// and nothing else.
	c.AddRetryCondition(func(_ *resty.Response, err error) bool {
		return err != nil && !errors.Is(err, context.Canceled)
	})
	// The body of every attempt is a fresh reader over the same bytes (see bodyKey).
	c.OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
		if b, ok := r.Context().Value(bodyKey{}).([]byte); ok {
			r.Body = bytes.NewReader(b)
		}
		return nil
	})
	c.OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
		if sg, ok := r.Context().Value(signKey{}).(*signing); ok {
			ts, nonce := wire.Timestamp(sg.now()), wire.NewNonce()
			r.Header.Set(wire.HeaderTimestamp, ts)
			r.Header.Set(wire.HeaderNonce, nonce)
			r.Header.Set(wire.HeaderContentSHA256, sg.hash)
			r.Header.Set(wire.HeaderSignature, wire.Sign(sg.secret, sg.method, sg.path, ts, nonce, sg.length, sg.hash))
		}
		return nil
	})
	return c
}

// newTransport is cfg.Transport, or the HTTP transport: system roots plus the
// optional CA file, a response header timeout of cfg.Timeout.
func newTransport(cfg Config) (http.RoundTripper, error) {
	if cfg.Transport != nil {
		return cfg.Transport, nil
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 8
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.ResponseHeaderTimeout = cfg.Timeout
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("uplink: CA file: %w", err)
		}
		roots, err := x509.SystemCertPool()
		if err != nil || roots == nil {
			roots = x509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("uplink: CA file %s: no PEM certificate in it", cfg.CAFile)
		}
		t.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	}
	return t, nil
}

// streamTransport is the transport of page uploads: tr's settings, but no response
// header timeout (the progress watchdog covers the wait, which includes draining the
// send buffer over a slow link) and a small socket send buffer, so that the bytes the
// connection took are close to the bytes on the link (progress and budget count them),
// over connections that send page bodies from their files (sendfileConn). A transport
// given in Config is used as it is.
func streamTransport(cfg Config, tr http.RoundTripper) http.RoundTripper {
	t, ok := tr.(*http.Transport)
	if !ok || cfg.Transport != nil {
		return tr
	}
	t = t.Clone()
	t.WriteBufferSize = 64 << 10 // a file streams in 64 KB writes, not the default 4 KB
	t.ResponseHeaderTimeout = 0
	t.ExpectContinueTimeout = 10 * time.Second // a gateway that never says 100 gets the body anyway
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetWriteBuffer(streamSendBuffer)
			return sendfileConn{tc}, nil
		}
		return c, err
	}
	return t
}

// streamSendBuffer is the socket send buffer of page uploads.
const streamSendBuffer = 64 << 10

// signKey carries a request's *signing in its context, for the hook that signs every
// attempt.
type signKey struct{}

// signing is what a request's signature covers, apart from the per-attempt timestamp
// and nonce.
type signing struct {
	secret, method, path, hash string
	length                     int64
	now                        func() time.Time
}

// bodyKey carries a request's body bytes in its context. Resty copies a []byte body
// three times per attempt (a 200 KB page PUT cost 3× a plain net/http PUT), and resends
// an io.Reader body empty on retry; a fresh *bytes.Reader per attempt, set by the
// OnBeforeRequest hook (which runs on every attempt), avoids both: net/http takes its
// length and GetBody from it without copying.
type bodyKey struct{}

// call sends one signed request and returns the gateway's verified answer.
// Errors: *transientError (network, timeout, 408/425/429/5xx, unsigned answers
// wrapping ErrNotGateway), ErrUnauthorized (401). Any other status is returned as an
// answer for the caller to interpret.
//
// bodyHash is wire.BodyHash(body) when the caller has it already ("" computes it).
func (u *Uplink) call(ctx context.Context, cr creds, op, method, path string, body []byte, bodyHash, contentType string, hdr map[string]string) (*answer, error) {
	url := cr.base + path
	signedPath, err := wire.SignedPathOf(url)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if bodyHash == "" {
		bodyHash = wire.BodyHash(body)
	}
	// Each attempt is signed afresh (timestamp, nonce) by the signing hook: the gateway
	// refuses a nonce it has seen, and resty resends the same request on a transport error.
	// The timestamp is signTime's: the kiosk's clock, or the gateway's for a heartbeat.
	ctx = context.WithValue(ctx, signKey{}, &signing{secret: cr.secret, method: method, path: signedPath,
		length: int64(len(body)), hash: bodyHash, now: func() time.Time { return u.signTime(ctx) }})
	req := u.http.R().SetContext(ctx).
		SetHeader(wire.HeaderKioskID, cr.id).
		SetHeader("Accept", wire.ContentTypeJSON)
	for k, v := range hdr {
		req.SetHeader(k, v)
	}
	if body != nil {
		req.SetContext(context.WithValue(ctx, bodyKey{}, body)).SetHeader("Content-Type", contentType)
	}
	resp, err := req.Execute(method, url)
	sig := req.Header.Get(wire.HeaderSignature) // the last attempt's, which this answer answers
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", op, ctx.Err())
		}
		return nil, &transientError{op: op, err: fmt.Errorf("%w: %w", ErrOffline, err)}
	}
	return u.verifyAnswer(cr, op, sig, &answer{status: resp.StatusCode(), header: resp.Header(), body: resp.Body()})
}

// verifyAnswer checks that a is the gateway's answer to the request signed sig and
// classifies it as call does.
func (u *Uplink) verifyAnswer(cr creds, op, sig string, a *answer) (*answer, error) {
	if verr := wire.VerifyResponse(cr.secret, a.status, sig, a.body, a.header.Get(wire.HeaderGatewaySignature)); verr != nil {
		if a.status == http.StatusUnauthorized {
			// The gateway cannot sign a 401 for a kiosk it does not know (and a HEAD's
			// carries no body to tell). Taking a foreign 401 for the gateway's costs
			// nothing: the round stops and the dossier waits, as for any transient failure.
			return nil, fmt.Errorf("%s: %w", op, ErrUnauthorized)
		}
		return nil, &transientError{op: op, status: a.status, retryAfter: u.retryAfter(a), err: fmt.Errorf("%w (%s)", ErrNotGateway, describe(a))}
	}
	switch {
	case a.status == http.StatusUnauthorized:
		return nil, fmt.Errorf("%s: %w", op, ErrUnauthorized)
	case wire.Transient(a.status):
		e := a.wireError()
		return nil, &transientError{op: op, status: a.status, retryAfter: u.retryAfter(a), err: &e}
	}
	return a, nil
}

// retryAfter honours Retry-After on the statuses that carry it.
func (u *Uplink) retryAfter(a *answer) time.Duration {
	if a.status == http.StatusTooManyRequests || a.status == http.StatusServiceUnavailable || a.status >= 500 {
		return parseRetryAfter(a.header, u.now())
	}
	return 0
}

// describe summarises an unverified answer for logs and staff.
func describe(a *answer) string {
	ct := a.header.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("HTTP %d, %s, %d bytes", a.status, ct, len(a.body))
}

// health asks GET /api/v1/health (no auth). It proves the link and that the far end
// looks like the gateway; a captive portal's page fails.
func (u *Uplink) health(ctx context.Context, base string) error {
	resp, err := u.http.R().SetContext(ctx).SetHeader("Accept", wire.ContentTypeJSON).Get(base + wire.HealthPath)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &transientError{op: "health", err: fmt.Errorf("%w: %w", ErrOffline, err)}
	}
	var h wire.Health
	if resp.StatusCode() != http.StatusOK || json.Unmarshal(resp.Body(), &h) != nil || h.Status != "ok" || h.Gateway != wire.GatewayName {
		a := &answer{status: resp.StatusCode(), header: resp.Header(), body: resp.Body()}
		return &transientError{op: "health", status: a.status, retryAfter: u.retryAfter(a), err: fmt.Errorf("%w (%s)", ErrNotGateway, describe(a))}
	}
	return nil
}

// quietLogger routes resty's own logging to logf (it logs every retried attempt).
type quietLogger struct{ logf func(string, ...any) }

func (l quietLogger) Errorf(f string, v ...any) { l.logf("uplink: resty: "+f, v...) }
func (l quietLogger) Warnf(string, ...any)      {} // every retried attempt; the uplink logs outcomes
func (l quietLogger) Debugf(string, ...any)     {}
