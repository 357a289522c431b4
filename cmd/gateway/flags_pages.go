package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
)

// pageFlags choose where page bytes live. Every command has them (a CLI command that
// reads a page must look where the server writes). S3 keys never go on the command
// line: they come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a credentials file.
type pageFlags struct {
	kind     string
	endpoint string
	bucket   string
	prefix   string
	region   string
	creds    string
	insecure bool
	create   bool
}

func (p *pageFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.kind, "pages", envOr("GATEWAY_PAGES", "local"),
		"where page bytes live: local (DATA/pages with SQLite, the database with PostgreSQL) or s3; env GATEWAY_PAGES")
	fs.StringVar(&p.endpoint, "s3-endpoint", os.Getenv("GATEWAY_S3_ENDPOINT"), "S3 API host[:port] (--pages s3); env GATEWAY_S3_ENDPOINT")
	fs.StringVar(&p.bucket, "s3-bucket", os.Getenv("GATEWAY_S3_BUCKET"), "S3 bucket, created beforehand (--pages s3); env GATEWAY_S3_BUCKET")
	fs.StringVar(&p.prefix, "s3-prefix", envOr("GATEWAY_S3_PREFIX", "pages/"), "prefix of the page objects' keys; env GATEWAY_S3_PREFIX")
	fs.StringVar(&p.region, "s3-region", os.Getenv("GATEWAY_S3_REGION"), "S3 region (optional); env GATEWAY_S3_REGION")
	fs.StringVar(&p.creds, "s3-credentials", os.Getenv("GATEWAY_S3_CREDENTIALS"),
		"AWS shared credentials file (profile default; AWS_PROFILE picks another), read when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; env GATEWAY_S3_CREDENTIALS")
	fs.BoolVar(&p.insecure, "s3-insecure", os.Getenv("GATEWAY_S3_INSECURE") == "1",
		"plain HTTP to the S3 endpoint (loopback tests and demos only); env GATEWAY_S3_INSECURE=1")
	fs.BoolVar(&p.create, "s3-create-bucket", os.Getenv("GATEWAY_S3_CREATE_BUCKET") == "1",
		"create the bucket when it does not exist (demos; in production the storage team creates it with its lifecycle rules); env GATEWAY_S3_CREATE_BUCKET=1")
}

// options returns the store options for the chosen page storage.
func (p *pageFlags) options(ctx context.Context) ([]gwstore.Option, error) {
	switch p.kind {
	case "", "local":
		return nil, nil
	case "s3":
	default:
		return nil, usagef("--pages must be local or s3, not %q", p.kind)
	}
	if p.endpoint == "" || p.bucket == "" {
		return nil, usagef("--pages s3 needs --s3-endpoint and --s3-bucket")
	}
	s3, err := pagestore.NewS3(ctx, pagestore.S3Config{
		Endpoint: p.endpoint, Secure: !p.insecure, Region: p.region, Bucket: p.bucket, Prefix: p.prefix,
		CredentialsFile: p.creds, Profile: os.Getenv("AWS_PROFILE"), CreateBucket: p.create,
	})
	if err != nil {
		return nil, fmt.Errorf("page storage: %w", err)
	}
	return []gwstore.Option{gwstore.WithPages(s3)}, nil
}

// describe is the page storage for the start-up log line.
func (p *pageFlags) describe() string {
	if p.kind == "s3" {
		return "s3://" + p.endpoint + "/" + p.bucket + "/" + p.prefix
	}
	return "local"
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
