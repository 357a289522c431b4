package pagestore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
)

// verifier counts and hashes what is read through it.
type verifier struct {
	r   io.Reader
	h   hash.Hash
	n   int64
	eof bool // the reader ended (a short body shows as eof with n < size)
}

func newVerifier(r io.Reader) *verifier { return &verifier{r: r, h: sha256.New()} }

func (v *verifier) Read(p []byte) (int, error) {
	n, err := v.r.Read(p)
	v.n += int64(n)
	v.h.Write(p[:n])
	if err == io.EOF {
		v.eof = true
	}
	return n, err
}

// check compares what was read with the declared size and key.
func (v *verifier) check(sha string, size int64) error {
	if v.n != size {
		return fmt.Errorf("page %s: read %d bytes, declared %d: %w", sha, v.n, size, ErrSize)
	}
	if got := hex.EncodeToString(v.h.Sum(nil)); got != sha {
		return fmt.Errorf("page %s: bytes hash to %s: %w", sha, got, ErrChecksum)
	}
	return nil
}
