package uplink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// pullStatus asks the gateway for the status and official code of accepted dossiers
// not yet finished, each at most every StatusEvery, and stores what changed.
func (u *Uplink) pullStatus(ctx context.Context, cr creds, rep *Report) error {
	list, err := u.st.Unfinished(ctx)
	if err != nil {
		return local("uplink: unfinished dossiers: %w", err)
	}
	now := u.now()
	u.statusMu.Lock()
	keep := make(map[string]time.Time, len(list))
	for _, d := range list {
		if t, ok := u.statusPulled[d.ID]; ok {
			keep[d.ID] = t
		}
	}
	u.statusPulled = keep // finished dossiers are forgotten
	u.statusMu.Unlock()
	for _, d := range list {
		u.statusMu.Lock()
		last, ok := u.statusPulled[d.ID]
		u.statusMu.Unlock()
		if ok && now.Sub(last) < u.cfg.StatusEvery {
			continue
		}
		a, err := u.call(ctx, cr, "status "+d.ReceiptCode, http.MethodGet, wire.DossierPath(d.ID), nil, "", "", nil)
		if err != nil {
			return err
		}
		u.statusMu.Lock()
		u.statusPulled[d.ID] = now
		u.statusMu.Unlock()
		if a.status != http.StatusOK {
			u.logf("uplink: status of %s: HTTP %d %v", d.ID, a.status, a.wireError())
			continue
		}
		var s wire.DossierStatus
		if err := json.Unmarshal(a.body, &s); err != nil || s.ID != d.ID {
			u.logf("uplink: status of %s unreadable", d.ID)
			continue
		}
		changed, err := u.storeStatus(ctx, &d, s)
		if err != nil {
			return err
		}
		if changed {
			rep.StatusUpdates++
		}
	}
	return nil
}

// storeStatus records a remote status (and the dossier's fee) when it differs from the
// stored one.
func (u *Uplink) storeStatus(ctx context.Context, d *store.Dossier, s wire.DossierStatus) (bool, error) {
	feeChanged, err := u.st.SetRemoteFee(ctx, d.ID, s.FeeStatus)
	if err != nil {
		return false, local("uplink: set fee of %s: %w", d.ID, err)
	}
	official := s.OfficialCode
	if official == "" {
		official = d.OfficialCode
	}
	if s.Status == d.Status && official == d.OfficialCode {
		return feeChanged, nil
	}
	if err := u.st.SetRemoteStatus(ctx, d.ID, official, s.Status); err != nil {
		return false, local("uplink: set status of %s: %w", d.ID, err)
	}
	return true, nil
}

// Lookup asks the gateway for the status of a dossier by its official or receipt code
// (the resident's status screen). It fails with ErrNotFound when the gateway does not
// know the code for this kiosk, ErrNotConfigured, ErrUnauthorized, or a transient
// failure (wrapping ErrOffline or ErrNotGateway); the caller then shows the local state.
// A dossier of this kiosk found by the code gets its stored status updated.
func (u *Uplink) Lookup(ctx context.Context, code string) (*wire.DossierStatus, error) {
	cr, err := u.credentials(ctx)
	if err != nil {
		return nil, err
	}
	if rc, ok := store.NormalizeReceiptCode(code); ok {
		code = rc // as typed: "k7q4 m2px" → "K7Q4-M2PX"
	}
	a, err := u.call(ctx, cr, "lookup", http.MethodGet, wire.DossierByCodePath(code), nil, "", "", nil)
	if err != nil {
		return nil, err
	}
	switch a.status {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, fmt.Errorf("lookup %q: %w", code, ErrNotFound)
	default:
		return nil, &transientError{op: "lookup", status: a.status, err: fmt.Errorf("unexpected answer %d", a.status)}
	}
	var s wire.DossierStatus
	if err := json.Unmarshal(a.body, &s); err != nil {
		return nil, &transientError{op: "lookup", status: a.status, err: fmt.Errorf("%w: unreadable status: %v", ErrNotGateway, err)}
	}
	d, err := u.st.FindDossier(ctx, code)
	switch {
	case err == nil && d.ID == s.ID && d.State == store.Accepted:
		if _, err := u.storeStatus(ctx, d, s); err != nil {
			u.logf("%v", err)
		}
	case err != nil && !errors.Is(err, store.ErrNotFound):
		u.logf("uplink: lookup %q locally: %v", code, err)
	}
	return &s, nil
}
