package update

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Files of an update directory (DATA/app):
//
//	current[.exe]   the build the launcher runs
//	previous[.exe]  the build before it, for a rollback
//	next[.exe]      a verified build waiting for the end of a session
//	next.version    its version
//	state.json      what the launcher did last (installed, rolled back)
//	refused.json    the last build the kiosk refused, and why
//	healthy         written by the running build once its window is up and sync works
func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// Report is the last thing that happened to an update, for the heartbeat.
type Report struct {
	State   string    `json:"state"` // "pending", "installed", "rolled_back", "refused"
	Version string    `json:"version"`
	Reason  string    `json:"reason,omitempty"`
	At      time.Time `json:"at"`
}

// state is the launcher's own record.
type state struct {
	Running string `json:"running"` // version of current
	Trial   string `json:"trial"`   // version on trial ("" once healthy)
	Report  Report `json:"report"`
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// writeFile writes data to path through a temporary file, fsynced and renamed.
func writeFile(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, b, 0o644)
}

// Stage puts a verified build in dir as the next one to run; the launcher swaps it
// in when the kiosk exits between sessions.
func Stage(dir string, build []byte, version string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("update: stage: %w", err)
	}
	if err := writeFile(filepath.Join(dir, exe("next")), build, 0o755); err != nil {
		return fmt.Errorf("update: stage: %w", err)
	}
	if err := writeFile(filepath.Join(dir, "next.version"), []byte(version), 0o644); err != nil {
		return fmt.Errorf("update: stage: %w", err)
	}
	return nil
}

// Staged returns the version of the build waiting in dir ("" when none).
func Staged(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, exe("next"))); err != nil {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(dir, "next.version"))
	if err != nil {
		return ""
	}
	return string(b)
}

// Refused records a refused build for the heartbeat.
func Refused(dir, version string, err error, now time.Time) error {
	if e := os.MkdirAll(dir, 0o755); e != nil {
		return e
	}
	return writeJSON(filepath.Join(dir, "refused.json"), Report{State: "refused", Version: version, Reason: Reason(err), At: now.UTC()})
}

// LastReport is the latest of what the launcher did and what the kiosk refused
// (zero when nothing happened).
func LastReport(dir string) Report {
	var st state
	var ref Report
	_ = readJSON(filepath.Join(dir, "state.json"), &st)
	_ = readJSON(filepath.Join(dir, "refused.json"), &ref)
	if ref.At.After(st.Report.At) {
		return ref
	}
	return st.Report
}

// MarkHealthy is what the running build calls once its window is up and a sync
// round worked: the file named by the KIOSK_HEALTH_FILE environment variable (set
// by the launcher) is written. Without the variable (not under a launcher) it does
// nothing.
func MarkHealthy() error {
	p := os.Getenv(HealthEnv)
	if p == "" {
		return nil
	}
	return writeFile(p, []byte("ok\n"), 0o644)
}

// HealthEnv names the environment variable holding the health file's path.
const HealthEnv = "KIOSK_HEALTH_FILE"

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	b, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	return writeFile(dst, b, 0o755)
}
