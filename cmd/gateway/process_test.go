package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// SIGTERM while a page upload is in flight: the upload completes, the process exits 0.
func TestSIGTERMShutdownIsClean(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 8")
		gw := startGateway(t, b)
		store := b.open(t)

		data := page(64 << 10)
		pr, pw := io.Pipe()
		req, _ := http.NewRequestWithContext(ctx, "PUT", gw.URL+wire.PagePath(wire.BodyHash(data)), pr)
		req.ContentLength = int64(len(data))
		sig, err := wire.SignRequest(req, id, secret, data, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		type answer struct {
			resp *http.Response
			body []byte
			err  error
		}
		done := make(chan answer, 1)
		go func() {
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				done <- answer{err: err}
				return
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			done <- answer{resp, b, err}
		}()
		pw.Write(data[:1000]) // the request is now in flight
		time.Sleep(200 * time.Millisecond)
		gw.Signal(syscall.SIGTERM)
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(gw.Logs(), "shutting down") {
			if time.Now().After(deadline) {
				t.Fatalf("no shutdown log:\n%s", gw.Logs())
			}
			time.Sleep(10 * time.Millisecond)
		}
		// New connections are refused now (the log line comes just before the listener
		// closes: allow the gateway a moment), the in-flight one finishes.
		for refuseBy := time.Now().Add(5 * time.Second); ; {
			c, err := net.DialTimeout("tcp", strings.TrimPrefix(gw.URL, "http://"), time.Second)
			if err != nil {
				break
			}
			c.Close()
			if time.Now().After(refuseBy) {
				t.Error("still accepting connections 5 s after SIGTERM")
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		pw.Write(data[1000:])
		pw.Close()
		a := <-done
		if a.err != nil {
			t.Fatalf("in-flight upload: %v", a.err)
		}
		if a.resp.StatusCode != 201 {
			t.Fatalf("in-flight upload: %d %s", a.resp.StatusCode, a.body)
		}
		if err := wire.VerifyResponse(secret, 201, sig, a.body, a.resp.Header.Get(wire.HeaderGatewaySignature)); err != nil {
			t.Fatal(err)
		}
		select {
		case <-gw.Exited():
			if err := gw.Err(); err != nil {
				t.Fatalf("gateway exit: %v\n%s", err, gw.Logs())
			}
		case <-time.After(20 * time.Second):
			t.Fatal("gateway still running 20 s after SIGTERM")
		}
		if !strings.Contains(gw.Logs(), `"msg":"stopped cleanly"`) {
			t.Fatalf("no clean stop logged:\n%s", gw.Logs())
		}
		if got, err := store.Page(ctx, wire.BodyHash(data)); err != nil || len(got) != len(data) {
			t.Fatalf("page after shutdown: %d bytes, %v", len(got), err)
		}
	})
}

// Two gateway processes on one PostgreSQL database work as one: pages go to one, the
// dossier to the other, lookups to either; concurrent submissions through both never
// duplicate a dossier or an official code.
func TestTwoProcessesOnePostgres(t *testing.T) {
	b := pgBackend(t)
	ctx := testCtx(t)
	id, secret := addKiosk(t, b, "Nhà văn hóa ấp 9")
	gwA, gwB := startGateway(t, b), startGateway(t, b)
	a, bc := gwA.client(id, secret), gwB.client(id, secret)
	store := b.open(t)

	codes := map[string]bool{}
	for i := 0; i < 6; i++ {
		up, sub := a, bc
		if i%2 == 1 {
			up, sub = bc, a
		}
		p1, p2 := page(50<<10), page(20<<10)
		expect(t, "page 1", must(t)(up.PutPage(ctx, p1, "jpeg")), 201, "")
		expect(t, "page 2", must(t)(up.PutPage(ctx, p2, "jpeg")), 201, "")
		expect(t, "HEAD on the other", must(t)(sub.Do(ctx, "HEAD", wire.PagePath(wire.BodyHash(p1)), nil, nil)), 200, "")
		d := dossier(p1, p2)
		r := must(t)(sub.PutDossier(ctx, d))
		expect(t, "dossier", r, 201, "")
		var ack wire.DossierAck
		r.JSON(&ack)
		if codes[ack.OfficialCode] {
			t.Fatalf("official code %s given twice", ack.OfficialCode)
		}
		codes[ack.OfficialCode] = true
		again := must(t)(up.PutDossier(ctx, d))
		expect(t, "resubmit to the other", again, 200, "")
		var ack2 wire.DossierAck
		again.JSON(&ack2)
		if ack2 != ack {
			t.Fatalf("the other process answered %+v, first %+v", ack2, ack)
		}
		for _, p := range [][]byte{p1, p2} {
			got, err := store.Page(ctx, wire.BodyHash(p))
			if err != nil || string(got) != string(p) {
				t.Fatalf("page not byte-identical (%v)", err)
			}
		}
	}

	// Concurrent duplicates spread over both processes.
	p := page(1000)
	expect(t, "page", must(t)(a.PutPage(ctx, p, "jpeg")), 201, "")
	ds := []wire.Dossier{dossier(p), dossier(p), dossier(p), dossier(p)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string]map[string]int{} // dossier → code → answers
	var errs []error
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := []*gwtest.Client{a, bc}[i%2]
			d := ds[(i/2)%len(ds)]
			r, err := c.PutDossier(ctx, d)
			mu.Lock()
			defer mu.Unlock()
			if err == nil && (r.Status > 201 || !r.Signed) {
				err = fmt.Errorf("answer %d %s signed=%v", r.Status, r.Body, r.Signed)
			}
			if err != nil {
				errs = append(errs, err)
				return
			}
			var ack wire.DossierAck
			r.JSON(&ack)
			if got[d.ID] == nil {
				got[d.ID] = map[string]int{}
			}
			got[d.ID][ack.OfficialCode]++
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	for _, d := range ds {
		if len(got[d.ID]) != 1 {
			t.Fatalf("%s got codes %v", d.ID, got[d.ID])
		}
		for code := range got[d.ID] {
			if codes[code] {
				t.Fatalf("official code %s given twice", code)
			}
			codes[code] = true
		}
	}
	all, err := store.Dossiers(ctx, gwstore.DossierFilter{})
	if err != nil || len(all) != 6+len(ds) {
		t.Fatalf("%d dossiers stored, want %d (%v)", len(all), 6+len(ds), err)
	}

	// A status change made through the CLI shows on both processes.
	var first wire.DossierAck
	json.Unmarshal(must(t)(a.PutDossier(ctx, ds[0])).Body, &first)
	cli(t, b, "dossier", "status", first.OfficialCode, "processing", "--note", "Đang xử lý")
	for _, c := range []*gwtest.Client{a, bc} {
		var st wire.DossierStatus
		r := must(t)(c.Do(ctx, "GET", wire.DossierByCodePath(first.OfficialCode), nil, nil))
		expect(t, "status", r, 200, "")
		r.JSON(&st)
		if st.Status != wire.StatusProcessing || st.Note != "Đang xử lý" {
			t.Fatalf("status on %s: %+v", c.BaseURL, st)
		}
	}
}

// HTTPS with a certificate the kiosk trusts through a configured CA.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	b := backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir}
	certFile, keyFile, pool := selfSigned(t, dir)
	id, secret := addKiosk(t, b, "Nhà văn hóa ấp 10")
	gw := startGateway(t, b, "--tls-cert", certFile, "--tls-key", keyFile)
	c := &gwtest.Client{BaseURL: strings.Replace(gw.URL, "http://", "https://", 1), ID: id, Secret: secret,
		HTTP: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}}
	expect(t, "catalog over TLS", must(t)(c.Do(testCtx(t), "GET", wire.CatalogPath, nil, nil)), 200, "")
	// Plain HTTP to the TLS port does not get an answer it could take.
	plain := &gwtest.Client{BaseURL: gw.URL, ID: id, Secret: secret, HTTP: &http.Client{Timeout: 5 * time.Second}}
	if r, err := plain.Do(context.Background(), "GET", wire.CatalogPath, nil, nil); err == nil && r.Signed {
		t.Fatal("plain HTTP got a signed answer from the TLS port")
	}
}

