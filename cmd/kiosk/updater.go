package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"aead.dev/minisign"

	"github.com/cantho-kiosk/kiosk/sync/update"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// updateEvery is how often the kiosk asks for a new build.
const updateEvery = time.Hour

// errRestartForUpdate ends the window so that the launcher swaps in a staged build;
// main exits with update.ExitForUpdate for it.
var errRestartForUpdate = errors.New("restarting for an update")

// updateDir is where the launcher keeps the builds (DATA/app).
func (c config) updateDir() string { return filepath.Join(c.DataDir, "app") }

// updateKey reads the city's minisign public key: the setting is the key itself
// (RWQ…) or the path of a minisign.pub file.
func (c config) updateKey() (minisign.PublicKey, error) {
	var pub minisign.PublicKey
	text := strings.TrimSpace(c.UpdateKey)
	if !strings.HasPrefix(text, "RW") && !strings.HasPrefix(text, "untrusted comment:") {
		b, err := os.ReadFile(text)
		if err != nil {
			return pub, fmt.Errorf("update_key: %w", err)
		}
		text = string(b)
	}
	// A minisign.pub file's text: an untrusted comment line, then the key.
	lines := strings.Split(strings.TrimSpace(text), "\n")
	text = strings.TrimSpace(lines[len(lines)-1])
	if err := pub.UnmarshalText([]byte(text)); err != nil {
		return pub, fmt.Errorf("update_key: not a minisign public key: %w", err)
	}
	return pub, nil
}

// updater fetches, verifies and stages the build the city publishes.
type updater struct {
	up      *uplink.Uplink
	dir     string
	pub     minisign.PublicKey
	running string
	logf    func(string, ...any)
	now     func() time.Time
}

// check looks for a newer build once. It returns the staged version ("" when
// nothing is staged). A refused build is recorded (for the heartbeat) and not
// downloaded again; a build older than the running one is refused without a download.
func (x *updater) check(ctx context.Context) (string, error) {
	info, err := x.up.UpdateInfo(ctx)
	if errors.Is(err, uplink.ErrNoUpdate) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if v := update.Staged(x.dir); v == info.Version {
		return v, nil
	}
	last := update.LastReport(x.dir)
	if last.Version == info.Version && (last.State == "refused" || last.State == "rolled_back") {
		return "", nil
	}
	switch c := update.CompareVersions(info.Version, x.running); {
	case c == 0:
		return "", nil
	case c < 0:
		err := fmt.Errorf("%w: %s offered, running %s", update.ErrDowngrade, info.Version, x.running)
		x.logf("kiosk: update refused: %v", err)
		return "", update.Refused(x.dir, info.Version, err, x.now())
	}
	build, err := x.up.DownloadBuild(ctx, info)
	if err != nil {
		return "", err
	}
	v, err := update.Verify(x.pub, build, []byte(info.Signature), x.running)
	if err != nil {
		x.logf("kiosk: update %s refused: %v", info.Version, err)
		return "", update.Refused(x.dir, info.Version, err, x.now())
	}
	if err := update.Stage(x.dir, build, v); err != nil {
		return "", err
	}
	x.logf("kiosk: update %s verified and staged; it starts between sessions", v)
	return v, nil
}

// run checks at start and every updateEvery; staged hears each staged version.
func (x *updater) run(ctx context.Context, staged func(version string)) {
	t := time.NewTicker(updateEvery)
	defer t.Stop()
	for {
		v, err := x.check(ctx)
		if err != nil && ctx.Err() == nil {
			x.logf("kiosk: update check: %v", err)
		}
		if v != "" {
			staged(v)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// updateReport is the heartbeat's view of the last update attempt.
func updateReport(dir string) func() wire.UpdateReport {
	return func() wire.UpdateReport {
		r := update.LastReport(dir)
		if v := update.Staged(dir); v != "" {
			return wire.UpdateReport{State: "pending", Version: v}
		}
		return wire.UpdateReport{State: r.State, Version: r.Version, Reason: r.Reason}
	}
}

// startUpdater runs the updater when the city's key is configured and the kiosk
// runs under the launcher (`kiosk launch`): nobody else could swap a build in.
// restart is called once a build is staged.
func startUpdater(ctx context.Context, cfg config, up *uplink.Uplink, logf func(string, ...any), restart func()) {
	if cfg.UpdateKey == "" {
		return
	}
	if os.Getenv(update.HealthEnv) == "" {
		logf("kiosk: update_key is set but the kiosk was not started by 'kiosk launch': no self-update")
		return
	}
	pub, err := cfg.updateKey()
	if err != nil {
		logf("kiosk: %v (no self-update)", err)
		return
	}
	x := &updater{up: up, dir: cfg.updateDir(), pub: pub, running: kioskVersion(), logf: logf, now: time.Now}
	go x.run(ctx, func(string) { restart() })
}
