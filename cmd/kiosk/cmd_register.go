package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

func init() {
	register(command{
		name:    "register",
		usage:   "--gateway URL --id ID --secret SECRET",
		summary: "store the gateway URL and this kiosk's credentials (from `gateway kiosk add`)",
		run:     runRegister,
	})
}

func runRegister(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("register", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	gw := fs.String("gateway", "", "gateway URL, e.g. https://dvc.cantho.gov.vn/kiosk-api")
	id := fs.String("id", "", "kiosk id printed by `gateway kiosk add`")
	secret := fs.String("secret", "", "kiosk secret printed by `gateway kiosk add`")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *gw == "" || *id == "" || *secret == "" {
		return usagef("--gateway, --id and --secret are all required")
	}
	u, err := url.Parse(*gw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("--gateway must be an http(s) URL, not %q", *gw)
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, kv := range [][2]string{
		{uplink.KeyGatewayURL, strings.TrimRight(*gw, "/")},
		{uplink.KeyKioskID, *id},
		{uplink.KeyKioskSecret, *secret},
	} {
		if err := st.SetSetting(ctx, kv[0], kv[1]); err != nil {
			return fmt.Errorf("save %s: %w", kv[0], err)
		}
	}
	fmt.Fprintf(env.stdout, "registered kiosk %s with gateway %s\n", *id, strings.TrimRight(*gw, "/"))
	if env.cfg.GatewayURL != "" && strings.TrimRight(env.cfg.GatewayURL, "/") != strings.TrimRight(*gw, "/") {
		fmt.Fprintf(env.stderr, "note: the configuration's gateway %s overrides the registered URL\n", env.cfg.GatewayURL)
	}
	return nil
}
