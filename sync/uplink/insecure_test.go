package uplink

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestInsecureURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://10.1.2.3:8787":            true,
		"http://dvc.cantho.gov.vn/api":    true,
		"HTTP://gw.example":               true,
		"https://dvc.cantho.gov.vn/api":   false,
		"http://127.0.0.1:8787":           false,
		"http://127.8.9.10":               false,
		"http://localhost:8787/kiosk-api": false,
		"http://[::1]:8787":               false,
	} {
		if got := InsecureURL(raw); got != want {
			t.Errorf("InsecureURL(%q) = %v, want %v", raw, got, want)
		}
	}
}

// An http:// gateway on another machine is refused (nothing is sent) unless AllowHTTP,
// which is logged as a warning at every start.
func TestHTTPGatewayRefusedUnlessAllowed(t *testing.T) {
	ctx := context.Background()
	k := newKiosk(t, nil)
	var mu sync.Mutex
	var logs []string
	logf := func(f string, a ...any) { mu.Lock(); logs = append(logs, f); mu.Unlock() }
	cfg := Config{GatewayURL: "http://192.0.2.10:8787", KioskID: "k1", Secret: "s", Retries: -1, Logf: logf}
	u, err := New(k.st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Sync(ctx); !errors.Is(err, ErrInsecureGateway) || !errors.Is(err, ErrNotConfigured) {
		t.Fatalf("sync to an http:// gateway: %v, want ErrInsecureGateway", err)
	}
	cfg.AllowHTTP = true
	cfg.Timeout = 1
	if _, err := New(k.st, cfg); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(logs, "\n"), "WARNING: allow_http") {
		t.Fatalf("allow_http not warned about: %q", logs)
	}
}
