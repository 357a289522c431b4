package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cantho-kiosk/kiosk/cmd/internal/subcmd"
)

// command is one headless subcommand of the kiosk binary, for installers and support
// staff. Each lives in a file of its own (cmd_<name>.go) and registers itself in init.
type command struct {
	name    string // the words that select it, e.g. "catalog import"
	usage   string // argument synopsis shown in help
	summary string // one line
	run     func(ctx context.Context, env *cmdEnv, args []string) error
}

// cmdEnv is what every subcommand gets: where to write, and the global options.
type cmdEnv struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	cfg            config
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

// lookup finds the longest registered command that prefixes args.
func lookup(args []string) (command, []string, bool) {
	for n := len(args); n > 0; n-- {
		if c, ok := commands[strings.Join(args[:n], " ")]; ok {
			return c, args[n:], true
		}
	}
	return command{}, nil, false
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "usage: kiosk [global options] [command] [arguments]")
	fmt.Fprintln(w, "With no command, the kiosk window opens.")
	fmt.Fprintln(w, "\nglobal options:")
	fmt.Fprintln(w, "  --data DIR      data directory (database, pages); env KIOSK_DATA")
	fmt.Fprintln(w, "  --config FILE   configuration file (key=value lines); env KIOSK_CONFIG")
	fmt.Fprintln(w, "\ncommands:")
	for _, n := range subcmd.Names(commands, nil) {
		c := commands[n]
		fmt.Fprintf(w, "  %-40s %s\n", strings.TrimSpace(c.name+" "+c.usage), c.summary)
	}
}

// printGroupHelp prints the commands that start with args' leading words (e.g.
// "catalog" for "catalog --help") and reports whether there were any.
func printGroupHelp(w io.Writer, args []string) bool {
	var words []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			break
		}
		words = append(words, a)
	}
	prefix := strings.Join(words, " ")
	names := subcmd.Names(commands, func(n string) bool {
		return prefix != "" && (n == prefix || strings.HasPrefix(n, prefix+" "))
	})
	if len(names) == 0 {
		return false
	}
	fmt.Fprintln(w, "usage:")
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  kiosk %-40s %s\n", strings.TrimSpace(c.name+" "+c.usage), c.summary)
	}
	return true
}

// usageError is returned for bad arguments; main prints it with the command's usage.
type usageError = subcmd.UsageError

func usagef(format string, a ...any) error { return subcmd.Usagef(format, a...) }

// parseFlags parses args into fs and refuses positional arguments: either mistake is
// a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
