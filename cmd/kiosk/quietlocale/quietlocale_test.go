package quietlocale

import (
	"bytes"
	"log"
	"testing"
)

func TestOnlyTheLocaleComplaintIsDropped(t *testing.T) {
	var out bytes.Buffer
	l := log.New(New(&out), "", 0)
	l.Println("before")
	l.Println("Fyne error: ", "Error parsing user locale C")
	l.Println("  Cause:", "language: tag is not well-formed")
	l.Printf("  At: %s:%d", "/go/pkg/mod/fyne.io/fyne/v2@v2.7.1/lang/locale.go", 35)
	l.Println("Fyne error: ", "Translation failure")
	l.Println("  Cause:", "something else")
	l.Println("  At: somewhere.go:1")
	l.Println("after")
	want := "before\nFyne error:  Translation failure\n  Cause: something else\n  At: somewhere.go:1\nafter\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}
