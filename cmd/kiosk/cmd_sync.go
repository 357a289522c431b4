package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

func init() {
	register(command{
		name:    "sync",
		usage:   "[--once] [--timeout DURATION] [--quiet]",
		summary: "push the outbox and usage to the gateway and pull catalog and statuses (--once: one round, then exit)",
		run:     runSync,
	})
}

func runSync(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	once := fs.Bool("once", false, "one round, then exit (non-zero when it did not complete)")
	timeout := fs.Duration("timeout", 30*time.Second, "per HTTP attempt")
	quiet := fs.Bool("quiet", false, "print only the summary")
	st, err := parseAndOpenStore(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()

	cfg := uplinkConfig(env)
	cfg.Timeout = *timeout
	pr := &progressPrinter{w: env.stdout, quiet: *quiet}
	cfg.OnChange = pr.show
	cfg.Logf = func(f string, a ...any) {
		if !*quiet {
			fmt.Fprintf(env.stderr, f+"\n", a...)
		}
	}
	up, err := uplink.New(st, cfg)
	if err != nil {
		return err
	}
	if *once {
		rep, err := up.Sync(ctx)
		pr.flush(up.Status())
		fmt.Fprintf(env.stdout, "accepted=%d rejected=%d retrying=%d remaining=%d pages_uploaded=%d pages_present=%d bytes_uploaded=%d usage_days=%d catalog_pulled=%t status_updates=%d\n",
			rep.Accepted, rep.Rejected, rep.Retrying, rep.Remaining, rep.PagesUploaded, rep.PagesPresent,
			rep.BytesUploaded, rep.UsageDays, rep.CatalogPulled, rep.StatusUpdates)
		if rep.CatalogError != "" {
			fmt.Fprintln(env.stdout, "catalog:", rep.CatalogError)
		}
		if errors.Is(err, uplink.ErrUnauthorized) {
			return fmt.Errorf("%w (check `kiosk register` and the clock)", err)
		}
		return err
	}
	if err := up.Start(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	up.Stop()
	pr.flush(up.Status())
	return nil
}

// progressPrinter prints a progress line when the figures change, at most every
// 200 ms (a round with many pages changes them thousands of times).
type progressPrinter struct {
	mu    sync.Mutex
	w     io.Writer
	quiet bool
	last  time.Time
	line  string
}

func (p *progressPrinter) show(pr uplink.Progress) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	line := progressLine(pr)
	if line == p.line || time.Since(p.last) < 200*time.Millisecond && pr.Syncing {
		return
	}
	p.line, p.last = line, time.Now()
	fmt.Fprintln(p.w, line)
}

func (p *progressPrinter) flush(pr uplink.Progress) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if line := progressLine(pr); line != p.line {
		p.line = line
		fmt.Fprintln(p.w, line)
	}
}

func progressLine(p uplink.Progress) string {
	state := "offline"
	switch {
	case !p.Configured && p.Syncing && p.LastError == "":
		state = "connecting"
	case !p.Configured:
		state = "not registered"
	case p.Unauthorized:
		state = "refused (kiosk not registered or clock wrong)"
	case p.Online:
		state = "online"
	}
	s := fmt.Sprintf("%s: dossiers done %d, queued %d, rejected %d; pages %s / %s",
		state, p.DoneDossiers, p.QueuedDossiers, p.Rejected, mib(p.BytesDone), mib(p.BytesTotal))
	if p.LastError != "" {
		s += "; last error: " + p.LastError
	}
	return s
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
