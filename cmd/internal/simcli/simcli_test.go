package simcli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Control hands the first lines, then stdin's, in order; a handler's error is printed
// with the command's name and the loop goes on; stdin's end does not stop it, ctx does.
func TestControlOrderErrorsAndEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var got []string
	var stderr bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		Control(ctx, "sim", strings.NewReader("c\n!bad\nd\n"), &stderr,
			func(send func(string) bool) { send("a"); send("b") },
			func(l string) error {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, l)
				if l == "!bad" {
					return errors.New("unknown control")
				}
				return nil
			})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case <-done:
		t.Fatal("Control returned at the end of stdin")
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	<-done
	if strings.Join(got, ",") != "a,b,c,!bad,d" {
		t.Errorf("lines %q", got)
	}
	if stderr.String() != "sim: unknown control\n" {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestWriteFileReplacesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paths")
	for _, text := range []string{"scanner=/dev/pts/3\n", "scanner=/dev/pts/4\nqr=/dev/pts/5\n"} {
		if err := WriteFile(path, text); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(path); err != nil || string(b) != text {
			t.Fatalf("read %q, %v; want %q", b, err, text)
		}
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("temporary file left: %v", ents)
	}
}
