package gateway

import (
	"net/http"
	"strconv"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// getChanges answers the asking kiosk's dossiers changed after the cursor ?since=
// (-1 or absent: all), oldest change first, at most ?limit= (wire.MaxChanges), each
// with its status and fee as a status lookup answers them. A change is a submission, a
// status change, or a payment matched to the dossier.
func (s *Server) getChanges(w http.ResponseWriter, r *http.Request) {
	since := int64(-1)
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < -1 {
			writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "since must be a cursor (an integer ≥ -1)")
			return
		}
		since = n
	}
	limit := wire.MaxChanges
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "limit must be a positive integer")
			return
		}
		limit = min(n, wire.MaxChanges)
	}
	list, err := s.store.Changes(r.Context(), kioskOf(r).ID, since, limit+1)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	out := wire.Changes{Changes: []wire.Change{}, Cursor: since}
	if len(list) > limit {
		list, out.More = list[:limit], true
	}
	for _, d := range list {
		a := d.StatusAnswer()
		if a.FeeStatus, err = s.feeStatus(r.Context(), d.Dossier); err != nil {
			s.internalError(w, r, err)
			return
		}
		out.Changes = append(out.Changes, wire.Change{Seq: d.Seq, DossierStatus: a})
		out.Cursor = max(out.Cursor, d.Seq)
	}
	writeJSON(w, http.StatusOK, out)
}
