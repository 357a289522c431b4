package gateway

import (
	"encoding/json"
	"fmt"
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
	if msg := usageBounds(u); msg != "" {
		s.log.WarnContext(r.Context(), "usage refused: out of bounds", "kiosk", kioskOf(r).ID, "day", day, "reason", msg)
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

// Bounds of one kiosk's figures for one day. A commune kiosk serves tens of people a
// day; these leave room for a thousand times that and keep every sum the dashboard
// makes (over thousands of kiosks and years of days) far from int64 overflow: one
// kiosk's 2^63−1 made the overview fail for every account.
const (
	MaxUsageFigure    = 1_000_000 // any count of one day
	MaxUsageProcedure = 2_000     // entries in procedure_views or dossiers_by_procedure
	maxProcedureKey   = 64        // length of a procedure code key
)

// usageBounds returns why u is out of bounds (Vietnamese, for staff), or "".
func usageBounds(u wire.Usage) string {
	for _, v := range []int{u.Sessions, u.Completed, u.Abandoned, u.DossiersStarted, u.DossiersSubmitted, u.AssistedDossiers, u.PagesScanned, u.Lookups} {
		if v > MaxUsageFigure {
			return fmt.Sprintf("Số liệu sử dụng vượt giới hạn %d một ngày.", MaxUsageFigure)
		}
	}
	for _, v := range u.Ratings {
		if v > MaxUsageFigure {
			return fmt.Sprintf("Số lượt đánh giá vượt giới hạn %d một ngày.", MaxUsageFigure)
		}
	}
	for _, m := range []map[string]int{u.ProcedureViews, u.DossiersByProcedure} {
		if len(m) > MaxUsageProcedure {
			return fmt.Sprintf("Quá %d thủ tục trong số liệu một ngày.", MaxUsageProcedure)
		}
		for k, v := range m {
			if v > MaxUsageFigure || k == "" || len(k) > maxProcedureKey || !printable(k) {
				return "Số liệu theo thủ tục không hợp lệ (mã thủ tục hoặc số lượng)."
			}
		}
	}
	return ""
}
