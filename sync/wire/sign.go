package wire

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
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

// StringToSign is the text a request signature covers.
func StringToSign(method, signedPath, timestamp, bodySHA256 string) string {
	return strings.ToUpper(method) + "\n" + signedPath + "\n" + timestamp + "\n" + bodySHA256
}

func mac(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// Sign returns the X-Kiosk-Signature of a request. signedPath is the PATH_WITH_QUERY
// (see SignedPath), timestamp the X-Kiosk-Timestamp text, bodySHA256 BodyHash(body).
func Sign(secret, method, signedPath, timestamp, bodySHA256 string) string {
	return mac(secret, StringToSign(method, signedPath, timestamp, bodySHA256))
}

// Timestamp formats t as the X-Kiosk-Timestamp text (unix seconds).
func Timestamp(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// SignRequest sets the three authentication headers on req for body (the exact bytes
// that will be sent; nil for none), signing at time now. It returns the signature, which
// the caller keeps to check the answer with VerifyResponse.
func SignRequest(req *http.Request, kioskID, secret string, body []byte, now time.Time) (string, error) {
	p, err := SignedPath(req.URL)
	if err != nil {
		return "", fmt.Errorf("sign %s: %w", req.URL, err)
	}
	ts := Timestamp(now)
	sig := Sign(secret, req.Method, p, ts, BodyHash(body))
	req.Header.Set(HeaderKioskID, kioskID)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, sig)
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
func Verify(secret, method, signedPath, timestamp, bodySHA256, sig string, now time.Time) error {
	if timestamp == "" || sig == "" {
		return ErrMissingAuth
	}
	if _, err := CheckTimestamp(timestamp, now); err != nil {
		return err
	}
	want := Sign(secret, method, signedPath, timestamp, bodySHA256)
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(sig))) {
		return ErrBadSignature
	}
	return nil
}

// VerifyRequest checks the authentication headers of r (whose body, already read, is
// body) against secret. The kiosk id header is the caller's to look up first.
func VerifyRequest(r *http.Request, secret string, body []byte, now time.Time) error {
	if r.Header.Get(HeaderKioskID) == "" {
		return ErrMissingAuth
	}
	p, err := SignedPath(r.URL)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return Verify(secret, r.Method, p, r.Header.Get(HeaderTimestamp), BodyHash(body), r.Header.Get(HeaderSignature), now)
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
