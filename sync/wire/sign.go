package wire

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// EmptyBodyHash is hex(SHA256("")), the body hash of a request without a body.
var EmptyBodyHash = BodyHash(nil)

// BodyHash returns the lowercase hex SHA-256 of body.
func BodyHash(body []byte) string {
	s := sha256.Sum256(body)
	return hex.EncodeToString(s[:])
}

// StringToSign is the text a request signature covers: everything the gateway checks
// before it reads a single byte of the body (the declared length and the body's hash
// included), so that it can refuse a forged request without reading its body.
func StringToSign(method, signedPath, timestamp, nonce string, length int64, bodySHA256 string) string {
	return strings.ToUpper(method) + "\n" + signedPath + "\n" + timestamp + "\n" + nonce + "\n" +
		strconv.FormatInt(length, 10) + "\n" + strings.ToLower(bodySHA256)
}

func mac(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// Sign returns the X-Kiosk-Signature of a request. signedPath is the PATH_WITH_QUERY
// (see SignedPath), timestamp the X-Kiosk-Timestamp text, nonce the X-Kiosk-Nonce,
// length the body's length in bytes (its Content-Length; 0 without a body) and
// bodySHA256 BodyHash(body), also sent as X-Kiosk-Content-SHA256.
func Sign(secret, method, signedPath, timestamp, nonce string, length int64, bodySHA256 string) string {
	return mac(secret, StringToSign(method, signedPath, timestamp, nonce, length, bodySHA256))
}

// Timestamp formats t as the X-Kiosk-Timestamp text (unix seconds).
func Timestamp(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// NewNonce returns a fresh X-Kiosk-Nonce: 128 random bits in hex.
func NewNonce() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return hex.EncodeToString(b)
}

var nonceRe = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// ValidNonce reports whether s can be a X-Kiosk-Nonce: 16 to 64 letters, digits, '_'
// or '-'.
func ValidNonce(s string) bool { return nonceRe.MatchString(s) }

// SignRequest sets the authentication headers on req for body (the exact bytes that
// will be sent; nil for none), signing at time now with a fresh nonce. It returns the
// signature, which the caller keeps to check the answer with VerifyResponse. It sets
// req.ContentLength to len(body), which the signature covers.
func SignRequest(req *http.Request, kioskID, secret string, body []byte, now time.Time) (string, error) {
	p, err := SignedPath(req.URL)
	if err != nil {
		return "", fmt.Errorf("sign %s: %w", req.URL, err)
	}
	ts, nonce, hash := Timestamp(now), NewNonce(), BodyHash(body)
	sig := Sign(secret, req.Method, p, ts, nonce, int64(len(body)), hash)
	req.Header.Set(HeaderKioskID, kioskID)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderNonce, nonce)
	req.Header.Set(HeaderContentSHA256, hash)
	req.Header.Set(HeaderSignature, sig)
	req.ContentLength = int64(len(body))
	return sig, nil
}

// CheckTimestamp parses a X-Kiosk-Timestamp and checks it is within MaxSkew of now.
// It fails with ErrBadTimestamp or ErrStale.
func CheckTimestamp(ts string, now time.Time) (time.Time, error) {
	if ts == "" || len(ts) > 19 || strings.TrimLeft(ts, "0123456789") != "" {
		return time.Time{}, ErrBadTimestamp
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, ErrBadTimestamp
	}
	t := time.Unix(n, 0)
	d := now.Sub(t)
	if d > MaxSkew || d < -MaxSkew {
		return t, fmt.Errorf("%w: %s off", ErrStale, d.Round(time.Second))
	}
	return t, nil
}

// Verify checks a request signature: the timestamp must be within MaxSkew of now and
// sig must be the HMAC of the request under secret. It fails with ErrMissingAuth,
// ErrBadTimestamp, ErrStale or ErrBadSignature. The comparison is constant-time.
func Verify(secret, method, signedPath, timestamp, nonce string, length int64, bodySHA256, sig string, now time.Time) error {
	if timestamp == "" || sig == "" || nonce == "" || bodySHA256 == "" {
		return ErrMissingAuth
	}
	if _, err := CheckTimestamp(timestamp, now); err != nil {
		return err
	}
	if !ValidNonce(nonce) {
		return ErrBadNonce
	}
	want := Sign(secret, method, signedPath, timestamp, nonce, length, bodySHA256)
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(sig))) {
		return ErrBadSignature
	}
	return nil
}

