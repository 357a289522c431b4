package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

func init() {
	register(command{
		name:    "register",
		usage:   "--gateway URL --id ID [--secret-file FILE | --secret SECRET] [--allow-http]",
		summary: "store the gateway URL and this kiosk's credentials (from `gateway kiosk add`)",
		run:     runRegister,
	})
}

func runRegister(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("register", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	gw := fs.String("gateway", "", "gateway URL, e.g. https://dvc.cantho.gov.vn/kiosk-api")
	id := fs.String("id", "", "kiosk id printed by `gateway kiosk add`")
	secret := fs.String("secret", "", "kiosk secret printed by `gateway kiosk add` (visible to other users in the process list: prefer --secret-file or standard input)")
	secretFile := fs.String("secret-file", "", "file holding the kiosk secret ('-' or neither flag: read it from standard input)")
	allowHTTP := fs.Bool("allow-http", false, "accept an http:// gateway on another machine (no TLS; also needs allow_http in the configuration)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *gw == "" || *id == "" {
		return usagef("--gateway and --id are required")
	}
	if *secret == "" {
		s, err := readSecret(env.stdin, *secretFile)
		if err != nil {
			return err
		}
		*secret = s
	}
	u, err := url.Parse(*gw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("--gateway must be an http(s) URL, not %q", *gw)
	}
	if uplink.InsecureURL(*gw) && !*allowHTTP {
		return usagef("--gateway %s is http:// to another machine: residents' data would cross the network unencrypted; use https:// (or --allow-http for a test network)", *gw)
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

// readSecret reads the kiosk secret from file ("" or "-": standard input), first line,
// trimmed. A secret on the command line shows in the process list.
func readSecret(stdin io.Reader, file string) (string, error) {
	var r io.Reader = stdin
	if file != "" && file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("secret file: %w", err)
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		return "", usagef("no secret: give --secret-file FILE or pipe it on standard input")
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the secret: %w", err)
	}
	if line = strings.TrimSpace(line); line == "" {
		return "", usagef("no secret: give --secret-file FILE or pipe it on standard input")
	}
	return line, nil
}
