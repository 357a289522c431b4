package argon2id

import (
	"errors"
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	h, err := Hash("482913")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "482913") {
		t.Fatalf("hash %q", h)
	}
	if h2, _ := Hash("482913"); h2 == h {
		t.Error("two hashes of one secret are equal: no salt")
	}
	if ok, err := Verify(h, "482913"); !ok || err != nil {
		t.Errorf("right secret: %v %v", ok, err)
	}
	if ok, err := Verify(h, "482914"); ok || err != nil {
		t.Errorf("wrong secret: %v %v", ok, err)
	}
	// The bounds: the kiosk's former cap on memory (64 MiB) and passes (10), the
	// dashboard's former floor on memory (8 MiB) and cap on the key's length (64 bytes).
	long := "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("aGFzaGhhc2hoYXNo", 6)
	for _, bad := range []string{"", "plain", "$2a$10$abcdefghijklmnopqrstuv",
		strings.Replace(h, "m=19456", "m=65537", 1), strings.Replace(h, "m=19456", "m=8191", 1),
		strings.Replace(h, "t=2", "t=11", 1), strings.Replace(h, "t=2", "t=0", 1),
		strings.Replace(h, "p=1", "p=0", 1), strings.Replace(h, "v=19", "v=16", 1), h[:len(h)-30], long} {
		if ok, err := Verify(bad, "482913"); ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("hash %q: %v %v, want ErrBadHash", bad, ok, err)
		}
	}
}
