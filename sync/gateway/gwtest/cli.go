package gwtest

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// RunGateway runs the gateway command `bin ARGS…` (what city staff type; 30 s at
// most) with stdin, and returns its stdout, its stderr and its error (an
// *exec.ExitError for a non-zero exit).
func RunGateway(bin, stdin string, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// GatewayCLI is RunGateway for a command that must succeed: it fails the test with
// the command's stderr otherwise, and returns its stdout.
func GatewayCLI(t testing.TB, bin, stdin string, args ...string) string {
	t.Helper()
	out, errOut, err := RunGateway(bin, stdin, args...)
	if err != nil {
		t.Fatalf("gateway %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// KioskCredentials reads the id= and secret= lines `gateway kiosk add` printed; it
// fails the test when the id or a full-length secret is missing.
func KioskCredentials(t testing.TB, out string) (id, secret string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "id="); ok {
			id = v
		}
		if v, ok := strings.CutPrefix(line, "secret="); ok {
			secret = v
		}
	}
	if id == "" || len(secret) < 32 {
		t.Fatalf("gateway kiosk add printed %q", out)
	}
	return id, secret
}
