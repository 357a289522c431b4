package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestHelpAndVersionPrintToStdoutAndExitZero(t *testing.T) {
	cases := []struct {
		args []string
		want []string // every line start expected on stdout
	}{
		{[]string{"--help"}, []string{"usage: gateway command"}},
		{[]string{"serve", "--help"}, []string{"usage: gateway serve --addr"}},
		{[]string{"kiosk", "add", "-h"}, []string{"usage: gateway kiosk add NAME"}},
		{[]string{"kiosk", "--help"}, []string{"usage:", "  gateway kiosk add", "  gateway kiosk list"}},
		{[]string{"dossier", "-help"}, []string{"usage:", "  gateway dossier list", "  gateway dossier status"}},
		{[]string{"version"}, []string{"gateway dev"}},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), c.args, &stdout, &stderr)
		if code != 0 || stderr.Len() != 0 {
			t.Errorf("gateway %s: exit %d, stderr %q", strings.Join(c.args, " "), code, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains("\n"+stdout.String(), "\n"+w) {
				t.Errorf("gateway %s: stdout lacks a line starting %q:\n%s", strings.Join(c.args, " "), w, stdout.String())
			}
		}
	}
	// An unknown group is still an error.
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"nosuch", "--help"}, &stdout, &stderr); code != 2 {
		t.Errorf("gateway nosuch --help: exit %d, want 2", code)
	}
}
