package update_test

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"aead.dev/minisign"

	"github.com/cantho-kiosk/kiosk/sync/update"
)

// build compiles the tiny stand-in kiosk with a version (and healthy=no for a bad build).
func build(t *testing.T, dir, version string, healthy bool) string {
	t.Helper()
	out := filepath.Join(dir, "tinykiosk-"+version)
	ld := "-X main.version=" + version
	if !healthy {
		ld += " -X main.healthy=no"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if b, err := exec.CommandContext(ctx, "go", "build", "-ldflags", ld, "-o", out, "./testdata/tinykiosk").CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", version, err, b)
	}
	return out
}

func TestVerifyRefusals(t *testing.T) {
	pub, key, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, otherKey, _ := minisign.GenerateKey(rand.Reader)
	b := []byte(strings.Repeat("a kiosk build ", 1000))
	sig := update.Sign(key, "1.5.0", b)
	if v, err := update.Verify(pub, b, sig, "1.4.9"); err != nil || v != "1.5.0" {
		t.Fatalf("a good build: %q %v", v, err)
	}
	tampered := append([]byte(nil), b...)
	tampered[100] ^= 1
	for _, tc := range []struct {
		name   string
		build  []byte
		sig    []byte
		run    string
		want   error
		reason string
	}{
		{"tampered", tampered, sig, "1.4.9", update.ErrBadSignature, "bad_signature"},
		{"truncated", b[:len(b)-10], sig, "1.4.9", update.ErrTruncated, "truncated"},
		{"another key", b, update.Sign(otherKey, "1.5.0", b), "1.4.9", update.ErrBadSignature, "bad_signature"},
		{"same version", b, sig, "1.5.0", update.ErrDowngrade, "downgrade"},
		{"downgrade", b, sig, "1.10.0", update.ErrDowngrade, "downgrade"},
		{"comment edited", b, []byte(strings.Replace(string(sig), "version:1.5.0", "version:9.0.0", 1)), "1.4.9", update.ErrBadSignature, "bad_signature"},
		{"no signature", b, []byte("not a signature"), "1.4.9", update.ErrBadSignature, "bad_signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := update.Verify(pub, tc.build, tc.sig, tc.run)
			if !errors.Is(err, tc.want) || update.Reason(err) != tc.reason {
				t.Errorf("got %v (%s), want %v", err, update.Reason(err), tc.want)
			}
		})
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"1.10.0", "1.9.3", 1}, {"1.2", "1.2.0", 0}, {"1.2.0", "1.2.1", -1}, {"dev", "0.0.1", -1}, {"2.0.0", "dev", 1}, {"v1.3.0", "1.2.9", 1}} {
		if got := update.CompareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("%s vs %s: %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestLauncherSwapAndRollback runs real builds of a tiny stand-in kiosk under the
// launcher: A (1.0.0) runs; B (1.1.0), verified and staged, is swapped in when A
// exits between sessions and reports healthy; C (1.2.0) never reports healthy and
// is rolled back to B within the health timeout.
func TestLauncherSwapAndRollback(t *testing.T) {
	bins := t.TempDir()
	a, b, c := build(t, bins, "1.0.0", true), build(t, bins, "1.1.0", true), build(t, bins, "1.2.0", false)
	pub, key, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "app")
	logFile := filepath.Join(t.TempDir(), "started.log")
	var mu sync.Mutex
	var logs []string
	l := &update.Launcher{Dir: dir, Seed: a, SeedVersion: "1.0.0", HealthTimeout: 3 * time.Second, RestartDelay: 100 * time.Millisecond,
		Env:  []string{"TINY_LOG=" + logFile, "TINY_DIR=" + dir},
		Logf: func(f string, args ...any) { mu.Lock(); logs = append(logs, f); mu.Unlock() }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("launcher: %v", err)
		}
	}()
	started := func() []string {
		bs, _ := os.ReadFile(logFile)
		return strings.Fields(strings.ReplaceAll(string(bs), "started ", ""))
	}
	waitFor := func(what string, f func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !f() {
			if time.Now().After(deadline) {
				mu.Lock()
				defer mu.Unlock()
				t.Fatalf("waiting for %s: started %v, report %+v, launcher said %v", what, started(), update.LastReport(dir), logs)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("A to start", func() bool { return strings.Join(started(), " ") == "1.0.0" })

	stage := func(path, version string) {
		t.Helper()
		bs, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := update.Verify(pub, bs, update.Sign(key, version, bs), "1.0.0")
		if err != nil || v != version {
			t.Fatalf("verify %s: %v", version, err)
		}
		if err := update.Stage(dir, bs, v); err != nil {
			t.Fatal(err)
		}
	}
	stage(b, "1.1.0")
	waitFor("B installed", func() bool {
		r := update.LastReport(dir)
		return r.State == "installed" && r.Version == "1.1.0"
	})
	if got := started(); strings.Join(got, " ") != "1.0.0 1.1.0" {
		t.Fatalf("started %v", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "previous")); err != nil {
		t.Fatalf("the previous build was not kept: %v", err)
	}

	stage(c, "1.2.0")
	waitFor("C rolled back", func() bool {
		r := update.LastReport(dir)
		return r.State == "rolled_back" && r.Version == "1.2.0" && r.Reason == "unhealthy"
	})
	waitFor("B running again", func() bool { return strings.Join(started(), " ") == "1.0.0 1.1.0 1.2.0 1.1.0" })
	if update.Staged(dir) != "" {
		t.Error("a build is still staged after the rollback")
	}
}
