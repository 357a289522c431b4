package pagestore_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore/pagestoretest"
)

func TestDirContract(t *testing.T) {
	d, err := pagestore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pagestoretest.Run(t, d)
}

func TestS3Contract(t *testing.T) {
	cfg := pagestoretest.S3Config(t)
	s, err := pagestore.NewS3(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	pagestoretest.Run(t, s)
}

// The S3 layout: PREFIX/ab/<sha>, nothing else left in the bucket by refused puts.
func TestS3KeysAndRefusals(t *testing.T) {
	ctx := context.Background()
	cfg := pagestoretest.S3Config(t)
	s, err := pagestore.NewS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	page := []byte("một trang giấy khai sinh")
	sha := pagestoretest.Hash(page)
	if err := s.Put(ctx, sha, int64(len(page)), bytes.NewReader(page)); err != nil {
		t.Fatal(err)
	}
	bad := []byte("một trang khác")
	err = s.Put(ctx, pagestoretest.Hash(page[:5]), int64(len(bad)), bytes.NewReader(bad))
	t.Logf("mismatch: %v", err)
	if !errors.Is(err, pagestore.ErrChecksum) {
		t.Fatalf("mismatched put: %v", err)
	}
	if got, want := pagestoretest.Keys(t, cfg), []string{"pages/" + sha[:2] + "/" + sha}; !slices.Equal(got, want) {
		t.Fatalf("bucket holds %q, want %q", got, want)
	}

	// A missing bucket is a clear error; wrong credentials too.
	missing := cfg
	missing.Bucket = cfg.Bucket + "-missing"
	if _, err := pagestore.NewS3(ctx, missing); !errors.Is(err, pagestore.ErrNoBucket) {
		t.Fatalf("missing bucket: %v", err)
	}
	wrong := cfg
	wrong.SecretKey = "not-the-secret"
	if _, err := pagestore.NewS3(ctx, wrong); err == nil {
		t.Fatal("wrong secret key accepted")
	}
}

// Credentials come from an AWS shared credentials file when not given directly.
func TestS3CredentialsFile(t *testing.T) {
	cfg := pagestoretest.S3Config(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	file := filepath.Join(t.TempDir(), "credentials")
	os.WriteFile(file, []byte("[default]\naws_access_key_id = "+cfg.AccessKey+"\naws_secret_access_key = "+cfg.SecretKey+"\n"), 0o600)
	fromFile := cfg
	fromFile.AccessKey, fromFile.SecretKey, fromFile.CredentialsFile = "", "", file
	if _, err := pagestore.NewS3(context.Background(), fromFile); err != nil {
		t.Fatalf("credentials from a file: %v", err)
	}
	none := fromFile
	none.CredentialsFile = ""
	if _, err := pagestore.NewS3(context.Background(), none); err == nil {
		t.Fatal("no credentials at all accepted")
	}
}

// A crash leaves temporary page files; opening the directory removes the old ones only.
func TestDirStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	if _, err := pagestore.NewDir(dir); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "tmp")
	old, fresh := filepath.Join(tmp, "old-1"), filepath.Join(tmp, "fresh-1")
	os.WriteFile(old, []byte("x"), 0o600)
	os.WriteFile(fresh, []byte("x"), 0o600)
	past := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, past, past)
	if _, err := pagestore.NewDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("old temp file kept: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temp file removed: %v", err)
	}
}
