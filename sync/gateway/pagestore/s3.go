package pagestore

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// ErrNoBucket is returned by NewS3 when the bucket does not exist (and
// S3Config.CreateBucket is off): the city's storage team creates it, with its
// lifecycle and replication rules, before the gateway starts.
var ErrNoBucket = errors.New("pagestore: bucket does not exist")

// S3Config names an S3-compatible bucket and how to reach it.
type S3Config struct {
	Endpoint string // host[:port] of the S3 API, e.g. s3.example.vn or 127.0.0.1:7070
	Secure   bool   // HTTPS (off only for loopback tests and demos)
	Region   string // optional
	Bucket   string
	Prefix   string // prepended to every key, e.g. "gateway/" (may be empty)

	// Credentials: AccessKey and SecretKey when both are set; otherwise the
	// environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), then the AWS shared
	// credentials file CredentialsFile (profile Profile, default "default").
	AccessKey, SecretKey string
	CredentialsFile      string
	Profile              string

	CreateBucket bool // create the bucket when missing (tests and demos)
}

// S3 keeps pages as objects PREFIX/ab/abcdef… in one bucket.
type S3 struct {
	c      *minio.Client
	bucket string
	prefix string
}

// NewS3 connects to the bucket and checks that it exists (ErrNoBucket otherwise).
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, fmt.Errorf("s3 page store: endpoint and bucket are required")
	}
	creds, err := cfg.credentials()
	if err != nil {
		return nil, err
	}
	tr, err := minio.DefaultTransport(cfg.Secure)
	if err != nil {
		return nil, fmt.Errorf("s3 page store: %w", err)
	}
	// Every kiosk's upload is a PUT to the same endpoint: keep as many connections as
	// there are uploads in flight, not minio-go's default 16 (a new TCP (and TLS)
	// connection for most pages under load).
	tr.MaxIdleConnsPerHost = 256
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds: creds, Secure: cfg.Secure, Region: cfg.Region, Transport: tr,
		TrailingHeaders: true, // needed to send our own x-amz-checksum-sha256
	})
	if err != nil {
		return nil, fmt.Errorf("s3 page store %s: %w", cfg.Endpoint, err)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3 page store %s/%s: %w", cfg.Endpoint, cfg.Bucket, err)
	}
	if !ok {
		if !cfg.CreateBucket {
			return nil, fmt.Errorf("s3 page store %s/%s: %w", cfg.Endpoint, cfg.Bucket, ErrNoBucket)
		}
		if err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
			if code := minio.ToErrorResponse(err).Code; code != "BucketAlreadyOwnedByYou" && code != "BucketAlreadyExists" {
				return nil, fmt.Errorf("s3 page store: create bucket %s: %w", cfg.Bucket, err)
			}
		}
	}
	return &S3{c: c, bucket: cfg.Bucket, prefix: cfg.Prefix}, nil
}

func (cfg S3Config) credentials() (*credentials.Credentials, error) {
	if cfg.AccessKey != "" || cfg.SecretKey != "" {
		if cfg.AccessKey == "" || cfg.SecretKey == "" {
			return nil, fmt.Errorf("s3 page store: the access key and the secret key go together")
		}
		return credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""), nil
	}
	providers := []credentials.Provider{&credentials.EnvAWS{}}
	if cfg.CredentialsFile != "" {
		providers = append(providers, &credentials.FileAWSCredentials{Filename: cfg.CredentialsFile, Profile: cfg.Profile})
	}
	creds := credentials.NewChainCredentials(providers)
	v, err := creds.GetWithContext(&credentials.CredContext{Client: http.DefaultClient})
	if err != nil || v.AccessKeyID == "" || v.SecretAccessKey == "" {
		where := "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
		if cfg.CredentialsFile != "" {
			where += " or " + cfg.CredentialsFile
		}
		return nil, fmt.Errorf("s3 page store: no credentials in %s", where)
	}
	return creds, nil
}

