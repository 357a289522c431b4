package update

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// ExitForUpdate is the exit code by which the kiosk tells the launcher that a
// session just ended and a staged build waits: swap it in now.
const ExitForUpdate = 75

// Launcher runs the kiosk build in Dir as a child process.
type Launcher struct {
	Dir           string        // the update directory (DATA/app)
	Args          []string      // the child's arguments
	Env           []string      // extra environment of the child
	Stdout        io.Writer     // the child's output [discarded]
	Stderr        io.Writer     // [discarded]
	HealthTimeout time.Duration // a new build must be healthy within this [3 min]
	RestartDelay  time.Duration // pause before restarting a build that exited [2 s]
	Logf          func(format string, args ...any)
	Now           func() time.Time
	// Seed is the build to install as current when Dir has none (the launcher's own
	// executable, usually) with its version.
	Seed, SeedVersion string
}

func (l *Launcher) defaults() {
	if l.HealthTimeout <= 0 {
		l.HealthTimeout = 3 * time.Minute
	}
	if l.RestartDelay <= 0 {
		l.RestartDelay = 2 * time.Second
	}
	if l.Logf == nil {
		l.Logf = func(string, ...any) {}
	}
	if l.Now == nil {
		l.Now = time.Now
	}
	if l.Stdout == nil {
		l.Stdout = io.Discard
	}
	if l.Stderr == nil {
		l.Stderr = io.Discard
	}
}

func (l *Launcher) path(name string) string { return filepath.Join(l.Dir, name) }

func (l *Launcher) save(st *state) error { return writeJSON(l.path("state.json"), st) }

// Run starts the current build and keeps it running until ctx ends: it restarts a
// build that exits, swaps in a staged build when the child exits with
// ExitForUpdate (or at start), and rolls back to the previous build when a new one
// exits or stays silent before writing its health file within HealthTimeout.
func (l *Launcher) Run(ctx context.Context) error {
	l.defaults()
	if err := os.MkdirAll(l.Dir, 0o755); err != nil {
		return fmt.Errorf("launcher: %w", err)
	}
	var st state
	if err := readJSON(l.path("state.json"), &st); err != nil {
		return fmt.Errorf("launcher: state: %w", err)
	}
	if _, err := os.Stat(l.path(exe("current"))); errors.Is(err, os.ErrNotExist) {
		if l.Seed == "" {
			return fmt.Errorf("launcher: no build in %s", l.Dir)
		}
		if err := copyFile(l.Seed, l.path(exe("current"))); err != nil {
			return fmt.Errorf("launcher: install the first build: %w", err)
		}
		st = state{Running: l.SeedVersion}
		if err := l.save(&st); err != nil {
			return fmt.Errorf("launcher: %w", err)
		}
	}
	for ctx.Err() == nil {
		if err := l.swapIfStaged(&st); err != nil {
			l.Logf("launcher: swap: %v", err)
		}
		trial := st.Trial != ""
		healthy, code, err := l.runOnce(ctx, trial, func() {
			if st.Trial == "" {
				return
			}
			l.Logf("launcher: build %s is healthy", st.Trial)
			st.Report = Report{State: "installed", Version: st.Trial, At: l.Now().UTC()}
			st.Trial = ""
			if err := l.save(&st); err != nil {
				l.Logf("launcher: %v", err)
			}
		})
		if ctx.Err() != nil {
			return nil
		}
		if trial && !healthy {
			l.Logf("launcher: build %s did not report healthy (%v): rolling back", st.Trial, err)
			if rerr := l.rollback(&st); rerr != nil {
				return fmt.Errorf("launcher: rollback: %w", rerr)
			}
			continue
		}
		if code == ExitForUpdate && Staged(l.Dir) != "" {
			continue // swap now, no pause: a resident may be waiting
		}
		if err != nil {
			l.Logf("launcher: build %s exited: %v", st.Running, err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(l.RestartDelay):
		}
	}
	return nil
}

// swapIfStaged moves current to previous and next to current.
func (l *Launcher) swapIfStaged(st *state) error {
	v := Staged(l.Dir)
	if v == "" {
		return nil
	}
	if err := os.Rename(l.path(exe("current")), l.path(exe("previous"))); err != nil {
		return err
	}
	if err := os.Rename(l.path(exe("next")), l.path(exe("current"))); err != nil {
		// Put the old build back rather than run nothing.
		_ = os.Rename(l.path(exe("previous")), l.path(exe("current")))
		return err
	}
	_ = os.Remove(l.path("next.version"))
	prev := st.Running
	if err := writeFile(l.path("previous.version"), []byte(prev), 0o644); err != nil {
		return err
	}
	st.Running, st.Trial = v, v
	st.Report = Report{State: "pending", Version: v, At: l.Now().UTC()}
	l.Logf("launcher: swapped in build %s (previous %s kept)", v, prev)
	return l.save(st)
}

// rollback puts previous back as current and records why.
func (l *Launcher) rollback(st *state) error {
	bad := st.Trial
	if err := os.Rename(l.path(exe("previous")), l.path(exe("current"))); err != nil {
		return err
	}
	st.Running = l.previousVersion()
	st.Trial = ""
	st.Report = Report{State: "rolled_back", Version: bad, Reason: "unhealthy", At: l.Now().UTC()}
	return l.save(st)
}

// previousVersion is the version of the previous build (written at the swap).
func (l *Launcher) previousVersion() string {
	b, err := os.ReadFile(l.path("previous.version"))
	if err != nil {
		return "previous"
	}
	return string(b)
}

// runOnce runs the current build until it exits or ctx ends, calling onHealthy
// once when its health file appears. On trial, the child is stopped when it is not
// healthy within HealthTimeout. It reports whether it was healthy, and the exit code.
func (l *Launcher) runOnce(ctx context.Context, trial bool, onHealthy func()) (healthy bool, code int, err error) {
	health := l.path("healthy")
	_ = os.Remove(health)
	cmd := exec.Command(l.path(exe("current")), l.Args...)
	cmd.Env = append(append(os.Environ(), l.Env...), HealthEnv+"="+health)
	cmd.Stdout, cmd.Stderr = l.Stdout, l.Stderr
	if err := cmd.Start(); err != nil {
		return false, -1, err
	}
	l.Logf("launcher: started build %s (pid %d)", l.version(), cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.NewTimer(l.HealthTimeout)
	defer deadline.Stop()
	poll := time.NewTicker(100 * time.Millisecond)
	defer poll.Stop()
	check := func() {
		if !healthy && fileExists(health) {
			healthy = true
			onHealthy()
		}
	}
	for {
		select {
		case err := <-done:
			check()
			return healthy, exitCode(cmd, err), err
		case <-ctx.Done():
			stopChild(cmd)
			<-done
			return healthy, -1, ctx.Err()
		case <-poll.C:
			check()
		case <-deadline.C:
			check()
			if trial && !healthy {
				stopChild(cmd)
				<-done
				return false, -1, fmt.Errorf("no health report within %s", l.HealthTimeout)
			}
		}
	}
}

// version is the running build's version as the state file says.
func (l *Launcher) version() string {
	var st state
	_ = readJSON(l.path("state.json"), &st)
	return st.Running
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func exitCode(cmd *exec.Cmd, err error) int {
	if cmd.ProcessState != nil {
		return cmd.ProcessState.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}
