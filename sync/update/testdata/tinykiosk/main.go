// Command tinykiosk stands in for the kiosk build in the launcher's tests: it
// appends "started VERSION" to $TINY_LOG, reports healthy unless built with
// -X main.healthy=no, and exits with update.ExitForUpdate as soon as a build is
// staged in $TINY_DIR (the real kiosk does so between sessions).
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/update"
)

var (
	version = "dev"
	healthy = "yes"
)

func main() {
	f, err := os.OpenFile(os.Getenv("TINY_LOG"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		os.Exit(1)
	}
	fmt.Fprintf(f, "started %s\n", version)
	f.Close()
	if healthy == "yes" {
		time.Sleep(300 * time.Millisecond) // "the window is up and a sync worked"
		if err := update.MarkHealthy(); err != nil {
			os.Exit(1)
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	for {
		select {
		case <-stop:
			os.Exit(0)
		case <-time.After(100 * time.Millisecond):
			if update.Staged(os.Getenv("TINY_DIR")) != "" {
				os.Exit(update.ExitForUpdate)
			}
		}
	}
}
