package gateway

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"github.com/cantho-kiosk/kiosk/sync/update"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

var platformRe = regexp.MustCompile(`^[a-z0-9]{1,16}$`)

// getUpdate tells a kiosk which build is published for its platform: the files
// kiosk-OS-ARCH[.exe] and kiosk-OS-ARCH[.exe].minisig in the updates directory.
func (s *Server) getUpdate(w http.ResponseWriter, r *http.Request) {
	goos, arch := r.URL.Query().Get("os"), r.URL.Query().Get("arch")
	if s.updates == "" || !platformRe.MatchString(goos) || !platformRe.MatchString(arch) {
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "no build published")
		return
	}
	name := wire.BuildName(goos, arch)
	sig, err := os.ReadFile(filepath.Join(s.updates, name+".minisig"))
	if errors.Is(err, os.ErrNotExist) {
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "no build published")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	version, size, err := update.SignedFacts(sig)
	if err != nil {
		s.log.WarnContext(r.Context(), "published build's signature unreadable", "file", name, "err", err)
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "no build published")
		return
	}
	writeJSON(w, http.StatusOK, wire.UpdateInfo{Version: version, File: name, Size: size, Signature: string(sig)})
}

// getBuild serves a published build's bytes (with ranges), unauthenticated.
func (s *Server) getBuild(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if s.updates == "" || name != filepath.Base(name) || filepath.Ext(name) == ".minisig" {
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "no such build")
		return
	}
	f, err := os.Open(filepath.Join(s.updates, name))
	if err != nil {
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "no such build")
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "no such build")
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	http.ServeContent(w, r, name, st.ModTime(), f)
}
