package pagestoretest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
)

// S3Config returns the configuration of a fresh, empty bucket on the test S3 server
// (KIOSK_TEST_S3_ENDPOINT, KIOSK_TEST_S3_ACCESS_KEY, KIOSK_TEST_S3_SECRET_KEY). The
// test is skipped when the server is not configured, and fails instead under
// KIOSK_TEST_REQUIRE_ALL=1. The bucket is emptied and removed at cleanup.
func S3Config(t testing.TB) pagestore.S3Config {
	t.Helper()
	endpoint := os.Getenv("KIOSK_TEST_S3_ENDPOINT")
	if endpoint == "" {
		gwtest.Unavailable(t, "KIOSK_TEST_S3_ENDPOINT is not set (scripts/test.sh starts an S3 server with scripts/s3.sh)", "KIOSK_TEST_S3_ENDPOINT not set: S3 page store skipped")
	}
	var rnd [5]byte
	rand.Read(rnd[:])
	cfg := pagestore.S3Config{
		Endpoint: endpoint, Bucket: "kiosk-test-" + hex.EncodeToString(rnd[:]), Prefix: "pages/",
		AccessKey: os.Getenv("KIOSK_TEST_S3_ACCESS_KEY"), SecretKey: os.Getenv("KIOSK_TEST_S3_SECRET_KEY"),
	}
	c := Client(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", cfg.Bucket, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for o := range c.ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			if o.Err == nil {
				c.RemoveObject(ctx, cfg.Bucket, o.Key, minio.RemoveObjectOptions{})
			}
		}
		if err := c.RemoveBucket(ctx, cfg.Bucket); err != nil {
			t.Logf("remove bucket %s: %v", cfg.Bucket, err)
		}
	})
	return cfg
}

// Client is a plain S3 client on cfg's server, for a test to look into the bucket
// behind the page store's back.
func Client(t testing.TB, cfg pagestore.S3Config) *minio.Client {
	t.Helper()
	c, err := minio.New(cfg.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""), Secure: cfg.Secure})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Keys lists the object names in cfg's bucket.
func Keys(t testing.TB, cfg pagestore.S3Config) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out []string
	for o := range Client(t, cfg).ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("list %s: %v", cfg.Bucket, o.Err)
		}
		out = append(out, o.Key)
	}
	return out
}
