package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

func init() {
	register(command{
		name:    "heartbeat",
		usage:   "[--print]",
		summary: "send one health report to the gateway (what the running kiosk sends every 5 minutes); --print shows it",
		run:     runHeartbeat,
	})
}

func runHeartbeat(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("heartbeat", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	show := fs.Bool("print", false, "print the report sent")
	st, err := parseAndOpenStore(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()
	up, err := uplink.New(st, uplinkConfig(env))
	if err != nil {
		return err
	}
	// Devices get a moment to answer, as they would in the running kiosk.
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	devs := openDevices(dctx, env.cfg, func(string, ...any) {})
	defer devs.Close()
	prn := openPrinter(dctx, env.cfg, st, nil, func(string, ...any) {})
	if prn != nil {
		defer prn.p.Close()
		pctx, pcancel := context.WithTimeout(ctx, 5*time.Second)
		s, err := prn.p.Status(pctx) // one status now, as the running kiosk's watcher has (waits for the watcher's own poll)
		pcancel()
		prn.set(printerState(s, err))
	}
	rs, err := uplink.RemoteSettingsOf(ctx, st)
	if err != nil {
		return err
	}
	h := &heartbeatSource{st: st, devs: devs, prn: prn, cfg: env.cfg, up: up, started: time.Now(), now: time.Now,
		settings: func() string { return rs.Version }, update: updateReport(env.cfg.updateDir())}
	hb, err := h.gather(ctx)
	if err != nil {
		return err
	}
	if err := up.Heartbeat(ctx, hb); err != nil {
		return err
	}
	if *show {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(hb)
	}
	return nil
}
