package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// fleetKiosk is a kiosk's uplink (the real kiosk-side code) over its own SQLite store.
func fleetKiosk(t *testing.T, url, id, secret string, signNow func() time.Time) *uplink.Uplink {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kiosk.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	up, err := uplink.New(st, uplink.Config{GatewayURL: url, KioskID: id, Secret: secret, SignNow: signNow, Retries: -1, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return up
}

// listed parses `gateway kiosk list` into id → [state, version, alerts].
func listed(t *testing.T, b backend) map[string][3]string {
	t.Helper()
	out := cli(t, b, "kiosk", "list")
	rows := map[string][3]string{}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 9 {
			t.Fatalf("kiosk list line %d has %d columns: %q", i, len(f), line)
		}
		if i > 0 {
			rows[f[0]] = [3]string{f[3], f[5], f[8]}
		}
	}
	return rows
}

// Heartbeats from several kiosks reach a real gateway process through the kiosk's
// own uplink; `gateway kiosk list` shows each one's state and the alerts raised: a
// jammed scanner, a full disk, a dossier stuck for two days, a clock 10 minutes
// ahead (its heartbeat still gets through, signed with the gateway's time), a
// kiosk never heard from.
func TestHeartbeatsAndAlerts(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		gw := startGateway(t, b)
		healthy := wire.Heartbeat{Version: "1.4.0", Scanner: wire.DeviceReady, QRReader: wire.DeviceReady, Printer: wire.DeviceNone,
			DiskFreeBytes: 40 << 30, SessionsToday: 12}
		type kiosk struct {
			name   string
			clock  time.Duration
			mutate func(h *wire.Heartbeat)
			state  string
			alerts string
		}
		ks := []kiosk{
			{"Nhà văn hóa ấp 1", 0, nil, "ok", "-"},
			{"Nhà văn hóa ấp 2", 0, func(h *wire.Heartbeat) { h.Scanner = wire.DeviceJammed }, "alert", "scanner"},
			{"Nhà văn hóa ấp 3", 0, func(h *wire.Heartbeat) { h.DiskFreeBytes = 300 << 20; h.OutboxDepth, h.OldestQueuedSecs = 3, 2*86400 }, "alert", "disk,queue"},
			{"Nhà văn hóa ấp 4", 10 * time.Minute, nil, "alert", "clock"},
			{"Nhà văn hóa ấp 5", 0, nil, "never", "offline"},
		}
		ids := map[string]string{}
		for _, k := range ks {
			id, secret := addKiosk(t, b, k.name)
			ids[k.name] = id
			if k.state == "never" {
				continue
			}
			off := k.clock
			up := fleetKiosk(t, gw.URL, id, secret, func() time.Time { return time.Now().Add(off) })
			hb := healthy
			if k.mutate != nil {
				k.mutate(&hb)
			}
			for range 2 { // twice: the latest replaces the first
				if err := up.Heartbeat(ctx, hb); err != nil {
					t.Fatalf("%s: heartbeat: %v", k.name, err)
				}
			}
		}
		rows := listed(t, b)
		for _, k := range ks {
			r := rows[ids[k.name]]
			if r[0] != k.state || r[2] != k.alerts {
				t.Errorf("%s: listed %v, want state %s alerts %s", k.name, r, k.state, k.alerts)
			}
			if k.state != "never" && r[1] != "1.4.0" {
				t.Errorf("%s: version %q", k.name, r[1])
			}
		}
		// The history keeps one row per kiosk here: the second heartbeat changed nothing.
		s := b.open(t)
		hist, err := s.HeartbeatHistory(ctx, ids["Nhà văn hóa ấp 2"], 10)
		if err != nil || len(hist) != 1 {
			t.Errorf("history: %d rows, %v", len(hist), err)
		}
		// A heartbeat that lies about a device state is refused whole.
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp 6")
		bad := healthy
		bad.Scanner = "on fire"
		if err := fleetKiosk(t, gw.URL, id, secret, nil).Heartbeat(ctx, bad); err == nil || !strings.Contains(err.Error(), "422") {
			t.Errorf("a bad device state: %v", err)
		}
	})
}

