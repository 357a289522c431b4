package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/fleet"
)

// The fleet's commands (registered here to keep main.go's table as it is).
func init() {
	commands["kiosk list"] = command{"", "list registered kiosks with their health: state, last seen, version, alerts", cmdKioskList}
	commands["kiosk disable"] = command{"ID", "refuse every request of a kiosk from now on (a stolen kiosk)", cmdKioskDisable}
	commands["kiosk enable"] = command{"ID", "accept a disabled kiosk's requests again", cmdKioskEnable}
	commands["kiosk rotate-secret"] = command{"ID", "give a kiosk a new secret (the old one stops working at once); prints id= and secret=", cmdKioskRotateSecret}
}

// cmdKioskList prints every kiosk with its health: the state and alerts the
// dashboard's Ki-ốt page shows, from the latest heartbeats.
func cmdKioskList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("kiosk list")
	_, store, err := cmd.parseOpen(ctx, args, 0, "")
	if err != nil {
		return err
	}
	defer store.Close()
	ks, err := store.Kiosks(ctx)
	if err != nil {
		return err
	}
	beats, err := store.Heartbeats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "id\tname\tcommune\tstate\tlast_seen\tversion\toutbox\tdisk_free_gb\talerts")
	for _, r := range fleet.Rows(ks, beats, time.Now()) {
		seen, ver, outbox, disk := "-", "-", "-", "-"
		if r.Beat != nil {
			seen = r.Beat.ReceivedAt.Format(time.RFC3339)
			ver = r.Beat.Beat.Version
			outbox = fmt.Sprint(r.Beat.Beat.OutboxDepth)
			if r.Beat.Beat.DiskFreeBytes >= 0 {
				disk = fmt.Sprintf("%.1f", float64(r.Beat.Beat.DiskFreeBytes)/(1<<30))
			}
		}
		alerts := strings.Join(r.Alerts, ",")
		if alerts == "" {
			alerts = "-"
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Kiosk.ID, r.Kiosk.Name, r.Kiosk.Commune, r.State, seen, ver, outbox, disk, alerts)
	}
	return nil
}

// cmdKioskDisable and cmdKioskEnable switch a kiosk off and on: a disabled kiosk's
// requests are refused from its next one (a stolen kiosk).
func cmdKioskDisable(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return setKioskDisabled(ctx, "kiosk disable", args, stdout, true)
}

func cmdKioskEnable(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return setKioskDisabled(ctx, "kiosk enable", args, stdout, false)
}

func setKioskDisabled(ctx context.Context, name string, args []string, stdout io.Writer, disabled bool) error {
	cmd := newStoreCommand(name)
	pos, store, err := cmd.parseOpen(ctx, args, 1, "give the kiosk's ID")
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SetKioskDisabled(ctx, pos[0], disabled); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "id=%s\ndisabled=%t\n", pos[0], disabled)
	return nil
}

// cmdKioskRotateSecret gives a kiosk a new secret: the old one stops verifying at
// once; the new one is installed on the kiosk with `kiosk register`.
func cmdKioskRotateSecret(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("kiosk rotate-secret")
	pos, store, err := cmd.parseOpen(ctx, args, 1, "give the kiosk's ID")
	if err != nil {
		return err
	}
	defer store.Close()
	secret := randomHex(32)
	if err := store.RotateSecret(ctx, pos[0], secret); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "id=%s\nsecret=%s\n", pos[0], secret)
	return nil
}
