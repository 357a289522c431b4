// Package subcmd is what the kiosk's and the gateway's subcommand tables share: the usage
// error (bad arguments: exit code 2 and the command's synopsis), the help request,
// and the sorted command names a help page lists.
package subcmd

import (
	"fmt"
	"sort"
)

// UsageError marks bad arguments; main prints it with the command's usage.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef returns a UsageError with a formatted message.
func Usagef(format string, a ...any) error { return UsageError{fmt.Sprintf(format, a...)} }

// WantsHelp reports whether args ask for help (-h, -help or --help anywhere).
func WantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}

// Names is the sorted names of commands for which keep (nil: all) is true.
func Names[C any](commands map[string]C, keep func(name string) bool) []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		if keep == nil || keep(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}
