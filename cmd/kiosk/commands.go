package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
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
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-40s %s\n", strings.TrimSpace(c.name+" "+c.usage), c.summary)
	}
}

// wantsHelp reports whether args ask for help (-h, -help or --help anywhere).
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
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
	var names []string
	for n := range commands {
		if prefix != "" && (n == prefix || strings.HasPrefix(n, prefix+" ")) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return false
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage:")
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  kiosk %-40s %s\n", strings.TrimSpace(c.name+" "+c.usage), c.summary)
	}
	return true
}

// usageError is returned for bad arguments; main prints it with the command's usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }
