package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Resumable page uploads (wire/uploads.go). The bytes of a PATCH go to the store as
// they arrive, in blocks, and a body cut by the network keeps what was read of it: the
// kiosk resumes from the store's offset through any gateway of the deployment. A page
// is stored (PutPage) only once complete and hashed to its SHA-256.

const (
	// uploadBlock is how many bytes are appended to the store at a time. A page that
	// fits in one block and comes whole goes straight to the page store.
	uploadBlock = 256 << 10
	// firstBlock is the size of a request's first append: small, so that a request
	// that lost a race for the upload (the kiosk resumed while the gateway still held
	// its cut connection) learns it before much of its body crossed the link.
	firstBlock = 8 << 10
	// uploadIdle is how long a PATCH body may send nothing before the gateway gives up
	// on it (keeping what arrived). A progress timeout, not a deadline on the
	// transfer: a 20 MiB page at 150 KB/s takes over two minutes.
	uploadIdle = 60 * time.Second
	// uploadKeep is how long an upload nobody continues is kept.
	uploadKeep = 7 * 24 * time.Hour
)

// streamsBody reports whether r is a request whose handler reads its own body.
func streamsBody(r *http.Request) bool {
	return r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, wire.UploadsPrefix)
}

// verifyStreamed checks the signature of a streamed request against the body hash it
// declares in X-Kiosk-Content-SHA256, before any byte of the body is read; the handler
// checks the body against that hash as it reads.
func verifyStreamed(r *http.Request, secret string, now time.Time) error {
	declared := strings.ToLower(r.Header.Get(wire.HeaderUploadSHA256))
	if !wire.ValidSHA256(declared) {
		return wire.ErrMissingAuth
	}
	// The declared hash, the length and the nonce are all in the signature.
	return wire.VerifyHeaders(r, secret, now)
}

// uploadState is what the gateway holds of kiosk's upload of sha.
func (s *Server) uploadState(ctx context.Context, kioskID, sha string) (wire.UploadState, error) {
	st := wire.UploadState{SHA256: sha}
	has, err := s.store.HasPage(ctx, sha)
	if err != nil {
		return st, err
	}
	if has { // another kiosk's copy is not this kiosk's: it uploads its own (pages.go)
		claimed, err := s.store.ClaimedPages(ctx, kioskID, []string{sha})
		if err != nil {
			return st, err
		}
		has = claimed[sha]
	}
	if has {
		sizes, err := s.store.PageSizes(ctx, []string{sha})
		if err != nil {
			return st, err
		}
		st.Size, st.Offset, st.Complete = sizes[sha], sizes[sha], true
		return st, nil
	}
	u, err := s.store.UploadState(ctx, kioskID, sha)
	switch {
	case errors.Is(err, gwstore.ErrNotFound):
		return st, nil
	case err != nil:
		return st, err
	}
	st.Size, st.Offset = u.Size, u.Received
	return st, nil
}

func (s *Server) getUpload(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha256")
	if !wire.ValidSHA256(sha) {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "the path must end in the page's lowercase hex SHA-256")
		return
	}
	st, err := s.uploadState(r.Context(), kioskOf(r).ID, sha)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// queryInt64 reads a non-negative decimal query parameter.
