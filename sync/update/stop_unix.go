//go:build !windows

package update

import (
	"os/exec"
	"syscall"
	"time"
)

// stopChild asks the child to stop (SIGTERM) and kills it after 10 s.
func stopChild(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	go func() {
		time.Sleep(10 * time.Second)
		_ = cmd.Process.Kill() // fails harmlessly once it exited
	}()
}
