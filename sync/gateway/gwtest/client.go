package gwtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Client is a kiosk speaking the wire contract with net/http.
type Client struct {
	BaseURL string // e.g. http://127.0.0.1:8787
	ID      string
	Secret  string
	HTTP    *http.Client
	Now     func() time.Time // signing clock; time.Now when nil
	// Unsigned sends requests without authentication headers (for refusal tests).
	Unsigned bool
}

// Response is an answer whose gateway signature has been checked (Signed reports the
// outcome; unsigned answers are returned too, for tests to inspect).
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	Signed bool  // X-Gateway-Signature verified
	SigErr error // why not, when !Signed
}

// Do sends one request with body (nil for none) and reads the whole answer.
func (c *Client) Do(ctx context.Context, method, path string, body []byte, hdr http.Header) (*Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	var sig string
	if !c.Unsigned {
		now := time.Now()
		if c.Now != nil {
			now = c.Now()
		}
		if sig, err = wire.SignRequest(req, c.ID, c.Secret, body, now); err != nil {
			return nil, err
		}
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	r.SigErr = wire.VerifyResponse(c.Secret, resp.StatusCode, sig, b, resp.Header.Get(wire.HeaderGatewaySignature))
	r.Signed = r.SigErr == nil
	return r, nil
}

// JSON decodes the answer's body into v.
func (r *Response) JSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("answer %d %q: %w", r.Status, r.Body, err)
	}
	return nil
}

// PutPage uploads page bytes under their SHA-256.
func (c *Client) PutPage(ctx context.Context, data []byte, format string) (*Response, error) {
	return c.Do(ctx, http.MethodPut, wire.PagePath(wire.BodyHash(data)), data,
		http.Header{"Content-Type": {wire.PageContentType(format)}})
}

// PutDossier submits a dossier.
func (c *Client) PutDossier(ctx context.Context, d wire.Dossier) (*Response, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	return c.Do(ctx, http.MethodPut, wire.DossierPath(d.ID), b, http.Header{"Content-Type": {wire.ContentTypeJSON}})
}
