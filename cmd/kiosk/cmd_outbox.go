package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

func init() {
	register(command{
		name:    "outbox list",
		usage:   "[--state queued|sending|accepted|rejected]",
		summary: "list the dossiers of the outbox with their sync state (newest first)",
		run:     runOutboxList,
	})
	register(command{
		name:    "outbox retry",
		usage:   "ID|RECEIPT-CODE",
		summary: "make a queued or rejected dossier due now (run `kiosk sync --once` to send it)",
		run:     runOutboxRetry,
	})
}

func runOutboxList(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("outbox list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	state := fs.String("state", "", "only dossiers in this state")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var states []store.State
	if *state != "" {
		s := store.State(*state)
		switch s {
		case store.Queued, store.Sending, store.Accepted, store.Rejected:
		default:
			return usagef("--state must be queued, sending, accepted or rejected, not %q", *state)
		}
		states = append(states, s)
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	ds, err := st.ListDossiers(ctx, states...)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tRECEIPT\tPROCEDURE\tSTATE\tATTEMPTS\tNEXT\tOFFICIAL CODE\tSTATUS\tPAGES\tNOTE")
	for _, d := range ds {
		next := "-"
		if (d.State == store.Queued || d.State == store.Sending) && !d.NextAttempt.IsZero() && d.NextAttempt.After(time.Now()) {
			next = d.NextAttempt.Local().Format("01-02 15:04:05")
		} else if d.State == store.Queued || d.State == store.Sending {
			next = "now"
		}
		note := oneLine(d.LastError, 100)
		if d.State == store.Rejected {
			note = oneLine(d.RejectReason, 1000) // staff need the gateway's whole reason
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%d\t%s\n", d.ID, d.ReceiptCode, d.ProcedureCode, d.State,
			d.Attempts, next, dash(d.OfficialCode), dash(string(d.Status)), len(d.Pages), note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	counts, err := st.OutboxCounts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "queued=%d sending=%d accepted=%d rejected=%d\n",
		counts[store.Queued], counts[store.Sending], counts[store.Accepted], counts[store.Rejected])
	return nil
}

func runOutboxRetry(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return usagef("give exactly one dossier id or receipt code")
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Dossier(ctx, args[0])
	if errors.Is(err, store.ErrNotFound) {
		d, err = st.FindDossier(ctx, args[0])
	}
	if err != nil {
		return fmt.Errorf("dossier %q: %w", args[0], err)
	}
	if err := st.RetryNow(ctx, d.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "dossier %s (%s) is due now (was %s)\n", d.ID, d.ReceiptCode, d.State)
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
