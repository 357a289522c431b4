package gateway

import (
	"encoding/json"
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func (s *Server) putUsage(w http.ResponseWriter, r *http.Request) {
	day := r.PathValue("day")
	if !wire.ValidDay(day) {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Ngày không hợp lệ (cần YYYY-MM-DD).")
		return
	}
	var u wire.Usage
	if err := json.Unmarshal(bodyOf(r), &u); err != nil {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Số liệu sử dụng không đọc được (JSON): "+err.Error())
		return
	}
	if u.Day != "" && u.Day != day {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Ngày trong nội dung khác ngày trên đường dẫn.")
		return
	}
	u.Day = day
	if msg := checkUsage(u); msg != "" {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, msg)
		return
	}
	if u.ProcedureViews == nil {
		u.ProcedureViews = map[string]int{}
	}
	if u.DossiersByProcedure == nil {
		u.DossiersByProcedure = map[string]int{}
	}
	if err := s.store.PutUsage(r.Context(), gwstore.UsageDay{KioskID: kioskOf(r).ID, Day: day, Usage: u, UpdatedAt: s.now()}); err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func nonNegative(u wire.Usage) bool {
	for _, v := range []int{u.Sessions, u.Completed, u.Abandoned, u.DossiersStarted, u.DossiersSubmitted, u.AssistedDossiers, u.PagesScanned, u.Lookups} {
		if v < 0 {
			return false
		}
	}
	for _, v := range u.Ratings {
		if v < 0 {
			return false
		}
	}
	for _, m := range []map[string]int{u.ProcedureViews, u.DossiersByProcedure} {
		for _, v := range m {
			if v < 0 {
				return false
			}
		}
	}
	return true
}
