package gwtest

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// StartChild runs the test binary again with no tests (-test.run=^$) and env added to
// the test's environment, so that the package's TestMain plays the child's part (a
// kiosk's sync process in the kill tests). The child is killed at cleanup if the test
// has not waited for it; its stderr is in the returned Buffer.
func StartChild(t testing.TB, ctx context.Context, env ...string) (*exec.Cmd, *Buffer) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	stderr := new(Buffer)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, stderr
}

// Kills is a kill test's plan: Kills SIGKILLs, each after Base plus up to Spread of
// run time (the wait grows ×1.6 when a kill finds Done unchanged: a slow machine or
// -race), of a child (StartChild with Ctx and Env) that moves Done from 0 to N.
type Kills struct {
	Kills        int
	Base, Spread time.Duration
	Rand         *rand.Rand
	Ctx          context.Context
	Env          []string
	Done         func() int // the work done so far, read after each kill
	N            int        // the work in all
}

// KillAndFinish starts children and SIGKILLs them as planned (fewer kills when a child
// finishes first), then runs a last child that must exit 0, and fails the test if no
// kill landed midway (0 < Done < N). It answers the kills and the midway kills.
func KillAndFinish(t testing.TB, p Kills) (kills, midway int) {
	t.Helper()
	last := 0
	scale := 1.0
	for kills < p.Kills {
		cmd, stderr := StartChild(t, p.Ctx, p.Env...)
		time.Sleep(time.Duration(scale * float64(p.Base+time.Duration(p.Rand.Int64N(int64(p.Spread))))))
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			cmd.Wait() // it finished first: everything is done
			break
		}
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			if err != nil {
				t.Fatalf("child process failed before the kill: %v\n%s", err, stderr)
			}
			break // exited 0 just before the signal
		}
		kills++
		d := p.Done()
		if d > 0 && d < p.N {
			midway++
		}
		if d == last {
			scale *= 1.6
		}
		last = d
		t.Logf("kill %d: %d of %d done", kills, d, p.N)
	}
	cmd, stderr := StartChild(t, p.Ctx, p.Env...)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("final child process: %v\n%s", err, stderr)
	}
	if midway == 0 {
		t.Errorf("no kill landed while the work was partly done (%d kills): the test proves less than it claims", kills)
	}
	return kills, midway
}