// Key is the object name of a page: the prefix, the first two hex digits, the hash.
func (s *S3) Key(sha string) string { return s.prefix + sha[:2] + "/" + sha }

// Put uploads the page in one PUT that carries its SHA-256 (x-amz-checksum-sha256):
// the server refuses bytes that do not match (ErrChecksum), and the checksum it
// answers is compared again. The bytes are hashed on the way too, so a server that
// ignored the header cannot leave a wrong object behind unnoticed: it is removed.
func (s *S3) Put(ctx context.Context, sha string, size int64, r io.Reader) error {
	if err := checkKey(sha); err != nil {
		return err
	}
	raw, _ := hex.DecodeString(sha)
	sum := base64.StdEncoding.EncodeToString(raw)
	v := newVerifier(io.LimitReader(r, size))
	info, err := s.c.PutObject(ctx, s.bucket, s.Key(sha), v, size, minio.PutObjectOptions{
		ContentType:      "application/octet-stream",
		DisableMultipart: true, // one request, one whole-object checksum (pages are ≤ 20 MiB)
		UserMetadata:     map[string]string{"x-amz-checksum-sha256": sum},
	})
	if err != nil {
		switch minio.ToErrorResponse(err).Code {
		case "BadDigest", "XAmzContentChecksumMismatch", "XAmzContentSHA256Mismatch", "InvalidDigest":
			return fmt.Errorf("put page %s: %w (%v)", sha, ErrChecksum, err)
		case "IncompleteBody":
			return fmt.Errorf("put page %s: %w (%v)", sha, ErrSize, err)
		}
		if v.eof && v.n < size {
			return fmt.Errorf("put page %s: %w (%v)", sha, ErrSize, err)
		}
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	if err := v.check(sha, size); err != nil {
		s.c.RemoveObject(context.WithoutCancel(ctx), s.bucket, s.Key(sha), minio.RemoveObjectOptions{})
		return err
	}
	if info.ChecksumSHA256 != "" && info.ChecksumSHA256 != sum {
		return fmt.Errorf("put page %s: the server's checksum is %s: %w", sha, info.ChecksumSHA256, ErrChecksum)
	}
	return nil
}

// Open returns the page's bytes to read; ErrNotFound when absent.
func (s *S3) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	if err := checkKey(sha); err != nil {
		return nil, err
	}
	obj, err := s.c.GetObject(ctx, s.bucket, s.Key(sha), minio.GetObjectOptions{})
	if err == nil {
		_, err = obj.Stat() // GetObject is lazy: make the request now
	}
	if err != nil {
		if obj != nil {
			obj.Close()
		}
		return nil, s.mapErr("page", sha, err)
	}
	return obj, nil
}

// Stat returns the stored page's size; ErrNotFound when absent.
func (s *S3) Stat(ctx context.Context, sha string) (int64, error) {
	if err := checkKey(sha); err != nil {
		return 0, err
	}
	info, err := s.c.StatObject(ctx, s.bucket, s.Key(sha), minio.StatObjectOptions{})
	if err != nil {
		return 0, s.mapErr("stat page", sha, err)
	}
	return info.Size, nil
}

// Delete removes the page's object; an absent page is no error.
func (s *S3) Delete(ctx context.Context, sha string) error {
	if err := checkKey(sha); err != nil {
		return err
	}
	if err := s.c.RemoveObject(ctx, s.bucket, s.Key(sha), minio.RemoveObjectOptions{}); err != nil {
		if errors.Is(s.mapErr("", sha, err), ErrNotFound) {
			return nil
		}
		return fmt.Errorf("delete page %s: %w", sha, err)
	}
	return nil
}

func (s *S3) mapErr(what, sha string, err error) error {
	er := minio.ToErrorResponse(err)
	if er.Code == "NoSuchKey" || er.StatusCode == http.StatusNotFound && !strings.Contains(er.Code, "Bucket") {
		return fmt.Errorf("%s %s: %w", what, sha, ErrNotFound)
	}
	return fmt.Errorf("%s %s: %w", what, sha, err)
}
