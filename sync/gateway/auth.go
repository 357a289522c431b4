package gateway

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

type ctxKey int

const (
	kioskKey ctxKey = iota
	bodyKey
	connKey // the real http.ResponseWriter, for read deadlines of streamed bodies
)

// kioskOf returns the authenticated kiosk of a request.
func kioskOf(r *http.Request) gwstore.Kiosk {
	k, _ := r.Context().Value(kioskKey).(gwstore.Kiosk)
	return k
}

// bodyOf returns the request body the middleware read and authenticated.
func bodyOf(r *http.Request) []byte { b, _ := r.Context().Value(bodyKey).([]byte); return b }

// authenticate verifies the kiosk signature of every request before next runs, and
// signs next's answer.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := r.Header.Get(wire.HeaderKioskID)
		refuse := func(reason string, err error) {
			s.log.WarnContext(ctx, "request refused: unauthorized", "reason", reason, "kiosk", id,
				"method", r.Method, "path", r.URL.RequestURI(), "remote", r.RemoteAddr, "err", err)
			writeError(w, http.StatusUnauthorized, wire.CodeUnauthorized, "kiosk not registered or clock wrong")
		}
		if id == "" || r.Header.Get(wire.HeaderSignature) == "" || r.Header.Get(wire.HeaderTimestamp) == "" {
			refuse("missing authentication headers", wire.ErrMissingAuth)
			return
		}
		k, err := s.store.Kiosk(ctx, id)
		if errors.Is(err, gwstore.ErrNotFound) {
			refuse("unknown kiosk", err)
			return
		}
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if k.Disabled {
			refuse("kiosk disabled", nil)
			return
		}
		if _, err := wire.CheckTimestamp(r.Header.Get(wire.HeaderTimestamp), s.now()); err != nil {
			refuse("timestamp", err)
			return
		}
		// From here on the kiosk is known: every answer is signed with its secret.
		sw := &signingWriter{header: http.Header{}, status: http.StatusOK}
		defer sw.flush(w, r, k.Secret)

		if streamsBody(r) { // resumable uploads read their own body (uploads.go)
			if err := verifyStreamed(r, k.Secret, s.now()); err != nil {
				sw.discard = true
				refuse("signature", err)
				return
			}
			next.ServeHTTP(sw, r.WithContext(context.WithValue(context.WithValue(ctx, kioskKey, k), connKey, w)))
			return
		}

		limit := int64(wire.MaxJSONSize)
		if strings.HasPrefix(r.URL.Path, wire.BasePath+"/pages/") {
			limit = wire.MaxPageSize
		}
		if r.ContentLength > limit {
			writeError(sw, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, "body over "+strconv.FormatInt(limit, 10)+" bytes")
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil {
			s.log.WarnContext(ctx, "reading request body failed", "kiosk", id, "path", r.URL.Path, "err", err)
			writeError(sw, http.StatusBadRequest, wire.CodeBadRequest, "could not read the body")
			return
		}
		if int64(len(body)) > limit {
			writeError(sw, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, "body over "+strconv.FormatInt(limit, 10)+" bytes")
			return
		}
		if err := wire.VerifyRequest(r, k.Secret, body, s.now()); err != nil {
			sw.discard = true // never sign an answer to a forged request
			refuse("signature", err)
			return
		}
		ctx = context.WithValue(ctx, kioskKey, k)
		ctx = context.WithValue(ctx, bodyKey, body)
		r = r.WithContext(ctx)
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(sw, r)
	})
}

// signingWriter buffers an answer so that its signature can go in a header.
type signingWriter struct {
	header  http.Header
	status  int
	wrote   bool
	buf     bytes.Buffer
	discard bool // the real writer was used directly (refusal)
}

func (s *signingWriter) Header() http.Header { return s.header }
func (s *signingWriter) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
}
func (s *signingWriter) Write(b []byte) (int, error) {
	s.wrote = true
	return s.buf.Write(b)
}

func (s *signingWriter) flush(w http.ResponseWriter, r *http.Request, secret string) {
	if s.discard {
		return
	}
	body := s.buf.Bytes()
	if r.Method == http.MethodHead {
		body = nil
	}
	h := w.Header()
	for k, v := range s.header {
		h[k] = v
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", wire.ContentTypeJSON)
	}
	h.Set(wire.HeaderGatewaySignature, wire.SignResponse(secret, s.status, r.Header.Get(wire.HeaderSignature), body))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(s.status)
	if len(body) > 0 {
		w.Write(body)
	}
}

// logRequests logs one line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 400 {
			level = slog.LevelInfo
		}
		s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path,
			"kiosk", r.Header.Get(wire.HeaderKioskID), "status", rec.status, "ms", time.Since(start).Milliseconds())
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

// Unwrap lets http.ResponseController reach the connection (read deadlines).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
