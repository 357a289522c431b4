package main

import (
	"context"
	"fmt"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// openSyncStore opens the kiosk's store for the sync, outbox, dossier and register
// commands. (Replace with the lead's shared openStore when it lands.)
func openSyncStore(ctx context.Context, env *cmdEnv) (*store.Store, error) {
	st, err := store.Open(ctx, env.cfg.dbPath(), store.Options{PageDir: env.cfg.pageDir()})
	if err != nil {
		return nil, fmt.Errorf("open the store: %w", err)
	}
	return st, nil
}

// uplinkConfig is the uplink configuration from the kiosk's config: the configured
// gateway URL (when set) overrides the registered one; the CA file is added to the
// system roots.
func uplinkConfig(env *cmdEnv) uplink.Config {
	return uplink.Config{GatewayURL: env.cfg.GatewayURL, CAFile: env.cfg.CAFile}
}
