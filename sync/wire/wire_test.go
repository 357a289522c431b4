package wire_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

var now = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// A known-answer vector, computed independently with
// printf 'PUT\n/api/v1/dossiers/abc\n1795772000\n0123456789abcdef0123456789abcdef\n12\n<sha256 of body>' | openssl dgst -sha256 -hmac s3cret
func TestSignKnownAnswer(t *testing.T) {
	body := []byte(`{"id":"abc"}`)
	if got, want := wire.BodyHash(body), "d2b93f12ee128bad970b0fea0d8c6a2e1f5f84d47fe2bac08a39808a04b43433"; got != want {
		t.Fatalf("BodyHash = %s, want %s", got, want)
	}
	sig := wire.Sign("s3cret", "PUT", "/api/v1/dossiers/abc", "1795772000", "0123456789abcdef0123456789abcdef", int64(len(body)), wire.BodyHash(body))
	if want := "fda3f353cb2a6f1b26b72d507572a16c1953d186f565066dda635f7ea3edbe05"; sig != want {
		t.Fatalf("Sign = %s, want %s", sig, want)
	}
	if wire.EmptyBodyHash != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("EmptyBodyHash = %s", wire.EmptyBodyHash)
	}
	s := wire.StringToSign("put", "/api/v1/dossiers/abc", "1795772000", "n0nce-n0nce-n0nce", 0, wire.EmptyBodyHash)
	if s != "PUT\n/api/v1/dossiers/abc\n1795772000\nn0nce-n0nce-n0nce\n0\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("StringToSign = %q", s)
	}
}

