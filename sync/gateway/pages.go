package gateway

import (
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func (s *Server) headPage(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha256")
	if !wire.ValidSHA256(sha) {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	has, err := s.store.HasPage(r.Context(), sha)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if has { // another kiosk's page is absent for this one
		claimed, err := s.store.ClaimedPages(r.Context(), kioskOf(r).ID, []string{sha})
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		has = claimed[sha]
	}
	if !has {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) putPage(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha256")
	if !wire.ValidSHA256(sha) {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "the path must end in the page's lowercase hex SHA-256")
		return
	}
	body := bodyOf(r)
	if len(body) == 0 {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Trang quét rỗng.")
		return
	}
	if got := wire.BodyHash(body); got != sha {
		s.log.WarnContext(r.Context(), "page refused: hash mismatch", "kiosk", kioskOf(r).ID, "path_sha256", sha, "body_sha256", got, "size", len(body))
		writeError(w, http.StatusUnprocessableEntity, wire.CodeHashMismatch, "the body's SHA-256 is "+got)
		return
	}
	if msg := pageProblem(body); msg != "" {
		s.log.WarnContext(r.Context(), "page refused: not an image", "kiosk", kioskOf(r).ID, "sha256", sha, "size", len(body))
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, msg)
		return
	}
	if _, err := s.store.PutPage(r.Context(), sha, body); err != nil {
		s.internalError(w, r, err)
		return
	}
	// 201 or 200 says whether this kiosk had the page, never whether another had.
	created, err := s.store.ClaimPage(r.Context(), kioskOf(r).ID, sha)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"sha256": sha, "size": len(body)})
}
