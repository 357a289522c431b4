package access

import "github.com/cantho-kiosk/kiosk/sync/argon2id"

// hashPIN returns the argon2id PHC string of pin (sync/argon2id). A PIN has at most
// 10^8 values, so the hash alone would not stop a thief who copies the database; the
// slow hash makes that expensive and the slow-down (access.go) protects the pad.
func hashPIN(pin string) (string, error) { return argon2id.Hash(pin) }

// verifyPIN checks pin against a PHC string made by hashPIN, in constant time; an
// error wrapping argon2id.ErrBadHash when the stored string is damaged.
func verifyPIN(phc, pin string) (bool, error) { return argon2id.Verify(phc, pin) }
