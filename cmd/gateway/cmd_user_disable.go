package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// `gateway user disable|enable NAME`: a disabled dashboard account cannot sign in
// and its open sessions end at once.
func init() {
	commands["user disable"] = command{"NAME", "disable a dashboard account (its sessions end at once)", cmdUserDisable}
	commands["user enable"] = command{"NAME", "enable a disabled dashboard account again", cmdUserEnable}
}

// accountDisabler is what the commands need of the store.
type accountDisabler interface {
	SetupDashboard(ctx context.Context) error
	SetAccountDisabled(ctx context.Context, name string, disabled bool) error
}

func cmdUserDisable(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return setAccountDisabled(ctx, "user disable", args, stdout, true)
}

func cmdUserEnable(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return setAccountDisabled(ctx, "user enable", args, stdout, false)
}

func setAccountDisabled(ctx context.Context, name string, args []string, stdout io.Writer, disabled bool) error {
	cmd := newStoreCommand(name)
	pos, store, err := cmd.parseOpen(ctx, args, 1, "give the account's NAME")
	if err != nil {
		return err
	}
	defer store.Close()
	as, ok := store.(accountDisabler)
	if !ok {
		return fmt.Errorf("the %T store has no dashboard accounts", store)
	}
	if err := as.SetupDashboard(ctx); err != nil {
		return err
	}
	acct := strings.TrimSpace(pos[0])
	if err := as.SetAccountDisabled(ctx, acct, disabled); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account=%s\ndisabled=%t\n", acct, disabled)
	return nil
}
