package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/scanner/esclsim"
	"github.com/cantho-kiosk/kiosk/scanner/ksp"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

func TestScanCommandSerial(t *testing.T) {
	dev, err := sim.NewScanner(sim.Config{Sheets: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	dir := filepath.Join(t.TempDir(), "pages")
	out, errs, code := runDevCmd(t, "scan", "--device", "serial:"+dev.Path(), "--dpi", "100", "--mode", "gray", "--source", "feeder", "--duplex", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "page 1: 827x1169 jpeg") {
		t.Fatalf("output %q", out)
	}
	sent := dev.LastJobPages()
	for i := range sent {
		got, err := os.ReadFile(filepath.Join(dir, "page-00"+string(rune('1'+i))+".jpg"))
		if err != nil || !bytes.Equal(got, sent[i].Data) {
			t.Fatalf("page %d file: %v", i+1, err)
		}
	}
	if !strings.Contains(errs, "921600 baud") {
		t.Fatalf("stderr %q", errs)
	}
}

func TestScanCommandSANE(t *testing.T) {
	if _, err := os.Stat("/usr/bin/scanimage"); err != nil {
		gwtest.Unavailable(t, "scanimage (sane-utils) is required", "scanimage not installed")
	}
	dir := t.TempDir()
	out, errs, code := runDevCmd(t, "scan", "--device", "sane:test", "--dpi", "50", "--mode", "bw", "--out", dir)
	if code != 0 || !strings.HasPrefix(out, "page 1: ") || !strings.Contains(out, "png") {
		t.Fatalf("exit %d: %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "page-001.png")); err != nil {
		t.Fatal(err)
	}
}

func TestScanCommandFailures(t *testing.T) {
	dir := t.TempDir()
	_, errs, code := runDevCmd(t, "scan", "--device", "serial:/dev/nonexistent-ksp", "--out", dir)
	if code != 1 || !strings.Contains(errs, "cannot open scanner serial:/dev/nonexistent-ksp") || !strings.Contains(errs, "device gone") {
		t.Fatalf("missing device: exit %d %q", code, errs)
	}
	_, errs, code = runDevCmd(t, "scan", "--out", dir)
	if code != 2 || !strings.Contains(errs, "no scanner") {
		t.Fatalf("no device: exit %d %q", code, errs)
	}
	_, errs, code = runDevCmd(t, "scan", "--device", "usb:thing", "--out", dir)
	if code != 2 || !strings.Contains(errs, "unknown kind") {
		t.Fatalf("wrong device: exit %d %q", code, errs)
	}
	_, errs, code = runDevCmd(t, "scan", "--device", "serial:/dev/x", "--mode", "sepia", "--out", dir)
	if code != 2 || !strings.Contains(errs, "mode") {
		t.Fatalf("bad mode: exit %d %q", code, errs)
	}
	// A device that refuses: empty feeder.
	dev, err := sim.NewScanner(sim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	_, errs, code = runDevCmd(t, "scan", "--device", "serial:"+dev.Path(), "--source", "feeder", "--out", dir)
	if code != 1 || !strings.Contains(errs, "no paper") {
		t.Fatalf("empty feeder: exit %d %q", code, errs)
	}
}

func TestScanCommandESCL(t *testing.T) {
	dev, err := esclsim.New(esclsim.Config{Sheets: 2, Resolutions: []int{150, 300}, Model: "Canon MF-sim"})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	dir := filepath.Join(t.TempDir(), "pages")
	out, errs, code := runDevCmd(t, "scan", "--device", "escl:"+dev.URL(), "--dpi", "200", "--source", "feeder", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	w, h := sim.A4Size(150)
	if len(lines) != 2 || !strings.HasPrefix(lines[0], fmt.Sprintf("page 1: %dx%d jpeg", w, h)) {
		t.Fatalf("output %q", out)
	}
	for _, want := range []string{"Canon MF-sim", dev.URL(), "asking for Feeder 150 dpi Grayscale8", "does not offer 200 dpi", "nearest, 150 dpi"} {
		if !strings.Contains(errs, want) {
			t.Fatalf("stderr lacks %q: %s", want, errs)
		}
	}
	want, err := sim.DocumentPage(150, ksp.ModeGray, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "page-002.jpg")); err != nil || !bytes.Equal(got, want.Data) {
		t.Fatalf("page 2 file: %v", err)
	}
	// The resident-facing codes come through: an empty feeder.
	_, errs, code = runDevCmd(t, "scan", "--device", "escl:"+dev.URL(), "--source", "feeder", "--out", dir)
	if code == 0 || !strings.Contains(errs, "no paper") {
		t.Fatalf("empty feeder: exit %d: %s", code, errs)
	}
}

func TestScanListESCL(t *testing.T) {
	dev, err := esclsim.New(esclsim.Config{Model: "Kiosk list sim"})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if err := dev.Advertise("Kiosk list test"); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runDevCmd(t, "scan", "--list", "--list-wait", "1s")
	if code != 0 || !strings.Contains(out, "escl:"+dev.URL()+"\tKiosk list test (Kiosk list sim)") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}