func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gateway test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// SIGHUP re-reads the catalog file: a valid new one is served with a new ETag, a bad
// one is refused and the previous one kept.
func TestCatalogReloadOnSIGHUP(t *testing.T) {
	dir := t.TempDir()
	b := backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir}
	orig, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	catFile := filepath.Join(dir, "catalog.json")
	os.WriteFile(catFile, orig, 0o600)
	id, secret := addKiosk(t, b, "Nhà văn hóa ấp 12")
	gw := startGateway(t, b, "--catalog", catFile)
	c := gw.client(id, secret)
	ctx := testCtx(t)
	etag := func() (string, []byte) {
		r := must(t)(c.Do(ctx, "GET", wire.CatalogPath, nil, nil))
		expect(t, "catalog", r, 200, "")
		return r.Header.Get("ETag"), r.Body
	}
	first, _ := etag()
	newer := []byte(strings.Replace(string(orig), `"version": "test.1"`, `"version": "test.2"`, 1))
	os.WriteFile(catFile, newer, 0o600)
	gw.Signal(syscall.SIGHUP)
	deadline := time.Now().Add(10 * time.Second)
	for {
		e, body := etag()
		if e != first {
			if e != `"`+wire.BodyHash(newer)+`"` || string(body) != string(newer) {
				t.Fatalf("after reload: ETag %s", e)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("catalog not reloaded\n%s", gw.Logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
	os.WriteFile(catFile, []byte(`{"version":"broken","procedures":[]}`), 0o600)
	gw.Signal(syscall.SIGHUP)
	for !strings.Contains(gw.Logs(), "catalog reload refused") {
		if time.Now().After(deadline) {
			t.Fatalf("bad catalog not refused\n%s", gw.Logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if e, body := etag(); string(body) != string(newer) || e != `"`+wire.BodyHash(newer)+`"` {
		t.Fatalf("a refused catalog replaced the served one (ETag %s)", e)
	}
}
