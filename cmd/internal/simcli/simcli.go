// Package simcli is what the device simulators' commands (cmd/scannersim,
// cmd/esclsim) share: the main that runs until SIGINT or SIGTERM, the file of
// device addresses written atomically, and the loop that reads control lines.
package simcli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

// Main runs run with the command's arguments and standard streams and a context that
// ends at SIGINT or SIGTERM. An error other than -h's is printed as "name: err" and
// exits 1.
func Main(name string, run func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, name+":", err)
		stop()
		os.Exit(1)
	}
}

// WriteFile writes text to path through a temporary file beside it renamed over it,
// so that a reader sees the whole text or none of it.
func WriteFile(path, text string) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Control hands each control line to handle, one at a time, until ctx ends: first
// those first sends (when not nil; send reports false once ctx has ended), then the
// lines of in. When in ends the simulator keeps running until ctx ends. An error of
// handle is printed as "name: err" on stderr and does not stop the loop.
func Control(ctx context.Context, name string, in io.Reader, stderr io.Writer, first func(send func(string) bool), handle func(line string) error) {
	lines := make(chan string)
	send := func(l string) bool {
		select {
		case lines <- l:
			return true
		case <-ctx.Done():
			return false
		}
	}
	go func() {
		defer close(lines)
		if first != nil {
			first(send)
		}
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 4096), 1<<16)
		for sc.Scan() {
			if !send(sc.Text()) {
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case l, ok := <-lines:
			if !ok {
				lines = nil // stdin closed: keep running until killed
				continue
			}
			if err := handle(l); err != nil {
				fmt.Fprintln(stderr, name+":", err)
			}
		}
	}
}

// ErrUnknownFault is what a simulator's fault setter answers for a name it lacks.
var ErrUnknownFault = errors.New("unknown fault")

// ParseFaults calls set with the name and value of each item of a --faults spec
// ("name=value" or "name", comma-separated; blank: none). An error names the item.
func ParseFaults(spec string, set func(name, value string) error) error {
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	for _, item := range strings.Split(spec, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(item), "=")
		if err := set(k, v); err != nil {
			return fmt.Errorf("--faults %q: %v", item, err)
		}
	}
	return nil
}
