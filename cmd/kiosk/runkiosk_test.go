package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// runKioskIn runs the kiosk command line in-process against a data directory, with
// stdin, under a deadline.
func runKioskIn(t *testing.T, data, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code = run(ctx, append([]string{"--data", data}, args...), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// runKiosk is runKioskIn with nothing on stdin.
func runKiosk(t *testing.T, data string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runKioskIn(t, data, "", args...)
}

// runDevCmd is runKiosk on a fresh data directory (the device commands).
func runDevCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runKioskIn(t, t.TempDir(), "", args...)
}
