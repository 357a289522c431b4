package flow_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyne: the flow is the kiosk's logic without its views; nothing it imports,
// directly or not, is Fyne (it builds and tests without a display or OpenGL).
func TestNoFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-tags", "sqlite_fts5", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v: %s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps printed %q", out)
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "fyne.io/") || strings.HasSuffix(d, "/kiosk/kiosk") {
			t.Errorf("kiosk/flow depends on %s", d)
		}
	}
}
