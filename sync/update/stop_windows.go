package update

import "os/exec"

// stopChild kills the child (Windows has no SIGTERM for a GUI process).
func stopChild(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
