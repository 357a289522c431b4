// Package pagestoretest is the contract every page store passes (pagestore.Dir,
// pagestore.S3 and gwstore's PostgreSQL bytea store), and the throwaway S3 bucket
// the tests use: a real S3-compatible server on loopback named by the environment
// (KIOSK_TEST_S3_ENDPOINT, KIOSK_TEST_S3_ACCESS_KEY, KIOSK_TEST_S3_SECRET_KEY;
// scripts/test.sh starts versitygw through scripts/s3.sh).
package pagestoretest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
)

// Store is the page store under test.
type Store interface {
	Put(ctx context.Context, sha string, size int64, r io.Reader) error
	Open(ctx context.Context, sha string) (io.ReadCloser, error)
	Stat(ctx context.Context, sha string) (int64, error)
	Delete(ctx context.Context, sha string) error
}

// Hash is the lowercase hex SHA-256 of b.
func Hash(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// Run checks s against the contract. s must start empty of the pages it makes up.
func Run(t *testing.T, s Store) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	read := func(t *testing.T, sha string) []byte {
		t.Helper()
		rc, err := s.Open(ctx, sha)
		if err != nil {
			t.Fatalf("open %s: %v", sha[:12], err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("read %s: %v", sha[:12], err)
		}
		return b
	}

	t.Run("round trip", func(t *testing.T) {
		page := random(300 << 10)
		sha := Hash(page)
		if _, err := s.Stat(ctx, sha); !errors.Is(err, pagestore.ErrNotFound) {
			t.Fatalf("stat before put: %v, want ErrNotFound", err)
		}
		if _, err := s.Open(ctx, sha); !errors.Is(err, pagestore.ErrNotFound) {
			t.Fatalf("open before put: %v, want ErrNotFound", err)
		}
		if err := s.Put(ctx, sha, int64(len(page)), bytes.NewReader(page)); err != nil {
			t.Fatalf("put: %v", err)
		}
		if n, err := s.Stat(ctx, sha); err != nil || n != int64(len(page)) {
			t.Fatalf("stat = %d, %v; want %d", n, err, len(page))
		}
		if got := read(t, sha); !bytes.Equal(got, page) {
			t.Fatalf("read back %d bytes, not the %d put", len(got), len(page))
		}
		// A retry of the same page is harmless.
		if err := s.Put(ctx, sha, int64(len(page)), bytes.NewReader(page)); err != nil {
			t.Fatalf("put again: %v", err)
		}
		if err := s.Delete(ctx, sha); err != nil {
			t.Fatalf("delete: %v", err)
		}
		if _, err := s.Stat(ctx, sha); !errors.Is(err, pagestore.ErrNotFound) {
			t.Fatalf("stat after delete: %v, want ErrNotFound", err)
		}
		if _, err := s.Open(ctx, sha); !errors.Is(err, pagestore.ErrNotFound) {
			t.Fatalf("open after delete: %v, want ErrNotFound", err)
		}
		if err := s.Delete(ctx, sha); err != nil {
			t.Fatalf("delete of an absent page: %v", err)
		}
	})

	t.Run("wrong bytes stored nowhere", func(t *testing.T) {
		page := random(64 << 10)
		sha := Hash(page)
		bad := append([]byte(nil), page...)
		bad[1000] ^= 0xff
		if err := s.Put(ctx, sha, int64(len(bad)), bytes.NewReader(bad)); !errors.Is(err, pagestore.ErrChecksum) {
			t.Fatalf("put of bytes that do not hash to the key: %v, want ErrChecksum", err)
		}
		if _, err := s.Stat(ctx, sha); !errors.Is(err, pagestore.ErrNotFound) {
			t.Fatalf("after a refused put: %v, want ErrNotFound", err)
		}
		short := page[:len(page)-10]
		if err := s.Put(ctx, sha, int64(len(page)), bytes.NewReader(short)); !errors.Is(err, pagestore.ErrSize) && !errors.Is(err, pagestore.ErrChecksum) {
			t.Fatalf("put of a short body: %v, want ErrSize or ErrChecksum", err)
		}
		if _, err := s.Stat(ctx, sha); !errors.Is(err, pagestore.ErrNotFound) {
			t.Fatalf("after a short put: %v, want ErrNotFound", err)
		}
	})

	t.Run("invalid keys", func(t *testing.T) {
		for _, k := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63) + "/"} {
			if err := s.Put(ctx, k, 1, strings.NewReader("x")); !errors.Is(err, pagestore.ErrInvalidKey) {
				t.Errorf("put %q: %v, want ErrInvalidKey", k, err)
			}
			if _, err := s.Open(ctx, k); !errors.Is(err, pagestore.ErrInvalidKey) {
				t.Errorf("open %q: %v, want ErrInvalidKey", k, err)
			}
			if _, err := s.Stat(ctx, k); !errors.Is(err, pagestore.ErrInvalidKey) {
				t.Errorf("stat %q: %v, want ErrInvalidKey", k, err)
			}
			if err := s.Delete(ctx, k); !errors.Is(err, pagestore.ErrInvalidKey) {
				t.Errorf("delete %q: %v, want ErrInvalidKey", k, err)
			}
		}
	})

	t.Run("concurrent writers of one page", func(t *testing.T) {
		// Two gateways receiving the same page at once (a kiosk's retry landing on
		// another gateway): both succeed, the page is whole.
		page := random(200 << 10)
		sha := Hash(page)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Put(ctx, sha, int64(len(page)), bytes.NewReader(page))
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		}
		if got := read(t, sha); !bytes.Equal(got, page) {
			t.Fatalf("after concurrent writes: %d bytes, not the page", len(got))
		}
	})
}
