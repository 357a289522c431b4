package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestHeadlessCommandsPrintNoLocaleNoise runs this test binary (which links Fyne and
// the kiosk's main package like the real one) as `kiosk version` and `kiosk catalog
// --help` under LANG=C.UTF-8, where Fyne's start-up code complains about the locale.
func TestHeadlessCommandsPrintNoLocaleNoise(t *testing.T) {
	if args := os.Getenv("KIOSK_TEST_RUN_ARGS"); args != "" {
		os.Exit(run(context.Background(), strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
	}
	for _, args := range []string{"version", "catalog --help", "help"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHeadlessCommandsPrintNoLocaleNoise$")
		cmd.Env = append(os.Environ(), "KIOSK_TEST_RUN_ARGS="+args, "LANG=C.UTF-8", "LC_ALL=", "LANGUAGE=",
			"KIOSK_DATA="+t.TempDir())
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("kiosk %s: %v\nstderr: %s", args, err, stderr.String())
		}
		if stderr.Len() != 0 {
			t.Errorf("kiosk %s under LANG=C.UTF-8 wrote to stderr:\n%s", args, stderr.String())
		}
		if stdout.Len() == 0 {
			t.Errorf("kiosk %s printed nothing on stdout", args)
		}
	}
}
