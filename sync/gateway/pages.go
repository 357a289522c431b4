package gateway

import (
	"context"
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
	created, ok := s.storePage(r.Context(), w, r, kioskOf(r).ID, sha, body)
	if !ok {
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"sha256": sha, "size": len(body)})
}

// storePage checks that data is a real image, stores it and claims it for kioskID; it
// answers the refusal or error itself (ok false). created says whether this kiosk did
// not have the page yet (never whether another kiosk had it). Every way a page arrives
// (whole PUT, resumable upload) goes through here.
func (s *Server) storePage(ctx context.Context, w http.ResponseWriter, r *http.Request, kioskID, sha string, data []byte) (created, ok bool) {
	if msg := pageProblem(data); msg != "" {
		s.log.WarnContext(ctx, "page refused: not an image", "kiosk", kioskID, "sha256", sha, "size", len(data))
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, msg)
		return false, false
	}
	if _, err := s.store.PutPage(ctx, sha, data); err != nil {
		s.internalError(w, r, err)
		return false, false
	}
	created, err := s.store.ClaimPage(ctx, kioskID, sha)
	if err != nil {
		s.internalError(w, r, err)
		return false, false
	}
	return created, true
}