func queryInt64(r *http.Request, name string) (int64, bool) {
	v := r.URL.Query().Get(name)
	if v == "" || len(v) > 18 || strings.TrimLeft(v, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

func (s *Server) patchUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	k := kioskOf(r)
	sha := r.PathValue("sha256")
	if !wire.ValidSHA256(sha) {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "the path must end in the page's lowercase hex SHA-256")
		return
	}
	off, ok1 := queryInt64(r, "offset")
	size, ok2 := queryInt64(r, "size")
	if !ok1 || !ok2 || size < 1 || off > size {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "give ?offset=N&size=T with 0 ≤ N ≤ T")
		return
	}
	if size > wire.MaxPageSize {
		writeError(w, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, "page over "+strconv.Itoa(wire.MaxPageSize)+" bytes")
		return
	}
	if r.ContentLength < 0 || off+r.ContentLength > size || (r.ContentLength == 0 && off != size) {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "the body must be 1 to size−offset bytes with a Content-Length (0 bytes at offset=size: finish)")
		return
	}
	st, err := s.uploadState(ctx, k.ID, sha)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if st.Complete {
		writeJSON(w, http.StatusOK, st) // the body is never read: with Expect: 100-continue it is never sent
		return
	}
	if st.Offset > 0 && st.Size != size {
		// A page's size follows from its hash: an upload opened with another size is
		// broken. Start again.
		if err := s.store.DeleteUpload(ctx, k.ID, sha); err != nil {
			s.internalError(w, r, err)
			return
		}
		st.Offset, st.Size = 0, size
	}
	if off != st.Offset {
		writeJSON(w, http.StatusConflict, st)
		return
	}
	st.Size = size
	if off == size {
		// Every byte is there but the page was not stored (a gateway died between the
		// last block and the store, or another request is finishing it): finish.
		s.completeUpload(w, r, k.ID, st)
		return
	}
	if off == 0 && st.Offset == 0 && r.ContentLength == size && size <= uploadBlock {
		s.receiveWhole(w, r, k.ID, st)
		return
	}
	got, rerr := s.receive(ctx, w, r, k.ID, sha, size, off)
	st.Offset = off + got
	var mismatch *bodyMismatch
	switch {
	case errors.Is(rerr, gwstore.ErrOffsetMismatch):
		// Another request (a dead connection of the same kiosk, another gateway) moved
		// the upload: tell where it is now.
		if st, err = s.uploadState(ctx, k.ID, sha); err != nil {
			s.internalError(w, r, err)
			return
		}
		writeJSON(w, http.StatusConflict, st)
		return
	case errors.As(rerr, &mismatch):
		s.log.WarnContext(ctx, "upload refused: body is not the signed one", "kiosk", k.ID, "sha256", sha, "offset", off)
		s.dropUpload(ctx, k.ID, sha)
		writeError(w, http.StatusUnprocessableEntity, wire.CodeHashMismatch, mismatch.Error())
		return
	case rerr != nil:
		// The body was cut (or stalled): what arrived is kept. The answer, if the
		// connection still carries one, says where to resume.
		s.log.InfoContext(ctx, "upload interrupted", "kiosk", k.ID, "sha256", sha, "offset", st.Offset, "err", rerr)
		writeError(w, http.StatusRequestTimeout, wire.CodeBadRequest, "upload interrupted at "+strconv.FormatInt(st.Offset, 10))
		return
	}
	if st.Offset < size {
		writeJSON(w, http.StatusOK, st)
		return
	}
	s.completeUpload(w, r, k.ID, st)
}

// bodyMismatch: a PATCH body does not hash to its declared X-Kiosk-Content-SHA256.
type bodyMismatch struct{ got string }

func (e *bodyMismatch) Error() string {
	return "the body's SHA-256 is " + e.got + ", not the declared one"
}

// receive reads r's body into the upload from off, a block at a time, with a read
// deadline renewed at every read (a progress timeout). It returns how many bytes were
// appended: on a cut body, what was read is appended before the error returns.
func (s *Server) receive(ctx context.Context, w http.ResponseWriter, r *http.Request, kioskID, sha string, size, off int64) (int64, error) {
	rc := readControl(ctx)
	sum := sha256.New()
	buf := make([]byte, uploadBlock)
	var got int64
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		// A cut body must still be kept: the request's context ends with its connection.
		err := s.store.AppendUpload(context.WithoutCancel(ctx), kioskID, sha, size, off+got, buf[:n], s.now())
		if err == nil {
			got += int64(n)
		}
		n = 0
		return err
	}
	for {
		if rc != nil {
			_ = rc.SetReadDeadline(time.Now().Add(uploadIdle)) // ErrNotSupported: the server's own timeouts apply
		}
		end := len(buf)
		if got == 0 && off > 0 {
			end = firstBlock // a resume: learn early whether another request moved the upload
		}
		m, err := r.Body.Read(buf[n:end])
		sum.Write(buf[n : n+m])
		n += m
		if n == end || (err != nil && n > 0) {
			if ferr := flush(); ferr != nil {
				return got, ferr
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return got, err
		}
	}
	if rc != nil {
		_ = rc.SetReadDeadline(time.Time{})
	}
	if h := hex.EncodeToString(sum.Sum(nil)); h != strings.ToLower(r.Header.Get(wire.HeaderUploadSHA256)) {
		return got, &bodyMismatch{got: h}
	}
	return got, nil
}

