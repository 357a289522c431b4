package main

import (
	"context"
	"fmt"

	"github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo"
)

func init() {
	register(command{
		name:    "version",
		summary: "print the version, commit, build date, Go and Fyne versions",
		run: func(_ context.Context, env *cmdEnv, args []string) error {
			if len(args) > 0 {
				return usagef("version takes no arguments")
			}
			fmt.Fprintln(env.stdout, "kiosk", versionString())
			return nil
		},
	})
}

// versionString is this build's identity, as the log's first line and the heartbeat say it.
func versionString() string { return buildinfo.Read().String() }
