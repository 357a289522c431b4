package kiosk

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestScreensNeverBuildOtherScreens: only nav.go constructs resident screens; a screen
// asks the UI to open another (UI.open, openDetail, …), so no screen holds or builds
// another screen.
func TestScreensNeverBuildOtherScreens(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "nav.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok {
				if id, ok := lit.Type.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Screen") {
					t.Errorf("%s builds a %s: open it through the UI (nav.go)", fset.Position(lit.Pos()), id.Name)
				}
			}
			return true
		})
	}
	if checked < 20 {
		t.Fatalf("checked only %d files", checked)
	}
}
