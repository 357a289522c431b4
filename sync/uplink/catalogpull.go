package uplink

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// pullCatalog asks for the catalog with If-None-Match. A new one is parsed, validated
// and imported all-or-nothing by the store; a bad one is refused (the old one stays,
// its ETag is not saved, Report.CatalogError says why) without failing the round.
func (u *Uplink) pullCatalog(ctx context.Context, cr creds, rep *Report) error {
	etag, err := u.st.CatalogETag(ctx)
	if err != nil {
		return local("uplink: catalog etag: %w", err)
	}
	var hdr map[string]string
	if etag != "" {
		hdr = map[string]string{"If-None-Match": etag}
	}
	a, err := u.call(ctx, cr, "catalog", http.MethodGet, wire.CatalogPath, nil, "", "", hdr)
	if err != nil {
		return err
	}
	switch a.status {
	case http.StatusNotModified, http.StatusNotFound: // unchanged, or none published yet
		return nil
	case http.StatusOK:
	default:
		rep.CatalogError = fmt.Sprintf("catalog: unexpected answer %d", a.status)
		u.logf("uplink: %s", rep.CatalogError)
		return nil
	}
	c, err := catalog.Parse(a.body)
	if err == nil {
		err = c.Validate()
	}
	if err == nil {
		err = u.st.ImportCatalog(ctx, c)
	}
	if err != nil {
		rep.CatalogError = fmt.Sprintf("catalog refused, the old one is kept: %v", err)
		u.logf("uplink: %s", rep.CatalogError)
		return nil
	}
	if newTag := a.header.Get("ETag"); newTag != "" {
		if err := u.st.SetCatalogETag(ctx, newTag); err != nil {
			return local("uplink: save catalog etag: %w", err)
		}
	}
	rep.CatalogPulled = true
	u.logf("uplink: catalog %s imported", c.Version)
	return nil
}
