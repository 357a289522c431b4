package main

import (
	"context"
	"fmt"
	"io"

	"github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo"
)

func init() {
	commands["version"] = command{"", "print the version, commit, build date and Go version", cmdVersion}
}

func cmdVersion(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(stdout, "gateway", buildinfo.Read().String())
	return nil
}
