package gateway

import (
	"bytes"
	"context"
	"crypto/hmac"
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
//
// Order matters: everything the signature covers (the declared Content-Length and the
// body's SHA-256 included) is in the headers, so a request is authenticated before a
// byte of its body is read; only then does it get an upload slot (per kiosk and for
// the whole gateway), a read deadline sized from its length, and a buffer. A forged
// request of any size costs the gateway a header's worth of memory. The body is then
// checked against the signed hash: a body altered on the way is refused as
// unauthenticated (401, never signed), so a man in the middle cannot obtain a signed
// refusal (413, 400) that the kiosk would take as final.
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
		ts, err := wire.CheckTimestamp(r.Header.Get(wire.HeaderTimestamp), s.now())
		if err != nil {
			refuse("timestamp", err)
			return
		}
		if err := wire.VerifyHeaders(r, k.Secret, s.now()); err != nil {
			refuse("signature", err)
			return
		}
		// A nonce is spent only by a request that proves the secret, so nobody else can
		// burn a kiosk's nonces; it stays spent until its timestamp is stale anyway.
		// Reads (GET, HEAD) change nothing, and Go's own transport resends them on a
		// reused connection that died before the answer: they may repeat.
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			// no nonce bookkeeping
		} else if err := s.store.UseNonce(ctx, k.ID, r.Header.Get(wire.HeaderNonce), s.now(), ts.Add(wire.MaxSkew)); errors.Is(err, gwstore.ErrReplay) {
			refuse("replayed nonce", err)
			return
		} else if err != nil {
			s.internalError(w, r, err)
			return
		}
		// From here on the request is the kiosk's: every answer is signed with its secret.
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
		var body []byte
		if r.ContentLength > 0 {
			release, ok := s.uploads.acquire(ctx, k.ID, r.ContentLength)
			if !ok {
				s.log.WarnContext(ctx, "request deferred: too many uploads at once", "kiosk", id, "path", r.URL.Path, "size", r.ContentLength)
				sw.Header().Set("Retry-After", strconv.Itoa(int(s.uploads.retryAfter.Seconds())))
				writeError(sw, http.StatusServiceUnavailable, wire.CodeUnavailable, "too many uploads at once, try again later")
				return
			}
			defer release()
			body, err = s.readBody(w, r)
			if err != nil {
				s.log.WarnContext(ctx, "reading request body failed", "kiosk", id, "path", r.URL.Path, "size", r.ContentLength, "err", err)
				writeError(sw, http.StatusRequestTimeout, wire.CodeTimeout, "the body did not arrive in time; send it again")
				return
			}
			if !hmac.Equal([]byte(wire.BodyHash(body)), []byte(wire.ContentHashOf(r))) {
				sw.discard = true // the body is not the one signed: never sign an answer to it
				refuse("body does not match its signed hash", wire.ErrBadSignature)
				return
			}
		} else if wire.ContentHashOf(r) != wire.EmptyBodyHash {
			sw.discard = true
			refuse("empty body, signed hash of another", wire.ErrBadSignature)
			return
		}
		ctx = context.WithValue(ctx, kioskKey, k)
		ctx = context.WithValue(ctx, bodyKey, body)
		r = r.WithContext(ctx)
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(sw, r)
	})
}

// readBody reads exactly the declared Content-Length of r under a deadline sized from
// that length (see bodyDeadline). The buffer is allocated only here, after
// authentication and with an upload slot held.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	d := s.bodyDeadline(r.ContentLength)
	rc := http.NewResponseController(w)
	// Not every ResponseWriter supports deadlines (tests' recorders): then the server's
	// own ReadTimeout is the only bound. Deadlines are on the wall clock (the
	// connection's), never the injected one.
	if err := rc.SetReadDeadline(time.Now().Add(d)); err == nil {
		rc.SetWriteDeadline(time.Now().Add(d + s.limits.BodyGrace))
	}
	body := make([]byte, r.ContentLength)
	if _, err := io.ReadFull(r.Body, body); err != nil {
		return nil, err
	}
	return body, nil
}

// bodyDeadline is how long a body of n bytes may take to arrive: BodyGrace plus n at
// MinBodyRate (see Limits).
func (s *Server) bodyDeadline(n int64) time.Duration {
	return s.limits.BodyGrace + time.Duration(float64(n)/float64(s.limits.MinBodyRate)*float64(time.Second))
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