// readControl returns the controller of the request's connection (nil when the
// server does not give one) for read deadlines.
func readControl(ctx context.Context) *http.ResponseController {
	real, ok := ctx.Value(connKey).(http.ResponseWriter)
	if !ok {
		return nil
	}
	return http.NewResponseController(real)
}

// receiveWhole takes a small page that comes whole in one PATCH straight to the page
// store, as one block (no upload rows unless the body is cut: then what arrived is
// kept as the upload's first bytes).
func (s *Server) receiveWhole(w http.ResponseWriter, r *http.Request, kioskID string, st wire.UploadState) {
	ctx := r.Context()
	data := make([]byte, st.Size)
	rc := readControl(ctx)
	if rc != nil {
		_ = rc.SetReadDeadline(time.Now().Add(uploadIdle))
	}
	n, err := io.ReadFull(r.Body, data)
	if err != nil {
		if n > 0 {
			if aerr := s.store.AppendUpload(context.WithoutCancel(ctx), kioskID, st.SHA256, st.Size, 0, data[:n], s.now()); aerr != nil && !errors.Is(aerr, gwstore.ErrOffsetMismatch) {
				s.log.WarnContext(ctx, "keeping a cut upload failed", "kiosk", kioskID, "sha256", st.SHA256, "err", aerr)
			}
		}
		writeError(w, http.StatusRequestTimeout, wire.CodeBadRequest, "upload interrupted at "+strconv.Itoa(n))
		return
	}
	if got := wire.BodyHash(data); got != st.SHA256 {
		s.log.WarnContext(ctx, "upload refused: hash mismatch", "kiosk", kioskID, "sha256", st.SHA256, "got", got, "size", len(data))
		writeError(w, http.StatusUnprocessableEntity, wire.CodeHashMismatch, "the page's SHA-256 is "+got)
		return
	}
	created, ok := s.storePage(context.WithoutCancel(ctx), w, r, kioskID, st.SHA256, data)
	if !ok {
		return
	}
	st.Offset, st.Complete = st.Size, true
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, st)
}

// completeUpload checks a complete upload against its SHA-256, hands it to the page
// store and answers 201 (or 200 when the page was stored meanwhile).
func (s *Server) completeUpload(w http.ResponseWriter, r *http.Request, kioskID string, st wire.UploadState) {
	ctx := context.WithoutCancel(r.Context())
	data, err := s.store.UploadData(ctx, kioskID, st.SHA256)
	if errors.Is(err, gwstore.ErrNotFound) {
		// Another request finished it meanwhile (or dropped it): say where it is.
		if st, err = s.uploadState(ctx, kioskID, st.SHA256); err != nil {
			s.internalError(w, r, err)
			return
		}
		status := http.StatusConflict
		if st.Complete {
			status = http.StatusOK
		}
		writeJSON(w, status, st)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if got := wire.BodyHash(data); got != st.SHA256 {
		s.log.WarnContext(ctx, "upload refused: hash mismatch", "kiosk", kioskID, "sha256", st.SHA256, "got", got, "size", len(data))
		s.dropUpload(ctx, kioskID, st.SHA256)
		writeError(w, http.StatusUnprocessableEntity, wire.CodeHashMismatch, "the page's SHA-256 is "+got)
		return
	}
	created, ok := s.storePage(ctx, w, r, kioskID, st.SHA256, data)
	s.dropUpload(ctx, kioskID, st.SHA256) // a refused image is not kept either
	if !ok {
		return
	}
	if n, err := s.store.DropStaleUploads(ctx, s.now().Add(-uploadKeep)); err != nil {
		s.log.WarnContext(ctx, "dropping stale uploads failed", "err", err)
	} else if n > 0 {
		s.log.InfoContext(ctx, "stale uploads dropped", "count", n)
	}
	st.Complete = true
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, st)
}

func (s *Server) dropUpload(ctx context.Context, kioskID, sha string) {
	if err := s.store.DeleteUpload(ctx, kioskID, sha); err != nil {
		s.log.WarnContext(ctx, "dropping an upload failed", "kiosk", kioskID, "sha256", sha, "err", err)
	}
}
