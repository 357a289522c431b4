package dashboard

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Errors of password handling; callers decide with errors.Is.
var (
	ErrBadHash      = errors.New("dashboard: not an argon2id password hash")
	ErrWeakPassword = errors.New("dashboard: password shorter than 10 characters")
)

// argon2id parameters of new hashes (OWASP's recommended minimum: 19 MiB, 2 passes,
// 1 lane): about 30 ms on a commune PC's core. They are stored in each hash, so they
// can be raised later without invalidating existing passwords.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
	// MinPasswordLen is the shortest password HashPassword accepts (in characters).
	MinPasswordLen = 10
)

var b64 = base64.RawStdEncoding

// HashPassword returns the PHC-encoded argon2id hash of password
// ($argon2id$v=19$m=…,t=…,p=…$salt$key); ErrWeakPassword when it is too short,
// ErrCommonPassword when it is among the first an attacker tries.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	if simplePassword(password) {
		return "", ErrCommonPassword
	}
	salt := make([]byte, argonSaltLen)
	rand.Read(salt) // crypto/rand never fails short
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash (compared in constant time);
// ErrBadHash when hash is not a well-formed argon2id hash with sane parameters.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, ErrBadHash
	}
	// Bounds keep a tampered row from making one sign-in eat the machine.
	if m < 8*1024 || m > 1<<20 || t < 1 || t > 16 || p < 1 || p > 16 {
		return false, ErrBadHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, ErrBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when the account does not exist, so that a wrong
// name costs as much time as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not-a-real-password-at-all")
	if err != nil {
		panic(err)
	}
	return h
})
