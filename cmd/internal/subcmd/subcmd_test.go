package subcmd

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestUsageErrorHelpAndNames(t *testing.T) {
	err := fmt.Errorf("kiosk add: %w", Usagef("give the kiosk's %s", "NAME"))
	var ue UsageError
	if !errors.As(err, &ue) || ue.Msg != "give the kiosk's NAME" {
		t.Fatalf("errors.As: %v %q", err, ue.Msg)
	}
	if errors.As(errors.New("disk full"), &ue) {
		t.Fatal("a plain error is a usage error")
	}
	if !WantsHelp([]string{"kiosk", "add", "--help"}) || !WantsHelp([]string{"-h"}) || WantsHelp([]string{"serve", "--addr", "x"}) {
		t.Fatal("WantsHelp")
	}
	cmds := map[string]int{"serve": 0, "kiosk list": 0, "kiosk add": 0, "dossier show": 0}
	if got := Names(cmds, nil); !slices.Equal(got, []string{"dossier show", "kiosk add", "kiosk list", "serve"}) {
		t.Errorf("all names %q", got)
	}
	if got := Names(cmds, func(n string) bool { return strings.HasPrefix(n, "kiosk ") }); !slices.Equal(got, []string{"kiosk add", "kiosk list"}) {
		t.Errorf("group names %q", got)
	}
}
