// Package update installs signed kiosk builds: it verifies a build against the
// city's minisign public key (the version and size are in the signature's trusted
// comment, so neither can be changed without the offline key), stages it, and runs
// the kiosk as a child of a small launcher that swaps the staged build in between
// runs, keeps the previous one, and rolls back when the new one does not report
// healthy in time. No Fyne, no SQL, no network: the uplink downloads, cmd/kiosk wires.
package update

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"aead.dev/minisign"
)

// Refusal reasons; a refused build is never staged. The error's Reason goes into
// the heartbeat.
var (
	ErrBadSignature = errors.New("update: signature does not verify with the city's key")
	ErrTruncated    = errors.New("update: build is not the size it was signed at")
	ErrDowngrade    = errors.New("update: build is not newer than the running one")
	ErrNoVersion    = errors.New("update: signature carries no version")
)

// Reason is the short word a refusal is reported under ("bad_signature",
// "truncated", "downgrade", "no_version"; "error" for anything else).
func Reason(err error) string {
	switch {
	case errors.Is(err, ErrBadSignature):
		return "bad_signature"
	case errors.Is(err, ErrTruncated):
		return "truncated"
	case errors.Is(err, ErrDowngrade):
		return "downgrade"
	case errors.Is(err, ErrNoVersion):
		return "no_version"
	}
	return "error"
}

// TrustedComment is what the city signs beside a build: its version and size.
func TrustedComment(version string, size int64) string {
	return fmt.Sprintf("version:%s size:%d", version, size)
}

// Sign signs a build (tests and the city's publishing tool; the key stays offline).
func Sign(key minisign.PrivateKey, version string, build []byte) []byte {
	return minisign.SignWithComments(key, build, TrustedComment(version, int64(len(build))), "dvc-kiosk "+version)
}

// Verify checks a downloaded build and its detached minisign signature against the
// city's public key and the running version. It returns the build's version.
// The size check comes first so a truncated download is named as such.
func Verify(pub minisign.PublicKey, build, sig []byte, running string) (string, error) {
	version, size, err := signedFacts(sig)
	if err != nil {
		return "", err
	}
	if int64(len(build)) != size {
		return version, fmt.Errorf("%w: %d bytes, signed at %d", ErrTruncated, len(build), size)
	}
	if !minisign.Verify(pub, build, sig) {
		return version, ErrBadSignature
	}
	if CompareVersions(version, running) <= 0 {
		return version, fmt.Errorf("%w: %s, running %s", ErrDowngrade, version, running)
	}
	return version, nil
}

// SignedFacts reads the version and size from a signature's trusted comment, for
// the gateway to announce. They are trusted only once Verify has passed.
func SignedFacts(sig []byte) (string, int64, error) { return signedFacts(sig) }

// signedFacts reads version and size from the signature's trusted comment. (They
// are trusted only once minisign.Verify has passed, which covers the comment.)
func signedFacts(sig []byte) (string, int64, error) {
	var version string
	size := int64(-1)
	for _, line := range strings.Split(string(sig), "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "trusted comment:")
		if !ok {
			continue
		}
		for _, f := range strings.Fields(rest) {
			if v, ok := strings.CutPrefix(f, "version:"); ok {
				version = v
			}
			if v, ok := strings.CutPrefix(f, "size:"); ok {
				if n, err := strconv.ParseInt(v, 10, 64); err == nil {
					size = n
				}
			}
		}
	}
	if version == "" || size < 0 {
		if !strings.Contains(string(sig), "trusted comment:") {
			return "", 0, ErrBadSignature
		}
		return "", 0, ErrNoVersion
	}
	return version, size, nil
}

// CompareVersions compares dotted numeric versions ("1.10.0" > "1.9.3"); a
// non-numeric part compares as text. "dev" (an unversioned build) is older than any.
func CompareVersions(a, b string) int {
	if a == b {
		return 0
	}
	if a == "dev" {
		return -1
	}
	if b == "dev" {
		return 1
	}
	pa, pb := strings.Split(strings.TrimPrefix(a, "v"), "."), strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		x, y := "0", "0"
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case ex == nil && ey == nil && nx != ny:
			if nx < ny {
				return -1
			}
			return 1
		case (ex != nil || ey != nil) && x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}
