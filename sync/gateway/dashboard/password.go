package dashboard

import (
	"errors"
	"fmt"
	"sync"

	"github.com/cantho-kiosk/kiosk/sync/argon2id"
)

// Errors of password handling; callers decide with errors.Is.
var (
	ErrBadHash      = errors.New("dashboard: not an argon2id password hash")
	ErrWeakPassword = errors.New("dashboard: password shorter than 10 characters")
)

// MinPasswordLen is the shortest password HashPassword accepts (in characters).
const MinPasswordLen = 10

// HashPassword returns the PHC-encoded argon2id hash of password (sync/argon2id);
// ErrWeakPassword when it is too short, ErrCommonPassword when it is among the first
// an attacker tries.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	if simplePassword(password) {
		return "", ErrCommonPassword
	}
	return argon2id.Hash(password)
}

// CheckPassword reports whether password matches hash (compared in constant time);
// ErrBadHash when hash is not a well-formed argon2id hash with sane parameters.
func CheckPassword(hash, password string) (bool, error) {
	ok, err := argon2id.Verify(hash, password)
	if err != nil {
		return false, fmt.Errorf("%w: %w", ErrBadHash, err)
	}
	return ok, nil
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
