package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// forged describes how a request is (mis)signed.
type forged struct {
	name     string
	id       string // X-Kiosk-ID sent
	secret   string // key used to sign
	at       time.Duration
	omit     string // header to leave out
	signBody func(real []byte) []byte
	signPath func(real string) string
}

// send signs a request as f says and sends it.
func (f forged) send(t *testing.T, ctx context.Context, baseURL, method, path string, body []byte) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, baseURL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sb, sp := body, path
	if f.signBody != nil {
		sb = f.signBody(body)
	}
	if f.signPath != nil {
		sp = f.signPath(path)
	}
	ts, nonce := wire.Timestamp(time.Now().Add(f.at)), wire.NewNonce()
	req.Header.Set(wire.HeaderKioskID, f.id)
	req.Header.Set(wire.HeaderTimestamp, ts)
	req.Header.Set(wire.HeaderNonce, nonce)
	req.Header.Set(wire.HeaderContentSHA256, wire.BodyHash(sb))
	req.Header.Set(wire.HeaderSignature, wire.Sign(f.secret, method, sp, ts, nonce, int64(len(sb)), wire.BodyHash(sb)))
	if f.omit != "" {
		req.Header.Del(f.omit)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func TestAuthenticationRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 6")
		id2, secret2 := addKiosk(t, b, "Nhà văn hóa ấp 7")
		gw := startGateway(t, b)
		store := b.open(t)
		good := gw.client(id, secret)

		// The dossier's page is already there, so only authentication could stop it.
		p := page(4000)
		expect(t, "page", must(t)(good.PutPage(ctx, p, "jpeg")), 201, "")
		other := func(body []byte) []byte { return append(append([]byte(nil), body...), ' ') }
		cases := []forged{
			{name: "no signature", id: id, secret: secret, omit: wire.HeaderSignature},
			{name: "no timestamp", id: id, secret: secret, omit: wire.HeaderTimestamp},
			{name: "no nonce", id: id, secret: secret, omit: wire.HeaderNonce},
			{name: "no body hash", id: id, secret: secret, omit: wire.HeaderContentSHA256},
			{name: "no kiosk id", id: id, secret: secret, omit: wire.HeaderKioskID},
			{name: "wrong secret", id: id, secret: strings.Repeat("ab", 32)},
			{name: "unknown kiosk", id: "k-0000000000000000", secret: secret},
			{name: "another kiosk's id", id: id2, secret: secret},
			{name: "stale timestamp", id: id, secret: secret, at: -301 * time.Second},
			{name: "replayed from 10 minutes ago", id: id, secret: secret, at: -10 * time.Minute},
			{name: "timestamp from the future", id: id, secret: secret, at: 6 * time.Minute},
			{name: "body tampered", id: id, secret: secret, signBody: other},
			{name: "path tampered", id: id, secret: secret, signPath: func(p string) string { return p + "x" }},
		}
		for _, f := range cases {
			t.Run(strings.ReplaceAll(f.name, " ", "_"), func(t *testing.T) {
				before := strings.Count(gw.Logs(), "request refused: unauthorized")
				np := page(3000)
				d := dossier(p)
				dj, _ := json.Marshal(d)
				uj, _ := json.Marshal(wire.Usage{Sessions: 99})
				reqs := []struct {
					method, path string
					body         []byte
				}{
					{"PUT", wire.PagePath(wire.BodyHash(np)), np},
					{"PUT", wire.DossierPath(d.ID), dj},
					{"PUT", wire.UsagePath("2026-11-27"), uj},
					{"GET", wire.CatalogPath, nil},
				}
				for _, r := range reqs {
					status, body, hdr := f.send(t, ctx, gw.URL, r.method, r.path, r.body)
					var e wire.Error
					json.Unmarshal(body, &e)
					if status != 401 || e.Code != wire.CodeUnauthorized {
						t.Fatalf("%s %s: %d %s, want 401 unauthorized", r.method, r.path, status, body)
					}
					if sig := hdr.Get(wire.HeaderGatewaySignature); sig != "" {
						t.Fatalf("%s %s: a refusal carries a gateway signature", r.method, r.path)
					}
				}
				// Nothing stored.
				if has, err := store.HasPage(ctx, wire.BodyHash(np)); err != nil || has {
					t.Fatalf("page stored (%v)", err)
				}
				if _, err := store.DossierByID(ctx, d.ID); err == nil {
					t.Fatal("dossier stored")
				}
				if u, err := store.Usage(ctx, gwstore.UsageFilter{}); err != nil || len(u) != 0 {
					t.Fatalf("usage stored: %+v %v", u, err)
				}
				// And logged, once per request.
				deadline := time.Now().Add(5 * time.Second)
				for strings.Count(gw.Logs(), "request refused: unauthorized")-before < len(reqs) {
					if time.Now().After(deadline) {
						t.Fatalf("refusals not logged:\n%s", gw.Logs())
					}
					time.Sleep(20 * time.Millisecond)
				}
			})
		}
		// The well-signed versions of the same requests go through.
		ok := forged{id: id, secret: secret}
		d := dossier(p)
		dj, _ := json.Marshal(d)
		if status, body, _ := ok.send(t, ctx, gw.URL, "PUT", wire.DossierPath(d.ID), dj); status != 201 {
			t.Fatalf("well-signed dossier: %d %s", status, body)
		}
		// At the edge of the window (just inside), still accepted.
		edge := forged{id: id2, secret: secret2, at: -290 * time.Second}
		if status, body, _ := edge.send(t, ctx, gw.URL, "GET", wire.CatalogPath, nil); status != 200 {
			t.Fatalf("290 s old timestamp: %d %s", status, body)
		}
	})
}

