package gateway

import (
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// getSettings answers the kiosk's effective remote settings and their version.
func (s *Server) getSettings(w http.ResponseWriter, r *http.Request) {
	vals, err := s.store.EffectiveSettings(r.Context(), kioskOf(r))
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.RemoteSettings{Version: wire.SettingsVersion(vals), Values: vals})
}
