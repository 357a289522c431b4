package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Remote settings: the city sets, per commune or per kiosk (which wins), the values
// a commune cannot be trusted to keep right; kiosks pull them with the catalog.
func init() {
	commands["settings set"] = command{"--kiosk ID|--commune NAME SETTING VALUE", "set a remote setting (" + fmt.Sprint(wire.SettingNames()) + ")", cmdSettingsSet}
	commands["settings unset"] = command{"--kiosk ID|--commune NAME SETTING", "remove a remote setting (the kiosk's own applies again)", cmdSettingsUnset}
	commands["settings show"] = command{"--kiosk ID", "print a kiosk's effective remote settings and their version", cmdSettingsShow}
}

// settingsTarget parses --kiosk / --commune (exactly one) and the positional arguments.
func settingsTarget(name string, args []string, npos int) (*storeCommand, string, string, []string, error) {
	cmd := newStoreCommand(name)
	kiosk := cmd.String("kiosk", "", "the kiosk's ID")
	commune := cmd.String("commune", "", "the commune's name")
	pos, err := parse(cmd.FlagSet, args)
	if err != nil {
		return cmd, "", "", nil, err
	}
	if (*kiosk == "") == (*commune == "") {
		return cmd, "", "", nil, usagef("give either --kiosk ID or --commune NAME")
	}
	if len(pos) != npos {
		return cmd, "", "", nil, usagef("want %d arguments, got %d", npos, len(pos))
	}
	if *kiosk != "" {
		return cmd, gwstore.ScopeKiosk, *kiosk, pos, nil
	}
	return cmd, gwstore.ScopeCommune, *commune, pos, nil
}

func cmdSettingsSet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, scope, target, pos, err := settingsTarget("settings set", args, 2)
	if err != nil {
		return err
	}
	if err := wire.ValidateSetting(pos[0], pos[1]); err != nil {
		return usagef("%v", err)
	}
	store, err := cmd.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if scope == gwstore.ScopeKiosk {
		if _, err := store.Kiosk(ctx, target); err != nil {
			return err
		}
	}
	if err := store.SetRemoteSetting(ctx, gwstore.RemoteSetting{Scope: scope, Target: target, Name: pos[0], Value: pos[1], UpdatedAt: time.Now()}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s=%s\n%s=%s\n", scope, target, pos[0], pos[1])
	return nil
}

func cmdSettingsUnset(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, scope, target, pos, err := settingsTarget("settings unset", args, 1)
	if err != nil {
		return err
	}
	store, err := cmd.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.UnsetRemoteSetting(ctx, scope, target, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s=%s\nunset=%s\n", scope, target, pos[0])
	return nil
}

func cmdSettingsShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, scope, target, _, err := settingsTarget("settings show", args, 0)
	if err != nil {
		return err
	}
	if scope != gwstore.ScopeKiosk {
		return usagef("settings show takes --kiosk ID")
	}
	store, err := cmd.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	k, err := store.Kiosk(ctx, target)
	if err != nil {
		return err
	}
	vals, err := store.EffectiveSettings(ctx, k)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "version=%s\n", wire.SettingsVersion(vals))
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(stdout, "%s=%s\n", n, vals[n])
	}
	return nil
}
