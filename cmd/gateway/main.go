// Command gateway is the reference city gateway: the HTTP API the kiosks sync with
// (sync/wire, served by sync/gateway) on SQLite or PostgreSQL (sync/gateway/gwstore),
// plus the commands city staff use to register kiosks and move dossiers through
// their statuses.
//
//	gateway serve --addr 127.0.0.1:8787 --db FILE|postgres://... --data DIR [--agency CODE]
//	              [--catalog FILE] [--tls-cert FILE --tls-key FILE] [--log-level info] [--log-format json]
//	gateway kiosk add NAME [--commune NAME]      prints id=... and secret=... lines
//	gateway kiosk list                           state, last seen, version and alerts of every kiosk
//	gateway kiosk disable|enable ID
//	gateway kiosk rotate-secret ID               prints id=... and secret=... lines
//	gateway dossier list [--status S] [--kiosk ID]
//	gateway dossier show ID|CODE
//	gateway dossier status ID|CODE STATUS [--note TEXT]
//	gateway page get SHA256 --out FILE
//	gateway payment notify --gateway URL [--secret-file F] --txn ID --amount VND --purpose TEXT
//	gateway payment list [--unmatched]
//
// serve re-reads --catalog on SIGHUP (a catalog that does not validate is refused and
// the served one kept) and shuts down cleanly on SIGTERM or SIGINT.
//
// Every command takes --db and --data (env GATEWAY_DB, GATEWAY_DATA). --data defaults
// to ./gateway-data and --db to DATA/gateway.db (SQLite). Page bytes live under
// DATA/pages with SQLite and in the database with PostgreSQL, or, with --pages s3, in
// an S3-compatible bucket (--s3-endpoint, --s3-bucket, --s3-prefix, --s3-region,
// --s3-credentials FILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, --s3-insecure):
// every command takes those too, so that all look where the server writes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cantho-kiosk/kiosk/cmd/internal/subcmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	usage   string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"serve":          {"--addr ADDR --db FILE|postgres://... --data DIR [--agency CODE] [--catalog FILE] [--tls-cert F --tls-key F] [--payment-secret-file F] [--payees FILE]", "serve the kiosk API", cmdServe},
	"kiosk add":      {"NAME [--commune NAME]", "register a kiosk; prints id= and secret=", cmdKioskAdd},
	"kiosk list":     {"", "list registered kiosks", cmdKioskList},
	"dossier list":   {"[--status S] [--kiosk ID]", "list received dossiers", cmdDossierList},
	"dossier show":   {"ID|CODE", "print a dossier's stored body, status and history", cmdDossierShow},
	"dossier status": {"ID|CODE STATUS [--note TEXT]", "move a dossier: processing, needs_more, done, rejected", cmdDossierStatus},
	"dossier erase":  {"ID|CODE [--reason TEXT]", "erase a dossier's personal data and pages (a resident's request); audited", cmdDossierErase},
	"page get":       {"SHA256 --out FILE", "write a stored page's bytes to FILE", cmdPageGet},
	"payment notify": {"--gateway URL [--secret-file F] --txn ID --amount VND [--purpose TEXT] [--account A] [--booked RFC3339]", "send a signed bank payment notification", cmdPaymentNotify},
	"payment list":   {"[--unmatched]", "list received payments (or only the unmatched credits)", cmdPaymentList},
}

// usageError marks bad arguments (exit code 2).
type usageError = subcmd.UsageError

func usagef(format string, a ...any) error { return subcmd.Usagef(format, a...) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(stdout)
		return 0
	}
	var c command
	var name string
	all := args
	for n := min(2, len(args)); n > 0; n-- {
		if cc, ok := commands[strings.Join(args[:n], " ")]; ok {
			c, name, args = cc, strings.Join(args[:n], " "), args[n:]
			break
		}
	}
	if subcmd.WantsHelp(all) {
		if c.run != nil {
			fmt.Fprintf(stdout, "usage: gateway %s %s\n%s\n", name, c.usage, c.summary)
			return 0
		}
		if all[0] != "" && !strings.HasPrefix(all[0], "-") && printGroupHelp(stdout, all[0]) {
			return 0
		}
	}
	if c.run == nil {
		fmt.Fprintf(stderr, "gateway: unknown command %q (see 'gateway help')\n", strings.Join(args, " "))
		return 2
	}
	if err := c.run(ctx, args, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "gateway %s: %v\n", name, err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "usage: gateway %s %s\n", name, c.usage)
			return 2
		}
		return 1
	}
	return 0
}

// printGroupHelp prints the commands of a group (e.g. "kiosk" for "gateway kiosk --help")
// and reports whether it has any.
func printGroupHelp(w io.Writer, group string) bool {
	names := subcmd.Names(commands, func(n string) bool { return strings.HasPrefix(n, group+" ") })
	if len(names) == 0 {
		return false
	}
	fmt.Fprintln(w, "usage:")
	for _, n := range names {
		fmt.Fprintf(w, "  gateway %s %s\n      %s\n", n, commands[n].usage, commands[n].summary)
	}
	return true
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "usage: gateway command [arguments]   (every command takes --db and --data)")
	for _, n := range subcmd.Names(commands, nil) {
		fmt.Fprintf(w, "  %-16s %s\n      %s\n", n, commands[n].summary, commands[n].usage)
	}
}
