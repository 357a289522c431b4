package uplink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// keyChangesCursor is the settings key of the change feed's cursor, with the
// gateway and kiosk id it belongs to: a re-registered kiosk starts from the beginning
// of its new gateway's feed, which names only the dossiers that gateway knows.
const keyChangesCursor = "uplink.changes_cursor"

type changesCursor struct {
	Gateway string `json:"gateway"`
	Kiosk   string `json:"kiosk"`
	Cursor  int64  `json:"cursor"`
}

// pullStatus asks the gateway's change feed for the dossiers whose status changed
// since the last pull (one request when nothing changed: O(changes), not one per
// dossier) and stores what differs for the dossiers this kiosk still has. Dossiers
// the kiosk sent to another gateway are never asked about.
func (u *Uplink) pullStatus(ctx context.Context, cr creds, rep *Report) error {
	now := u.now()
	u.statusMu.Lock()
	recent := !u.statusPulled.IsZero() && now.Sub(u.statusPulled) < u.cfg.StatusEvery && now.After(u.statusPulled)
	u.statusMu.Unlock()
	if recent {
		return nil
	}
	cur := changesCursor{Gateway: cr.base, Kiosk: cr.id, Cursor: -1}
	raw, err := u.st.Setting(ctx, keyChangesCursor)
	if err != nil {
		return local("uplink: setting %s: %w", keyChangesCursor, err)
	}
	var saved changesCursor
	if raw != "" && json.Unmarshal([]byte(raw), &saved) == nil && saved.Gateway == cr.base && saved.Kiosk == cr.id {
		cur.Cursor = saved.Cursor
	}
	for range 1000 { // pages of wire.MaxChanges; the bound only guards against a looping gateway
		a, err := u.call(ctx, cr, "status changes", http.MethodGet, wire.ChangesPathSince(cur.Cursor, 0), nil, "", "", nil)
		if err != nil {
			return err
		}
		if a.status != http.StatusOK {
			return &transientError{op: "status changes", status: a.status, err: fmt.Errorf("unexpected answer %d", a.status)}
		}
		var ch wire.Changes
		if err := json.Unmarshal(a.body, &ch); err != nil {
			return &transientError{op: "status changes", status: a.status, err: fmt.Errorf("%w: unreadable changes: %v", ErrNotGateway, err)}
		}
		for _, c := range ch.Changes {
			if u.ackedAs(c.DossierStatus) {
				continue // the acknowledgement recorded this very status
			}
			d, err := u.st.Dossier(ctx, c.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue // deleted by staff
			}
			if err != nil {
				return local("uplink: dossier %s: %w", c.ID, err)
			}
			if d.State != store.Accepted {
				continue // its acknowledgement is not recorded yet: the next submit brings it
			}
			changed, err := u.storeStatus(ctx, d, c.DossierStatus)
			if err != nil {
				return err
			}
			if changed {
				rep.StatusUpdates++
			}
		}
		if ch.Cursor != cur.Cursor {
			cur.Cursor = ch.Cursor
			b, _ := json.Marshal(cur)
			if err := u.st.SetSetting(ctx, keyChangesCursor, string(b)); err != nil {
				return local("uplink: setting %s: %w", keyChangesCursor, err)
			}
		}
		if !ch.More || len(ch.Changes) == 0 {
			break
		}
	}
	u.statusMu.Lock()
	u.statusPulled = now
	u.acked = nil
	u.statusMu.Unlock()
	return nil
}

// noteAck remembers the status an acknowledgement recorded, so that the change feed's
// entry for the same submission costs no store lookup.
func (u *Uplink) noteAck(id string, ack wire.DossierAck) {
	u.statusMu.Lock()
	if u.acked == nil {
		u.acked = map[string]wire.DossierAck{}
	}
	u.acked[id] = ack
	u.statusMu.Unlock()
}

// ackedAs reports whether s is what the acknowledgement of its dossier recorded (the
// fee due was saved with the dossier at submit).
func (u *Uplink) ackedAs(s wire.DossierStatus) bool {
	u.statusMu.Lock()
	defer u.statusMu.Unlock()
	a, ok := u.acked[s.ID]
	// A payment is news the acknowledgement did not carry.
	return ok && a.Status == s.Status && a.OfficialCode == s.OfficialCode && s.PaidVND == 0 && s.Payment == ""
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
