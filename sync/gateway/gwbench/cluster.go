package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// startGateway starts one `gateway serve` process and returns its URL and a stop func.
func startGateway(ctx context.Context, o options, db, dir string, pageArgs []string, logs io.Writer) (string, func(), error) {
	args := append([]string{"--db", db, "--data", dir, "--catalog", o.catalog, "--log-level", "warn"}, pageArgs...)
	g, err := gwtest.StartGateway(ctx, o.gateway, logs, args...)
	if err != nil {
		return "", nil, err
	}
	return g.URL, func() { g.Stop(time.Minute) }, nil
}

// roundRobin is a reverse proxy on loopback that sends each request to the next of
// urls, as a city's load balancer would.
func roundRobin(urls []string) (string, func(), error) {
	var targets []*url.URL
	for _, u := range urls {
		t, err := url.Parse(u)
		if err != nil {
			return "", nil, err
		}
		targets = append(targets, t)
	}
	var n atomic.Int64
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(targets[int(n.Add(1))%len(targets)])
			r.Out.Host = r.In.Host // as a load balancer does
		},
		Transport: &http.Transport{MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute},
		ErrorLog:  log.New(os.Stderr, "gwbench proxy: ", 0),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: rp}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// bucket is a fresh bucket on the test S3 server for one run.
type bucket struct {
	pages  *pagestore.S3
	args   []string
	remove func()
}

func newBucket(ctx context.Context) (*bucket, error) {
	endpoint := os.Getenv("KIOSK_TEST_S3_ENDPOINT")
	if endpoint == "" {
		return nil, fmt.Errorf("KIOSK_TEST_S3_ENDPOINT not set (scripts/s3.sh start)")
	}
	access, secret := os.Getenv("KIOSK_TEST_S3_ACCESS_KEY"), os.Getenv("KIOSK_TEST_S3_SECRET_KEY")
	rnd := make([]byte, 5)
	rand.Read(rnd)
	cfg := pagestore.S3Config{Endpoint: endpoint, Bucket: "gwbench-" + hex.EncodeToString(rnd), Prefix: "pages/",
		AccessKey: access, SecretKey: secret, CreateBucket: true}
	p, err := pagestore.NewS3(ctx, cfg)
	if err != nil {
		return nil, err
	}
	credFile, err := os.CreateTemp("", "gwbench-s3-credentials-")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(credFile, "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n", access, secret)
	credFile.Close()
	c, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(access, secret, "")})
	if err != nil {
		return nil, err
	}
	remove := func() {
		os.Remove(credFile.Name())
		ctx := context.Background()
		for obj := range c.ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
			if obj.Err == nil {
				c.RemoveObject(ctx, cfg.Bucket, obj.Key, minio.RemoveObjectOptions{})
			}
		}
		c.RemoveBucket(ctx, cfg.Bucket)
	}
	return &bucket{pages: p, remove: remove, args: []string{"--pages", "s3", "--s3-endpoint", endpoint,
		"--s3-bucket", cfg.Bucket, "--s3-prefix", cfg.Prefix, "--s3-insecure", "--s3-credentials", credFile.Name()}}, nil
}

// serveProxy runs a round-robin reverse proxy on addr over targets until ctx ends,
// sending requests only to the targets whose health endpoint answered 200 in the last
// check (every 250 ms), as a load balancer with health checks does. It prints
// listening=ADDR. For demos (scripts/citydemo.sh).
func serveProxy(ctx context.Context, addr string, targets []string) error {
	var us []*url.URL
	for _, t := range targets {
		u, err := url.Parse(t)
		if err != nil {
			return err
		}
		us = append(us, u)
	}
	healthy := make([]atomic.Bool, len(us))
	check := func() {
		for i, u := range us {
			c, cancel := context.WithTimeout(ctx, time.Second)
			req, _ := http.NewRequestWithContext(c, "GET", u.String()+wire.HealthPath, nil)
			resp, err := http.DefaultClient.Do(req)
			cancel()
			ok := err == nil && resp.StatusCode == http.StatusOK
			if resp != nil {
				resp.Body.Close()
			}
			if healthy[i].Swap(ok) != ok {
				fmt.Fprintf(os.Stderr, "proxy: %s %s\n", u.Host, map[bool]string{true: "up", false: "down: taken out of rotation"}[ok])
			}
		}
	}
	check()
	go func() {
		for ctx.Err() == nil {
			time.Sleep(250 * time.Millisecond)
			check()
		}
	}()
	var n atomic.Int64
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			start := int(n.Add(1))
			for k := 0; k < len(us); k++ {
				if i := (start + k) % len(us); healthy[i].Load() {
					r.SetURL(us[i])
					r.Out.Host = r.In.Host // as a load balancer does: the dashboard checks Origin against Host
					return
				}
			}
			r.SetURL(us[start%len(us)]) // none healthy: the dial fails, the client gets 502
		},
		ErrorLog: log.New(os.Stderr, "proxy: ", 0),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("listening=%s\n", ln.Addr())
	srv := &http.Server{Handler: rp}
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
