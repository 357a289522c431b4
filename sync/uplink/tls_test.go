package uplink

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a self-signed CA certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gateway test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// HTTPS with the city's own CA: trusted through the configured CA file, refused
// (transiently, nothing sent) without it.
func TestHTTPSWithCAFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	g := startGateway(t, "sqlite")
	tlsURL := strings.Replace(g.serve(t, "--tls-cert", cert, "--tls-key", key), "http://", "https://", 1)
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	k.saveDossiers(t, 15, 1, 1, 8<<10, false)

	untrusting := newUplink(t, k, g, tlsURL, clk)
	if _, err := untrusting.Sync(ctx); !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA file: %v, want a certificate failure", err)
	}
	if ds, _ := g.Store().Dossiers(ctx, gwDossierFilter(g)); len(ds) != 0 {
		t.Fatalf("a dossier went over an untrusted connection")
	}
	trusting := newUplink(t, k, g, tlsURL, clk, func(c *Config) { c.CAFile = cert })
	clk.Add(time.Hour)
	if rep, err := trusting.Sync(ctx); err != nil || rep.Accepted != 1 {
		t.Fatalf("with the CA file: %+v, %v", rep, err)
	}
	g.checkExactlyOnce(t, k)
	if _, err := New(k.st, Config{CAFile: filepath.Join(dir, "missing.pem")}); err == nil {
		t.Error("New accepted a CA file that does not exist")
	}
}
