package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/update"
)

func init() {
	register(command{
		name:    "launch",
		usage:   "[--health-timeout 3m] [-- KIOSK ARGUMENTS]",
		summary: "run the kiosk under the update launcher: signed builds are swapped in between sessions, an unhealthy one rolled back (DATA/app)",
		run:     runLaunch,
	})
}

// runLaunch runs the kiosk window as a child of the launcher. The launcher runs
// from this executable; the builds it swaps live in DATA/app (on Windows a running
// .exe cannot be replaced, so the launcher never runs from there).
func runLaunch(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("launch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	timeout := fs.Duration("health-timeout", 3*time.Minute, "a new build must report healthy within this")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	l := &update.Launcher{Dir: env.cfg.updateDir(), Seed: self, SeedVersion: kioskVersion(), HealthTimeout: *timeout,
		Args: append([]string{"--data", env.cfg.DataDir}, fs.Args()...), Stdout: env.stdout, Stderr: env.stderr,
		Logf: func(f string, a ...any) { fmt.Fprintf(env.stderr, f+"\n", a...) }}
	return l.Run(ctx)
}
