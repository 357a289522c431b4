package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestKioskHelpAndVersion(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"catalog", "--help"}, []string{"usage:", "  kiosk catalog import FILE", "  kiosk catalog list", "  kiosk catalog search"}},
		{[]string{"catalog", "import", "-h"}, []string{"usage: kiosk catalog import FILE"}},
		{[]string{"pin", "--help"}, []string{"usage:", "  kiosk pin set"}},
		{[]string{"sync", "--once", "--help"}, []string{"usage: kiosk sync"}},
		{[]string{"version"}, []string{"kiosk dev"}},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), c.args, nil, &stdout, &stderr)
		if code != 0 || stderr.Len() != 0 {
			t.Errorf("kiosk %s: exit %d, stderr %q", strings.Join(c.args, " "), code, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains("\n"+stdout.String(), "\n"+w) {
				t.Errorf("kiosk %s: stdout lacks a line starting %q:\n%s", strings.Join(c.args, " "), w, stdout.String())
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"nosuch", "--help"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("kiosk nosuch --help: exit %d, want 2", code)
	}
}
