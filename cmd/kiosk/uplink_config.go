package main

import "github.com/cantho-kiosk/kiosk/sync/uplink"

// uplinkConfig is the uplink configuration from the kiosk's config: the configured
// gateway URL (when set) overrides the registered one; the CA file is added to the
// system roots; the bandwidth budget applies to `kiosk sync` as to the GUI.
func uplinkConfig(env *cmdEnv) uplink.Config {
	return uplink.Config{GatewayURL: env.cfg.GatewayURL, CAFile: env.cfg.CAFile, Budget: env.cfg.Budget, AllowHTTP: env.cfg.AllowHTTP}
}
