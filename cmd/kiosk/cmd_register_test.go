package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The secret can come from a file or standard input instead of the command line,
// where every user of the PC sees it in the process list.
func TestReadSecret(t *testing.T) {
	f := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(f, []byte("s3cr3t-from-file\n"), 0o600)
	if s, err := readSecret(nil, f); err != nil || s != "s3cr3t-from-file" {
		t.Fatalf("file: %q %v", s, err)
	}
	if s, err := readSecret(strings.NewReader("  s3cr3t-stdin \nnext"), "-"); err != nil || s != "s3cr3t-stdin" {
		t.Fatalf("stdin: %q %v", s, err)
	}
	if _, err := readSecret(strings.NewReader("\n"), ""); err == nil {
		t.Fatal("an empty secret was accepted")
	}
}
