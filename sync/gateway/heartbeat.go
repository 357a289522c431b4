package gateway

import (
	"encoding/json"
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// putHeartbeat stores a kiosk's heartbeat as its latest (and in the compact history).
func (s *Server) putHeartbeat(w http.ResponseWriter, r *http.Request) {
	var hb wire.Heartbeat
	if err := json.Unmarshal(bodyOf(r), &hb); err != nil {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Báo cáo tình trạng không đọc được (JSON): "+err.Error())
		return
	}
	if err := hb.Validate(); err != nil {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Báo cáo tình trạng không hợp lệ: "+err.Error())
		return
	}
	now := s.now().UTC()
	if err := s.store.PutHeartbeat(r.Context(), gwstore.Heartbeat{KioskID: kioskOf(r).ID, ReceivedAt: now, Beat: hb}); err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.HeartbeatAck{ReceivedAt: now.Truncate(1e9)})
}
