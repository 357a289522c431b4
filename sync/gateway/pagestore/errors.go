package pagestore

import (
	"errors"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Sentinel errors; callers decide with errors.Is.
var (
	ErrNotFound   = errors.New("pagestore: page not found")
	ErrChecksum   = errors.New("pagestore: page bytes do not hash to their key")
	ErrSize       = errors.New("pagestore: page bytes are not the declared size")
	ErrInvalidKey = errors.New("pagestore: key is not a lowercase hex SHA-256")
)

// checkKey refuses anything but a lowercase hex SHA-256.
func checkKey(sha string) error {
	if !wire.ValidSHA256(sha) {
		return ErrInvalidKey
	}
	return nil
}
