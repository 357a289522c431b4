//go:build !windows

package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"aead.dev/minisign"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/update"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestRealKioskUpdateAndRollback runs two real kiosk builds (1.0.0 and 1.1.0, the
// same source linked with different versions) under `kiosk launch`, with real
// windows under Xvfb and a real gateway process publishing signed builds:
//  1. 1.0.0 starts, finds 1.1.0 published, verifies and stages it, restarts between
//     sessions (none is running); the launcher swaps it in; 1.1.0 opens its window,
//     syncs, reports healthy, and its heartbeat tells the city it runs 1.1.0.
//  2. The city publishes a broken 1.2.0 (a program that exits at once), properly
//     signed. 1.1.0 restarts (its process was ended), stages and runs it; it never
//     reports healthy, so the launcher rolls back to 1.1.0, which reports the
//     rollback in its heartbeat: an alert on `gateway kiosk list`.
func TestRealKioskUpdateAndRollback(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Xvfb test")
	}
	if _, err := exec.LookPath("xvfb-run"); err != nil {
		gwtest.Unavailable(t, "xvfb-run missing (scripts/deps.sh test)", "xvfb-run missing")
	}
	bins := t.TempDir()
	buildKiosk := func(version string) string {
		out := filepath.Join(bins, "kiosk-"+version)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		b, err := exec.CommandContext(ctx, "go", "build", "-tags", "sqlite_fts5", "-ldflags", "-X github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo.Version="+version, "-o", out, ".").CombinedOutput()
		if err != nil {
			t.Fatalf("go build %s: %v\n%s", version, err, b)
		}
		return out
	}
	a, b := buildKiosk("1.0.0"), buildKiosk("1.1.0")
	pub, key, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pubText, _ := pub.MarshalText()
	published := t.TempDir()
	publish := func(path, version string) {
		t.Helper()
		bs, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(published, wire.BuildName(runtime.GOOS, runtime.GOARCH))
		if err := os.WriteFile(name, bs, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name+".minisig", update.Sign(key, version, bs), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	publish(b, "1.1.0")
	url, id, secret, gw := startTestGateway(t, "--updates", published)
	data := t.TempDir()
	if _, errs, code := runKiosk(t, data, "register", "--gateway", url, "--id", id, "--secret", secret); code != 0 {
		t.Fatalf("register: %s", errs)
	}

	cmd := exec.Command("xvfb-run", "-a", "-s", "-screen 0 1366x768x24", a, "--data", data, "launch", "--health-timeout", "20s")
	cmd.Env = append(os.Environ(), "KIOSK_UPDATE_KEY="+string(pubText), "KIOSK_WINDOWED=true", "FYNE_CACHE=10s")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var logs strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			mu.Lock()
			logs.WriteString(sc.Text() + "\n")
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	said := func() string { mu.Lock(); defer mu.Unlock(); return logs.String() }
	waitFor := func(what string, f func() bool) {
		t.Helper()
		deadline := time.Now().Add(120 * time.Second)
		for !f() {
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s; report %+v; the launcher and kiosk said:\n%s", what, update.LastReport(filepath.Join(data, "app")), said())
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	listed := func() []string {
		for _, l := range strings.Split(gw("kiosk", "list"), "\n") {
			if strings.HasPrefix(l, id+"\t") {
				return strings.Split(l, "\t")
			}
		}
		return nil
	}
	appDir := filepath.Join(data, "app")
	waitFor("1.1.0 installed", func() bool {
		r := update.LastReport(appDir)
		return r.State == "installed" && r.Version == "1.1.0"
	})
	waitFor("the heartbeat of 1.1.0", func() bool { f := listed(); return len(f) == 9 && strings.HasPrefix(f[5], "1.1.0 ") })
	if s := said(); !strings.Contains(s, "started build 1.0.0") || !strings.Contains(s, "swapped in build 1.1.0") {
		t.Errorf("the launcher said:\n%s", s)
	}

	if prev, err := os.ReadFile(filepath.Join(appDir, "previous")); err != nil || len(prev) < 1<<20 {
		t.Errorf("the previous build (1.0.0) was not kept: %d bytes, %v", len(prev), err)
	}

	// A broken 1.2.0, signed: the running 1.1.0 is ended so that it checks at start.
	publish("/bin/false", "1.2.0")
	pids := regexp.MustCompile(`started build 1\.1\.0 \(pid (\d+)\)`).FindAllStringSubmatch(said(), -1)
	if len(pids) == 0 {
		t.Fatalf("no pid of 1.1.0 in:\n%s", said())
	}
	var pid int
	fmt.Sscan(pids[len(pids)-1][1], &pid)
	syscall.Kill(pid, syscall.SIGTERM)
	waitFor("1.2.0 rolled back", func() bool {
		r := update.LastReport(appDir)
		return r.State == "rolled_back" && r.Version == "1.2.0"
	})
	waitFor("1.1.0 running again and reporting the rollback", func() bool {
		f := listed()
		return len(f) == 9 && strings.HasPrefix(f[5], "1.1.0 ") && strings.Contains(f[8], "update_refused")
	})
	if bs, err := os.ReadFile(filepath.Join(appDir, "current")); err != nil || len(bs) < 1<<20 {
		t.Errorf("after the rollback current is %d bytes (%v), want the kiosk 1.1.0 build", len(bs), err)
	}
}