// `gateway kiosk disable` refuses the kiosk's next request, `enable` lets it back;
// `rotate-secret` makes the old secret fail at once and the new one work.
func TestDisableAndRotateSecret(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		gw := startGateway(t, b)
		id, secret := addKiosk(t, b, "Bưu điện văn hóa xã Trường Xuân")
		hb := wire.Heartbeat{Version: "1.4.0", Scanner: wire.DeviceReady, DiskFreeBytes: 5 << 30}
		up := fleetKiosk(t, gw.URL, id, secret, nil)
		if err := up.Heartbeat(ctx, hb); err != nil {
			t.Fatal(err)
		}
		if out := cli(t, b, "kiosk", "disable", id); !strings.Contains(out, "disabled=true") {
			t.Fatalf("disable printed %q", out)
		}
		if err := up.Heartbeat(ctx, hb); !errors.Is(err, uplink.ErrUnauthorized) {
			t.Fatalf("a disabled kiosk's heartbeat: %v, want ErrUnauthorized", err)
		}
		if _, err := up.Sync(ctx); !errors.Is(err, uplink.ErrUnauthorized) {
			t.Fatalf("a disabled kiosk's sync: %v, want ErrUnauthorized", err)
		}
		if r := listed(t, b)[id]; r[0] != "disabled" || r[2] != "-" {
			t.Errorf("listed %v, want disabled without alerts", r)
		}
		cli(t, b, "kiosk", "enable", id)
		if err := up.Heartbeat(ctx, hb); err != nil {
			t.Fatalf("after enable: %v", err)
		}
		out := cli(t, b, "kiosk", "rotate-secret", id)
		var newSecret string
		for _, line := range strings.Split(out, "\n") {
			if v, ok := strings.CutPrefix(line, "secret="); ok {
				newSecret = v
			}
		}
		if len(newSecret) != 64 || newSecret == secret {
			t.Fatalf("rotate-secret printed %q", out)
		}
		if err := up.Heartbeat(ctx, hb); !errors.Is(err, uplink.ErrUnauthorized) {
			t.Fatalf("the old secret after rotation: %v, want ErrUnauthorized", err)
		}
		if err := fleetKiosk(t, gw.URL, id, newSecret, nil).Heartbeat(ctx, hb); err != nil {
			t.Fatalf("the new secret: %v", err)
		}
		if _, stderr, err := cliErr(b, "kiosk", "disable", "k-nosuchkiosk"); err == nil || !strings.Contains(stderr, "not found") {
			t.Errorf("disable of an unknown kiosk: %v %q", err, stderr)
		}
	})
}

// The city sets remote settings per commune and per kiosk with `gateway settings`;
// a kiosk's sync round pulls its effective ones (the kiosk's own value beats its
// commune's) into its store with their version; an invalid value is refused by the
// command; unsetting changes the version.
func TestRemoteSettingsPulledWithCatalog(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		gw := startGateway(t, b)
		id, secret := addKiosk(t, b, "Nhà văn hóa ấp Thới Thạnh") // commune Thới Lai
		cli(t, b, "settings", "set", "--commune", "Thới Lai", "idle_timeout", "90s")
		cli(t, b, "settings", "set", "--commune", "Thới Lai", "language", "vi")
		cli(t, b, "settings", "set", "--kiosk", id, "idle_timeout", "2m")
		cli(t, b, "settings", "set", "--kiosk", id, "procedures", "1.001193, 2.000815")
		if _, stderr, err := cliErr(b, "settings", "set", "--kiosk", id, "idle_timeout", "3s"); err == nil || !strings.Contains(stderr, "outside") {
			t.Errorf("a 3 s idle timeout: %v %q", err, stderr)
		}
		if _, stderr, err := cliErr(b, "settings", "set", "--commune", "Thới Lai", "colour", "red"); err == nil || !strings.Contains(stderr, "unknown setting") {
			t.Errorf("an unknown setting: %v %q", err, stderr)
		}
		show := cli(t, b, "settings", "show", "--kiosk", id)
		st, err := store.Open(ctx, filepath.Join(t.TempDir(), "kiosk.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var got []wire.RemoteSettings
		up, err := uplink.New(st, uplink.Config{GatewayURL: gw.URL, KioskID: id, Secret: secret, Retries: -1,
			OnSettings: func(rs wire.RemoteSettings) { got = append(got, rs) }})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := up.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		rs, err := uplink.RemoteSettingsOf(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"idle_timeout": "2m", "language": "vi", "procedures": "1.001193, 2.000815"}
		if len(rs.Values) != len(want) || rs.Values["idle_timeout"] != "2m" || rs.Values["language"] != "vi" || rs.Version == "" ||
			!strings.Contains(show, "version="+rs.Version+"\n") || len(got) != 1 {
			t.Fatalf("pulled %+v (callbacks %d), want %v; gateway shows:\n%s", rs, len(got), want, show)
		}
		// An unchanged set is not announced again; a change is.
		if _, err := up.Sync(ctx); err != nil || len(got) != 1 {
			t.Fatalf("second round: %v, %d callbacks", err, len(got))
		}
		cli(t, b, "settings", "unset", "--kiosk", id, "idle_timeout")
		if _, err := up.Sync(ctx); err != nil || len(got) != 2 || got[1].Values["idle_timeout"] != "90s" || got[1].Version == rs.Version {
			t.Fatalf("after unset: %v, %+v", err, got)
		}
	})
}
