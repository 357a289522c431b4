package gateway

import (
	"net/http"
	"strings"
)

func (s *Server) getCatalog(w http.ResponseWriter, r *http.Request) {
	body, etag, err := s.catalogFor(kioskOf(r).Commune)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// etagMatches implements If-None-Match's weak comparison against one strong ETag.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
