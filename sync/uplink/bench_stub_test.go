package uplink

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// stubGateway is the uplink bench's protocol-answering discarding server: like
// discardServer (in process, on loopback) it reads every request body to the end and
// throws it away, but it answers each of the uplink's requests with the smallest
// answer the uplink takes, signed as the gateway signs (X-Gateway-Signature over the
// status, the request's signature and the body): a page PATCH is complete (201), a
// dossier PUT acknowledged with an official code (201), a usage day stored (204), the
// catalog unchanged (304), no remote settings (404), no status change (200, the
// cursor given back). It verifies nothing and stores nothing: the uplink's drain to it
// against PUTs to discardServer is the uplink's own overhead. It counts the page bytes
// and dossiers it read, so a drain that sent nothing shows.
type stubGateway struct {
	*testGateway
	pageBytes, dossiers atomic.Int64
}

func startStubGateway(t testing.TB) *stubGateway {
	t.Helper()
	s := &stubGateway{testGateway: &testGateway{ID: "k-" + randomHex(8), Secret: randomHex(32), t: t}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *stubGateway) serve(w http.ResponseWriter, r *http.Request) {
	n, err := io.Copy(io.Discard, r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p := r.URL.Path
	answer := func(status int, v any) {
		var body []byte
		if v != nil {
			body, _ = json.Marshal(v)
			w.Header().Set("Content-Type", wire.ContentTypeJSON)
		}
		w.Header().Set(wire.HeaderGatewaySignature, wire.SignResponse(s.Secret, status, r.Header.Get(wire.HeaderSignature), body))
		w.WriteHeader(status)
		w.Write(body)
	}
	switch {
	case p == wire.HealthPath:
		answer(http.StatusOK, wire.Health{Status: "ok", Time: time.Now().UTC(), Gateway: wire.GatewayName})
	case strings.HasPrefix(p, wire.UploadsPrefix):
		sha := strings.TrimPrefix(p, wire.UploadsPrefix)
		if r.Method != http.MethodPatch { // GET: nothing held yet
			answer(http.StatusOK, wire.UploadState{SHA256: sha})
			return
		}
		size, _ := strconv.ParseInt(r.URL.Query().Get("size"), 10, 64)
		s.pageBytes.Add(n)
		answer(http.StatusCreated, wire.UploadState{SHA256: sha, Size: size, Offset: size, Complete: true})
	case strings.HasPrefix(p, wire.BasePath+"/dossiers/") && r.Method == http.MethodPut:
		seq := s.dossiers.Add(1)
		answer(http.StatusCreated, wire.DossierAck{ID: strings.TrimPrefix(p, wire.BasePath+"/dossiers/"),
			OfficialCode: wire.FormatOfficialCode("STUB", time.Now(), int(seq)), Status: wire.StatusReceived, ReceivedAt: time.Now().UTC()})
	case strings.HasPrefix(p, wire.BasePath+"/usage/"):
		answer(http.StatusNoContent, nil)
	case p == wire.CatalogPath:
		answer(http.StatusNotModified, nil)
	case p == wire.ChangesPath:
		since, _ := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
		answer(http.StatusOK, wire.Changes{Changes: []wire.Change{}, Cursor: since})
	default: // remote settings, anything else: none
		answer(http.StatusNotFound, wire.Error{Code: "not_found"})
	}
}
