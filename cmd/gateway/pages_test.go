package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Bad page-storage settings are refused with a plain message before anything starts.
func TestPageStorageFlagsRefused(t *testing.T) {
	dir := t.TempDir()
	b := backend{name: "sqlite", db: filepath.Join(dir, "gateway.db"), data: dir}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--pages", "ftp"}, "--pages must be local or s3"},
		{[]string{"--pages", "s3"}, "--pages s3 needs --s3-endpoint and --s3-bucket"},
	} {
		_, stderr, err := cliErr(b, append([]string{"kiosk", "list"}, c.args...)...)
		if err == nil || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: err %v, stderr %q; want %q", c.args, err, stderr, c.want)
		}
	}
	s3 := withS3(t, b)
	s3.s3.Bucket += "-absent"
	_, stderr, err := cliErr(s3, "kiosk", "list")
	if err == nil || !strings.Contains(stderr, "bucket does not exist") {
		t.Errorf("absent bucket: err %v, stderr %q", err, stderr)
	}
	s3 = withS3(t, b)
	s3.cred = filepath.Join(dir, "no-such-credentials")
	_, stderr, err = cliErr(s3, "kiosk", "list")
	if err == nil || !strings.Contains(stderr, "no credentials") {
		t.Errorf("no credentials: err %v, stderr %q", err, stderr)
	}
}
