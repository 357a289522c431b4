// Package argon2id hashes and checks secrets (the kiosk's staff PINs, the gateway
// dashboard's passwords) as argon2id PHC strings: $argon2id$v=19$m=…,t=…,p=…$salt$key.
// New hashes use OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane), about 30–50 ms
// on a commune PC. The parameters are stored in each hash, so they can be raised later
// without invalidating existing ones; Verify bounds them, so that a damaged or hostile
// stored hash cannot make one check eat the machine.
package argon2id

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Parameters of new hashes.
const (
	memory  = 19 * 1024 // KiB
	passes  = 2
	threads = 1
	keyLen  = 32
	saltLen = 16
)

// Bounds Verify accepts in a stored hash (the stricter of the kiosk's and the
// dashboard's former bounds).
const (
	minMemory, maxMemory  = 8 * 1024, 64 * 1024 // KiB
	maxPasses, maxThreads = 10, 16
	minSaltLen            = 8
	minKeyLen, maxKeyLen  = 16, 64
)

// ErrBadHash: the stored string is not an argon2id PHC string with sane parameters.
var ErrBadHash = errors.New("not an argon2id hash with sane parameters")

var b64 = base64.RawStdEncoding

// Hash returns the PHC string of secret with a fresh random salt.
func Hash(secret string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("argon2id: salt: %w", err)
	}
	key := argon2.IDKey([]byte(secret), salt, passes, memory, threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, passes, threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether secret matches phc (made by Hash, with whatever parameters it
// records within the bounds), compared in constant time; ErrBadHash when phc is not a
// well-formed argon2id hash with sane parameters.
func Verify(phc, secret string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, ErrBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, ErrBadHash
	}
	if m < minMemory || m > maxMemory || t < 1 || t > maxPasses || p < 1 || p > maxThreads {
		return false, ErrBadHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen {
		return false, ErrBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < minKeyLen || len(want) > maxKeyLen {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(secret), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
