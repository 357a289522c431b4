package main

import (
	"context"
	"flag"
	"io"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/report"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func init() {
	register(command{
		name:    "stats",
		usage:   "[--day YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [--csv]",
		summary: "print the usage figures of a day (default today) or a range, as on the officials' screen",
		run:     runStats,
	})
}

func runStats(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	day := fs.String("day", "", "one day")
	from := fs.String("from", "", "first day of a range")
	to := fs.String("to", "", "last day of a range")
	asCSV := fs.Bool("csv", false, "print the CSV export instead of a table")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *day != "" && (*from != "" || *to != ""):
		return usagef("give --day or --from/--to, not both")
	case *day != "":
		*from, *to = *day, *day
	case *from != "" && *to == "", *from == "" && *to != "":
		return usagef("--from and --to go together")
	case *from == "":
		*from = time.Now().Format(wire.DayLayout)
		*to = *from
	}
	if err := report.CheckRange(*from, *to); err != nil {
		return usagef("%v", err)
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := report.Compute(ctx, st, *from, *to)
	if err != nil {
		return err
	}
	if *asCSV {
		return report.WriteCSV(env.stdout, f)
	}
	return report.WriteText(env.stdout, f)
}