// Connections beyond --max-conns wait instead of being served: slow clients cannot
// exhaust the gateway's file descriptors (21,000 slow connections did).
func TestConnectionLimit(t *testing.T) {
	dir := t.TempDir()
	gw := startGateway(t, backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir}, "--max-conns", "2")
	host := strings.TrimPrefix(gw.URL, "http://")
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")) // headers never finished
		held = append(held, c)
	}
	done := make(chan int, 1)
	go func() {
		resp, err := http.Get(gw.URL + wire.HealthPath)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	select {
	case s := <-done:
		t.Fatalf("a third connection was served (%d) while two were held with --max-conns 2", s)
	case <-time.After(500 * time.Millisecond):
	}
	held[0].Close()
	select {
	case s := <-done:
		if s != 200 {
			t.Fatalf("health after a slot freed: %d", s)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the waiting connection was not served after a slot freed")
	}
	held[1].Close()
}

// A request replayed to another gateway sharing the same database is refused too: the
// nonces live in the store.
func TestReplayAcrossGateways(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 9")
		gw1, gw2 := startGateway(t, b), startGateway(t, b)
		body, _ := json.Marshal(wire.Usage{Sessions: 3})
		req, _ := http.NewRequestWithContext(ctx, "PUT", gw1.URL+wire.UsagePath("2026-11-27"), bytes.NewReader(body))
		if _, err := wire.SignRequest(req, id, secret, body, time.Now()); err != nil {
			t.Fatal(err)
		}
		for i, base := range []string{gw1.URL, gw2.URL} {
			r := req.Clone(ctx)
			r.URL, _ = r.URL.Parse(base + wire.UsagePath("2026-11-27"))
			r.Host = r.URL.Host
			r.Body = io.NopCloser(bytes.NewReader(body))
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if want := []int{200, 401}[i]; resp.StatusCode != want {
				t.Fatalf("gateway %d: %d, want %d", i+1, resp.StatusCode, want)
			}
		}
	})
}

// Plain HTTP on an address other machines reach is refused unless --allow-http, which
// is warned about at every start.
func TestPlainHTTPRefusedOffLoopback(t *testing.T) {
	dir := t.TempDir()
	b := backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir}
	_, errOut, err := cliErr(b, "serve", "--addr", "0.0.0.0:0", "--catalog", "testdata/catalog.json")
	if err == nil || !strings.Contains(errOut, "plain HTTP") {
		t.Fatalf("serve on 0.0.0.0 without TLS: %v %q, want a refusal", err, errOut)
	}
	gw := startGateway(t, b, "--addr", "0.0.0.0:0", "--allow-http")
	if !strings.Contains(gw.Logs(), "serving plain HTTP on a non-loopback address") {
		t.Fatalf("--allow-http not warned about:\n%s", gw.Logs())
	}
}
