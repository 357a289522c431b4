package scanner

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Causes the eSCL backend gives its own request contexts.
var (
	errESCLClosed = errors.New("closed")
	errESCLSilent = errors.New("device stopped answering")
	errESCLCancel = errors.New("cancelled")
)

// esclClient builds the HTTP client of one device: its own transport, so that
// accepting a self-signed certificate stays a setting of that device alone.
func esclClient(opts ESCLOptions) *http.Client {
	if opts.HTTPClient != nil {
		return opts.HTTPClient
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // a scanner is on the local network; a proxy would not reach it
	tr.DialContext = (&net.Dialer{Timeout: opts.Timeout, KeepAlive: 30 * time.Second}).DialContext
	tr.MaxIdleConnsPerHost = 2
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: opts.Insecure} //nolint:gosec // per device, off by default
	return &http.Client{
		Transport: tr,
		// Location headers are read, never followed: a redirect is the device's answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// call sends one request under ctx (the caller's or the job's), bounded by wait
// until the response headers arrive; the caller reads the body and must call done.
// The returned timer is reset by the caller to bound silences while the body
// arrives. Transport failures come back as *Error.
func (e *ESCL) call(ctx context.Context, op, method, url string, body []byte, wait time.Duration) (*http.Response, *time.Timer, func(), error) {
	rctx, cancel := context.WithCancelCause(ctx)
	stopLife := context.AfterFunc(e.life, func() { cancel(errESCLClosed) })
	timer := time.AfterFunc(wait, func() { cancel(errESCLSilent) })
	done := func() {
		timer.Stop()
		stopLife()
		cancel(nil)
	}
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(string(body))
	}
	req, err := http.NewRequestWithContext(rctx, method, url, rd)
	if err != nil {
		done()
		return nil, nil, nil, newErr(CodeBadParam, op, url, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "text/xml")
	}
	resp, err := e.client.Do(req)
	if err != nil {
		err = e.netErr(op, ctx, rctx, err)
		done()
		return nil, nil, nil, err
	}
	timer.Reset(e.opts.Timeout)
	return resp, timer, func() { resp.Body.Close(); done() }, nil
}

// document GETs a small XML document (capabilities, status) within Timeout.
func (e *ESCL) document(ctx context.Context, op, path string) ([]byte, error) {
	resp, _, done, err := e.call(ctx, op, http.MethodGet, e.base+path, nil, e.opts.Timeout)
	if err != nil {
		return nil, err
	}
	defer done()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, e.netErr(op, ctx, resp.Request.Context(), err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, e.statusErr(op, resp, b)
	}
	return b, nil
}

// statusErr maps an unexpected HTTP status to an *Error.
func (e *ESCL) statusErr(op string, resp *http.Response, body []byte) *Error {
	detail := fmt.Sprintf("%s %s: HTTP %s", resp.Request.Method, resp.Request.URL.Path, resp.Status)
	if s := strings.TrimSpace(string(body)); s != "" && len(s) < 200 {
		detail += ": " + s
	}
	code := CodeProtocol
	switch resp.StatusCode {
	case http.StatusServiceUnavailable:
		code = CodeBusy
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			detail += " (Retry-After " + ra + ")"
		}
	case http.StatusBadRequest, http.StatusNotAcceptable, http.StatusUnsupportedMediaType, http.StatusRequestEntityTooLarge:
		code = CodeBadParam
	case http.StatusInternalServerError:
		code = CodeInternal
	case http.StatusNotFound:
		if op == "open" {
			code = CodeGone // nothing eSCL at that address: the URL or its path is wrong
		}
	}
	return newErr(code, op, detail, nil)
}

// netErr maps a transport failure: ctx is the caller's (or job's) context, rctx the
// request's own.
func (e *ESCL) netErr(op string, ctx, rctx context.Context, err error) *Error {
	cause := context.Cause(rctx)
	switch {
	case e.life.Err() != nil || errors.Is(cause, errESCLClosed):
		return newErr(CodeGone, op, "closed", nil)
	case ctx.Err() != nil && errors.Is(context.Cause(ctx), errESCLCancel):
		return newErr(CodeCancelled, op, "cancelled", nil)
	case ctx.Err() != nil:
		return newErr(CodeCancelled, op, "", ctx.Err())
	case errors.Is(cause, errESCLSilent):
		return newErr(CodeTimeout, op, fmt.Sprintf("%s did not answer within %v", e.base, e.opts.Timeout), nil)
	}
	var (
		ne        net.Error
		unknownCA x509.UnknownAuthorityError
		verify    *tls.CertificateVerificationError
		host      x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &verify) || errors.As(err, &unknownCA) || errors.As(err, &host) || errors.As(err, &invalid):
		fp := ""
		if verify != nil && len(verify.UnverifiedCertificates) > 0 {
			sum := sha256.Sum256(verify.UnverifiedCertificates[0].Raw)
			fp = " (SHA-256 " + hex.EncodeToString(sum[:]) + ": compare it with the device's own network page)"
		}
		return newErr(CodeGone, op, "the device's TLS certificate is not trusted"+fp+"; if this is the right device, "+
			"allow it with \",insecure\" after its URL in the scanner setting", err)
	case errors.As(err, &ne) && ne.Timeout():
		return newErr(CodeTimeout, op, e.base+" did not answer", err)
	}
	return newErr(CodeGone, op, e.base+" cannot be reached", err)
}

// retryAfter reads Retry-After (seconds or an HTTP date); 1 s when absent.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return time.Second
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return time.Second
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
