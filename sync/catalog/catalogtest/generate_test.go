package catalogtest

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGenerateValidDistinctDeterministic(t *testing.T) {
	for _, n := range []int{Province, Large} {
		c := Generate(n, 7)
		if len(c.Procedures) != n {
			t.Fatalf("n=%d: got %d procedures", n, len(c.Procedures))
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		names := map[string]bool{}
		for _, p := range c.Procedures {
			if names[p.Name] {
				t.Fatalf("n=%d: name %q twice", n, p.Name)
			}
			names[p.Name] = true
			if !utf8.ValidString(p.Name) || !strings.ContainsFunc(p.Name, func(r rune) bool { return r > utf8.RuneSelf }) {
				t.Fatalf("n=%d: name %q has no Vietnamese letter", n, p.Name)
			}
		}
	}
	a, b := Generate(300, 42), Generate(300, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave two catalogs")
	}
	if reflect.DeepEqual(a, Generate(300, 43)) {
		t.Fatal("another seed gave the same catalog")
	}
}
