package main

import (
	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// sampleCatalog is the catalog served without --catalog: the embedded sample catalog.
func sampleCatalog() []byte { return assets.SampleCatalog() }

func defaultAgency() string { return wire.DefaultAgencyCode }
