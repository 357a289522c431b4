// Command kiosk is the commune public-service kiosk. With no command it opens the
// touchscreen window; its subcommands serve installers and support staff without a
// display (see `kiosk help`).
package main

import (
	_ "dvc.invalid/quietlocale" // must stay first: silences Fyne's locale complaint before main

	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cantho-kiosk/kiosk/cmd/internal/subcmd"
	"github.com/cantho-kiosk/kiosk/sync/update"
)

func main() {
	noHeapProfile()
	attachConsole()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses global options, then runs a subcommand or the window. It returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg := defaultConfig()
	if p := os.Getenv("KIOSK_CONFIG"); p != "" {
		if err := cfg.loadConfigFile(p); err != nil {
			fmt.Fprintln(stderr, "kiosk:", err)
			return 2
		}
	}
	if err := cfg.loadEnv(); err != nil {
		fmt.Fprintln(stderr, "kiosk:", err)
		return 2
	}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		global := strings.HasPrefix(a, "--") && (name == "data" || name == "config")
		if !global {
			rest = append(rest, args[i:]...)
			break
		}
		if !hasVal {
			if i+1 >= len(args) {
				fmt.Fprintf(stderr, "kiosk: --%s needs a value\n", name)
				return 2
			}
			i++
			val = args[i]
		}
		var err error
		if name == "config" {
			err = cfg.loadConfigFile(val)
		} else {
			cfg.DataDir = val
		}
		if err != nil {
			fmt.Fprintln(stderr, "kiosk:", err)
			return 2
		}
	}
	env := &cmdEnv{stdout: stdout, stderr: stderr, stdin: stdin, cfg: cfg}

	if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
		return guiExitCode(runGUI(ctx, env, rest), stderr)
	}
	if rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		printHelp(stdout)
		return 0
	}
	c, cargs, ok := lookup(rest)
	if subcmd.WantsHelp(rest) {
		if ok {
			fmt.Fprintf(stdout, "usage: kiosk %s %s\n%s\n", c.name, c.usage, c.summary)
			return 0
		}
		if printGroupHelp(stdout, rest) {
			return 0
		}
	}
	if !ok {
		fmt.Fprintf(stderr, "kiosk: unknown command %q (see 'kiosk help')\n", strings.Join(rest, " "))
		return 2
	}
	if err := c.run(ctx, env, cargs); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "kiosk %s: %s\nusage: kiosk %s %s\n", c.name, ue.Msg, c.name, c.usage)
			return 2
		}
		fmt.Fprintf(stderr, "kiosk %s: %v\n", c.name, err)
		return 1
	}
	return 0
}

// guiExitCode is the window's exit code for runGUI's outcome: the launcher swaps in
// a staged build on update.ExitForUpdate.
func guiExitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errRestartForUpdate):
		return update.ExitForUpdate
	}
	fmt.Fprintln(stderr, "kiosk:", err)
	return 1
}