// VerifyHeaders checks the authentication headers of r against secret before its
// body is read: the signature covers r's declared Content-Length and the body hash of
// its X-Kiosk-Content-SHA256 header, which the caller then checks against the body it
// reads (ContentHashOf). A body of unknown length (chunked) fails with
// ErrLengthRequired. The kiosk id header is the caller's to look up first.
func VerifyHeaders(r *http.Request, secret string, now time.Time) error {
	if r.Header.Get(HeaderKioskID) == "" {
		return ErrMissingAuth
	}
	if r.ContentLength < 0 {
		return ErrLengthRequired
	}
	p, err := SignedPath(r.URL)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return Verify(secret, r.Method, p, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderNonce),
		r.ContentLength, r.Header.Get(HeaderContentSHA256), r.Header.Get(HeaderSignature), now)
}

// ContentHashOf returns the body hash r declares (X-Kiosk-Content-SHA256, lower case).
func ContentHashOf(r *http.Request) string { return strings.ToLower(r.Header.Get(HeaderContentSHA256)) }

// VerifyRequest checks the authentication headers of r (whose body, already read, is
// body) against secret: VerifyHeaders, then the body's length and hash against what
// was signed (ErrBadSignature when they differ).
func VerifyRequest(r *http.Request, secret string, body []byte, now time.Time) error {
	if r.ContentLength < 0 {
		r.ContentLength = int64(len(body)) // a request built without a length (tests, proxies)
	}
	if err := VerifyHeaders(r, secret, now); err != nil {
		return err
	}
	if int64(len(body)) != r.ContentLength || !hmac.Equal([]byte(BodyHash(body)), []byte(ContentHashOf(r))) {
		return fmt.Errorf("%w: the body is not the one signed", ErrBadSignature)
	}
	return nil
}

// SignResponse returns the X-Gateway-Signature of an answer with this status code and
// body to the request whose X-Kiosk-Signature was requestSig.
func SignResponse(secret string, status int, requestSig string, body []byte) string {
	return mac(secret, strconv.Itoa(status)+"\n"+requestSig+"\n"+BodyHash(body))
}

// VerifyResponse checks that an answer is the gateway's: gatewaySig (the answer's
// X-Gateway-Signature) must be SignResponse of its status and body for the request
// signed requestSig. It fails with ErrNotGateway.
func VerifyResponse(secret string, status int, requestSig string, body []byte, gatewaySig string) error {
	if gatewaySig == "" {
		return fmt.Errorf("%w: no %s", ErrNotGateway, HeaderGatewaySignature)
	}
	want := SignResponse(secret, status, requestSig, body)
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(gatewaySig))) {
		return fmt.Errorf("%w: %s does not verify", ErrNotGateway, HeaderGatewaySignature)
	}
	return nil
}

// SignPayment returns the X-Payment-Signature of a payment notification: the HMAC of
// METHOD, path, timestamp and body hash, one per line. Payment notifications keep this
// shorter form (no nonce or length): their bodies are a few hundred bytes, read whole
// before the check, and a replay is harmless (notifications are idempotent by the
// bank's transaction id).
func SignPayment(secret, method, path, timestamp, bodySHA256 string) string {
	return mac(secret, strings.ToUpper(method)+"\n"+path+"\n"+timestamp+"\n"+bodySHA256)
}

// VerifyPayment checks a payment notification's signature as Verify checks a kiosk's:
// ErrMissingAuth, ErrBadTimestamp, ErrStale or ErrBadSignature.
func VerifyPayment(secret, method, path, timestamp, bodySHA256, sig string, now time.Time) error {
	if timestamp == "" || sig == "" {
		return ErrMissingAuth
	}
	if _, err := CheckTimestamp(timestamp, now); err != nil {
		return err
	}
	if !hmac.Equal([]byte(SignPayment(secret, method, path, timestamp, bodySHA256)), []byte(strings.ToLower(sig))) {
		return ErrBadSignature
	}
	return nil
}
