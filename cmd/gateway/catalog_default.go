package main

import "github.com/cantho-kiosk/kiosk/sync/wire"

// sampleCatalog is the catalog served without --catalog; nil requires the flag.
func sampleCatalog() []byte { return nil }

func defaultAgency() string { return wire.DefaultAgencyCode }
