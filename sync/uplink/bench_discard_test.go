package uplink

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// discardServer is the uplink bench's second baseline: an HTTP server on loopback that
// reads every request body to the end and throws it away (201 to every PUT). Plain PUTs
// to it cost the client and the loopback only, so the uplink's ratio against it shows
// the uplink's own overhead, where the ratio against a gateway mostly measures the
// gateway's fsyncs. It counts the bytes it read, so a baseline that sent nothing shows.
func discardServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m, err := io.Copy(io.Discard, r.Body)
		n.Add(m)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if r.Method != http.MethodPut {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}