func newReq(t *testing.T, method, rawURL string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// serverView turns a client request into what a server behind a prefix-stripping
// proxy sees.
func serverView(t *testing.T, c *http.Request, strip string) *http.Request {
	t.Helper()
	uri := strings.TrimPrefix(c.URL.RequestURI(), strip)
	s := newReq(t, c.Method, "http://gw.example"+uri)
	s.Header = c.Header.Clone()
	s.ContentLength = c.ContentLength
	return s
}

func TestSignVerifyRoundTrip(t *testing.T) {
	body := []byte(`{"sessions":3}`)
	c := newReq(t, "PUT", "https://dvc.cantho.gov.vn/kiosk-api"+wire.UsagePath("2026-11-27"))
	sig, err := wire.SignRequest(c, "k1", "secret-1", body, now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Header.Get(wire.HeaderSignature) != sig || c.Header.Get(wire.HeaderKioskID) != "k1" {
		t.Fatalf("headers not set: %v", c.Header)
	}
	for _, strip := range []string{"", "/kiosk-api"} {
		s := serverView(t, c, strip)
		if err := wire.VerifyRequest(s, "secret-1", body, now.Add(10*time.Second)); err != nil {
			t.Fatalf("strip %q: verify: %v", strip, err)
		}
	}
}

func TestVerifyRefusals(t *testing.T) {
	body := []byte(`{"id":"d1"}`)
	sign := func(secret string, at time.Time) *http.Request {
		r := newReq(t, "PUT", "http://127.0.0.1:1"+wire.DossierPath("d1"))
		if _, err := wire.SignRequest(r, "k1", secret, body, at); err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		name   string
		req    func() *http.Request
		body   []byte
		secret string
		want   error
	}{
		{"no headers", func() *http.Request { return newReq(t, "PUT", "http://x"+wire.DossierPath("d1")) }, body, "s", wire.ErrMissingAuth},
		{"no signature", func() *http.Request { r := sign("s", now); r.Header.Del(wire.HeaderSignature); return r }, body, "s", wire.ErrMissingAuth},
		{"wrong secret", func() *http.Request { return sign("other", now) }, body, "s", wire.ErrBadSignature},
		{"stale", func() *http.Request { return sign("s", now.Add(-301*time.Second)) }, body, "s", wire.ErrStale},
		{"future", func() *http.Request { return sign("s", now.Add(301*time.Second)) }, body, "s", wire.ErrStale},
		{"garbage timestamp", func() *http.Request { r := sign("s", now); r.Header.Set(wire.HeaderTimestamp, "+12"); return r }, body, "s", wire.ErrBadTimestamp},
		{"body tampered", func() *http.Request { return sign("s", now) }, []byte(`{"id":"d2"}`), "s", wire.ErrBadSignature},
		{"method changed", func() *http.Request { r := sign("s", now); r.Method = "DELETE"; return r }, body, "s", wire.ErrBadSignature},
		{"path changed", func() *http.Request {
			r := sign("s", now)
			r.URL.Path = wire.DossierPath("d2")
			return r
		}, body, "s", wire.ErrBadSignature},
		{"timestamp changed", func() *http.Request {
			r := sign("s", now)
			r.Header.Set(wire.HeaderTimestamp, wire.Timestamp(now.Add(time.Second)))
			return r
		}, body, "s", wire.ErrBadSignature},
		{"nonce changed", func() *http.Request {
			r := sign("s", now)
			r.Header.Set(wire.HeaderNonce, wire.NewNonce())
			return r
		}, body, "s", wire.ErrBadSignature},
		{"no nonce", func() *http.Request { r := sign("s", now); r.Header.Del(wire.HeaderNonce); return r }, body, "s", wire.ErrMissingAuth},
		{"declared length changed", func() *http.Request { r := sign("s", now); r.ContentLength = 20 << 20; return r }, body, "s", wire.ErrBadSignature},
		{"declared hash changed", func() *http.Request {
			r := sign("s", now)
			r.Header.Set(wire.HeaderContentSHA256, wire.BodyHash([]byte(`{"id":"d2"}`)))
			return r
		}, []byte(`{"id":"d2"}`), "s", wire.ErrBadSignature},
		{"outside base path", func() *http.Request {
			r := sign("s", now)
			r.URL.Path = "/other/dossiers/d1"
			return r
		}, body, "s", wire.ErrBadSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := wire.VerifyRequest(c.req(), c.secret, c.body, now)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	// Headers alone verify before the body is read; a chunked body (no length) cannot.
	if err := wire.VerifyHeaders(sign("s", now), "s", now); err != nil {
		t.Fatalf("headers of a good request: %v", err)
	}
	chunked := sign("s", now)
	chunked.ContentLength = -1
	if err := wire.VerifyHeaders(chunked, "s", now); !errors.Is(err, wire.ErrLengthRequired) {
		t.Fatalf("chunked: err = %v, want ErrLengthRequired", err)
	}
	// The window edge itself is accepted.
	if err := wire.VerifyRequest(sign("s", now.Add(-300*time.Second)), "s", body, now); err != nil {
		t.Fatalf("at the window edge: %v", err)
	}
}

func TestQueryIsSigned(t *testing.T) {
	r := newReq(t, "GET", "http://127.0.0.1:1"+wire.DossierByCodePath("000.00.21.H13-261127-0007"))
	if _, err := wire.SignRequest(r, "k1", "s", nil, now); err != nil {
		t.Fatal(err)
	}
	p, _ := wire.SignedPath(r.URL)
	if p != "/api/v1/dossiers?code=000.00.21.H13-261127-0007" {
		t.Fatalf("signed path = %q", p)
	}
	r.URL.RawQuery = url.Values{"code": {"000.00.21.H13-261127-0008"}}.Encode()
	if err := wire.VerifyRequest(r, "s", nil, now); !errors.Is(err, wire.ErrBadSignature) {
		t.Fatalf("query changed: err = %v", err)
	}
}

func TestResponseSignature(t *testing.T) {
	body := []byte(`{"id":"d1","official_code":"000.00.21.H13-261127-0001","status":"received"}`)
	sig := wire.SignResponse("s", 201, "reqsig", body)
	if err := wire.VerifyResponse("s", 201, "reqsig", body, sig); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"unsigned":      func() error { return wire.VerifyResponse("s", 200, "reqsig", body, "") },
		"other status":  func() error { return wire.VerifyResponse("s", 200, "reqsig", body, sig) },
		"other request": func() error { return wire.VerifyResponse("s", 201, "reqsig2", body, sig) },
		"other body":    func() error { return wire.VerifyResponse("s", 201, "reqsig", []byte("<html>"), sig) },
		"other secret":  func() error { return wire.VerifyResponse("t", 201, "reqsig", body, sig) },
	} {
		if err := f(); !errors.Is(err, wire.ErrNotGateway) {
			t.Errorf("%s: err = %v, want ErrNotGateway", name, err)
		}
	}
}

func TestOfficialCode(t *testing.T) {
	day := time.Date(2026, 11, 27, 23, 59, 0, 0, time.FixedZone("ICT", 7*3600))
	code := wire.FormatOfficialCode(wire.DefaultAgencyCode, day, 7)
	if code != "000.00.21.H13-261127-0007" {
		t.Fatalf("code = %q", code)
	}
	c, err := wire.ParseOfficialCode(code)
	if err != nil {
		t.Fatal(err)
	}
	if c.Agency != "000.00.21.H13" || c.Seq != 7 || c.Day.Format("2006-01-02") != "2026-11-27" || c.String() != code {
		t.Fatalf("parsed %+v", c)
	}
	if got := wire.FormatOfficialCode("X", day, 12345); got != "X-261127-12345" {
		t.Fatalf("5-digit sequence: %q", got)
	}
	for _, bad := range []string{"", "000.00.21.H13-261127-007", "000.00.21.H13-261327-0007", "-261127-0001", "A..B-261127-0001", "A-261127-0000", "K7Q-4M2P"} {
		if _, err := wire.ParseOfficialCode(bad); !errors.Is(err, wire.ErrBadOfficialCode) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestCanonical(t *testing.T) {
	var a, b wire.Dossier
	if err := json.Unmarshal([]byte(`{"id":"d1","fields":{"b":"2","a":"1"},"created_at":"2026-11-27T16:00:00+07:00"}`), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{ "created_at":"2026-11-27T09:00:00Z", "fields":{"a":"1","b":"2"}, "id":"d1", "pages":[] }`), &b); err != nil {
		t.Fatal(err)
	}
	ca, _ := wire.Canonical(a)
	cb, _ := wire.Canonical(b)
	if string(ca) != string(cb) {
		t.Fatalf("same content encodes differently:\n%s\n%s", ca, cb)
	}
	b.Fields["a"] = "changed"
	cb, _ = wire.Canonical(b)
	if string(ca) == string(cb) {
		t.Fatal("changed field encodes the same")
	}
}

func TestValidators(t *testing.T) {
	if !wire.ValidSHA256(wire.EmptyBodyHash) || wire.ValidSHA256(strings.ToUpper(wire.EmptyBodyHash)) || wire.ValidSHA256("abc") {
		t.Error("ValidSHA256")
	}
	if !wire.ValidDossierID("0b7e4c1e-8f0e-4c5a-9a41-3f1c2d9a7b10") || wire.ValidDossierID("../x") || wire.ValidDossierID("") {
		t.Error("ValidDossierID")
	}
	if !wire.ValidDay("2026-11-27") || wire.ValidDay("2026-02-30") || wire.ValidDay("26-11-27") {
		t.Error("ValidDay")
	}
	if !wire.CanMove(wire.StatusReceived, wire.StatusProcessing) || !wire.CanMove(wire.StatusNeedsMore, wire.StatusProcessing) ||
		wire.CanMove(wire.StatusDone, wire.StatusProcessing) || wire.CanMove(wire.StatusProcessing, wire.StatusReceived) {
		t.Error("CanMove")
	}
	for s, want := range map[int]bool{408: true, 425: true, 429: true, 500: true, 503: true, 400: false, 401: false, 409: false, 422: false, 424: false, 200: false} {
		if wire.Transient(s) != want {
			t.Errorf("Transient(%d) != %v", s, want)
		}
	}
}

func FuzzParseOfficialCode(f *testing.F) {
	f.Add("000.00.21.H13-261127-0007")
	f.Add("A-991231-99999")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := wire.ParseOfficialCode(s)
		if err != nil {
			return
		}
		again, err := wire.ParseOfficialCode(c.String())
		if err != nil || again != c {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, c, c.String(), again, err)
		}
	})
}
