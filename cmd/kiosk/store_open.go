package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// parseAndOpenStore is parseFlags, then openStore.
func parseAndOpenStore(ctx context.Context, env *cmdEnv, fs *flag.FlagSet, args []string) (*store.Store, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	return openStore(ctx, env)
}

// openStore opens the kiosk's database in the data directory. A new kiosk with no
// catalog yet gets the embedded sample catalog, so it is usable before its first sync.
func openStore(ctx context.Context, env *cmdEnv) (*store.Store, error) {
	st, err := store.Open(ctx, env.cfg.dbPath(), store.Options{PageDir: env.cfg.pageDir()})
	if err != nil {
		return nil, fmt.Errorf("open the database in %s: %w", env.cfg.DataDir, err)
	}
	v, err := st.CatalogVersion(ctx)
	if err == nil && v == "" {
		var c *catalog.Catalog
		if c, err = catalog.Parse(assets.SampleCatalog()); err == nil {
			err = st.ImportCatalog(ctx, c)
		}
	}
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("load the sample catalog: %w", err)
	}
	return st, nil
}
