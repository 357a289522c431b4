package uplink

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Resumable page uploads (wire/uploads.go): a page is streamed from its file to the
// wire from the gateway's offset, with Expect: 100-continue so that a gateway that
// has the page (or more of it than the kiosk thought) answers before any byte is
// sent. The memory used does not grow with the page: the file goes to the socket with
// sendfile (pageBody), or through small buffers. A whole page is declared by the
// SHA-256 the store recorded when it was scanned, without reading the file first:
// the gateway hashes what arrives and refuses other bytes (422 hash_mismatch), and
// only then does the kiosk hash its file to tell a damaged file (a local problem) from
// bytes altered on the way. A resume (from an offset) reads the file twice: once to
// hash the whole page and the part to send, once to send it. The only timeout while
// bytes flow is on progress: StallTimeout without a byte taken by the connection.

// ErrStalled: the link carried no byte for StallTimeout.
var ErrStalled = errors.New("uplink: link stalled (no byte sent for too long)")

// pageLostError is a local problem with a page file (missing, unreadable, not the
// bytes that were scanned): shown to staff, never a refusal by the gateway.
type pageLostError struct {
	op, path string
	corrupt  bool
	err      error
}

func (e *pageLostError) Error() string {
	if e.corrupt {
		return fmt.Sprintf("%s: page file damaged on the kiosk (sha256 mismatch): %s", e.op, e.path)
	}
	return fmt.Sprintf("%s: page file gone from the kiosk (%s): %v", e.op, e.path, e.err)
}

func (e *pageLostError) Unwrap() error { return e.err }

// resumePause is the wait between a cut upload and the question where to resume.
const resumePause = 300 * time.Millisecond

// smallPage is the largest body sent without Expect: 100-continue.
const smallPage = 256 << 10

// maxPageTries bounds the PATCHes of one page in one attempt of its dossier; each
// must have moved the page forward, but a link that resets every few seconds needs
// many.
const maxPageTries = 200

// sendPage makes sure the gateway has page p of d. ask says the gateway may hold
// the page or part of it (a resend, or after a crash): the kiosk asks before sending.
// A failure after which the gateway holds more of the page is resumed at once from
// the gateway's offset; two in a row that did not move it end the attempt with the
// transient error.
func (u *Uplink) sendPage(ctx context.Context, cr creds, op string, p store.Page, ask bool) error {
	if p.Path == "" {
		return &pageLostError{op: op, path: "(đã xóa)", err: fs.ErrNotExist}
	}
	f, err := os.Open(p.Path)
	if err != nil {
		return &pageLostError{op: op, path: p.Path, err: err}
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return &pageLostError{op: op, path: p.Path, err: err}
	} else if fi.Size() != p.Size {
		return &pageLostError{op: op, path: p.Path, corrupt: true}
	}
	off := int64(0)
	if ask {
		st, err := u.uploadState(ctx, cr, op, p.SHA256)
		if err != nil {
			return err
		}
		if st.Complete {
			u.pageDone(p.Size, false, 0)
			return nil
		}
		if st.Size == p.Size {
			off = st.Offset
		}
	}
	idle, restarts := 0, 0
	for try := 0; ; try++ {
		st, status, err := u.patchPage(ctx, cr, op, f, p, off, try == 0 && !ask)
		var ae *answerError
		switch {
		case err == nil && st.Complete:
			u.pageDone(p.Size, status == http.StatusCreated, 0)
			return nil
		case err == nil:
			off, idle = st.Offset, 0 // a partial answer: go on from there
			continue
		case errors.As(err, &ae) && ae.status == http.StatusConflict && ae.state != nil:
			if ae.state.Complete {
				u.pageDone(p.Size, false, 0)
				return nil
			}
			if ae.state.Offset == off {
				return &transientError{op: op, status: ae.status, err: fmt.Errorf("the gateway keeps refusing offset %d", off)}
			}
			off = ae.state.Offset
			continue
		case errors.As(err, &ae) && ae.status == http.StatusUnprocessableEntity && ae.code == wire.CodeHashMismatch:
			// The gateway found the assembled page wrong: it dropped the bytes. A file
			// that no longer hashes to the page is a local problem; otherwise bytes were
			// altered on the way: send the whole page again, once. Again wrong:
			// something on the way alters it, never a reason to reject the dossier: a
			// transient failure.
			if whole, _, herr := hashFrom(f, p.Size); herr != nil {
				return &pageLostError{op: op, path: p.Path, err: herr}
			} else if whole != p.SHA256 {
				return &pageLostError{op: op, path: p.Path, corrupt: true}
			}
			if restarts == 0 {
				restarts++
				off = 0
				continue
			}
			return &transientError{op: op, status: ae.status, err: fmt.Errorf("page bytes altered on the way, twice")}
		case errors.As(err, &ae):
			return ae.err
		}
		var te *transientError
		if !errors.As(err, &te) || ctx.Err() != nil || try >= maxPageTries {
			return err
		}
		// Where did the bytes end? Ask, and go on from the gateway's offset as long as
		// each failure moved the page forward there. A short pause first lets the
		// gateway see the cut and keep what it read of the body; asked too early, it
		// names an older offset and the resumed bytes race the kept ones.
		select {
		case <-ctx.Done():
			return err
		case <-time.After(resumePause):
		}
		st, aerr := u.uploadState(ctx, cr, op, p.SHA256)
		if aerr != nil {
			return err // the link is down: the dossier backs off with the first failure
		}
		if st.Complete {
			u.pageDone(p.Size, false, 0)
			return nil
		}
		next := int64(0)
		if st.Size == p.Size {
			next = st.Offset
		}
		if next > off {
			idle = 0
		} else if idle++; idle >= 2 {
			return err
		}
		off = next
		u.logf("uplink: %s: %v; resuming at %d of %d", op, err, off, p.Size)
	}
}

// answerError is a signed answer to a PATCH that is not a success: the caller decides
// (409 with the gateway's state, 422 hash mismatch), or returns err.
type answerError struct {
	status int
	code   string
	state  *wire.UploadState
	err    error
}

func (e *answerError) Error() string { return e.err.Error() }

// uploadState asks the gateway what it holds of page sha (GET /uploads/{sha}).
func (u *Uplink) uploadState(ctx context.Context, cr creds, op, sha string) (wire.UploadState, error) {
	var st wire.UploadState
	a, err := u.call(ctx, cr, op, http.MethodGet, wire.UploadPath(sha), nil, "", "", nil)
	if err != nil {
		return st, err
	}
	if a.status != http.StatusOK {
		return st, &transientError{op: op, status: a.status, err: fmt.Errorf("unexpected answer %d to the upload state", a.status)}
	}
	if err := json.Unmarshal(a.body, &st); err != nil || st.SHA256 != sha {
		return st, &transientError{op: op, status: a.status, err: fmt.Errorf("%w: upload state unreadable", ErrNotGateway)}
	}
	return st, nil
}

// hashFrom reads f once and returns the hex SHA-256 of all of it and of its bytes
// from off on.
func hashFrom(f *os.File, off int64) (whole, tail string, err error) {
	hw, ht := sha256.New(), sha256.New()
	if _, err := io.Copy(hw, io.NewSectionReader(f, 0, off)); err != nil {
		return "", "", err
	}
	if _, err := io.Copy(io.MultiWriter(hw, ht), io.NewSectionReader(f, off, 1<<62)); err != nil {
		return "", "", err
	}
	return hex.EncodeToString(hw.Sum(nil)), hex.EncodeToString(ht.Sum(nil)), nil
}

// pageBody is the body of a page PATCH: the page file from pos to end, and the
// progress that the stall watchdog and the meter watch. The stream transport's
// connections (sendfileConn) send it from the file to the socket with sendfile,
// sendChunk bytes at a time, counting after each: no copy through the process and no
// 32 KB buffer, which net/http copies any other body through (a read and a write
// syscall per 32 KB). Any other way (TLS, HTTP/2, a transport given in Config) reads
// it, and Read counts what each read returns.
type pageBody struct {
	f        *os.File
	pos, end int64        // the next byte to send and the page's size; used by the transport's writer only
	last     atomic.Int64 // unix nanoseconds of the last progress
	n        atomic.Int64 // bytes the connection took
	on       func(n int)
}

func (b *pageBody) Read(p []byte) (int, error) {
	if b.pos >= b.end {
		return 0, io.EOF
	}
	n, err := b.f.ReadAt(p[:min(int64(len(p)), b.end-b.pos)], b.pos)
	b.took(n)
	return n, err
}

// Close is a no-op: the file is sendPage's. A ReadCloser is passed to the transport as
// it is (an io.Reader is wrapped, and sendfileConn would not recognise it).
func (b *pageBody) Close() error { return nil }

// took counts n bytes taken by the connection.
func (b *pageBody) took(n int) {
	if n <= 0 {
		return
	}
	b.pos += int64(n)
	b.last.Store(time.Now().UnixNano())
	b.n.Add(int64(n))
	if b.on != nil {
		b.on(n)
	}
}

// sendChunk is the most a page body hands the socket per sendfile: the socket's send
// buffer, so that progress is counted as finely as the link drains it.
const sendChunk = streamSendBuffer

// sendTo sends the body's next lr.N bytes to c from the file (sendfile where the
// system has it), sendChunk at a time.
func (b *pageBody) sendTo(c *net.TCPConn, lr *io.LimitedReader) (int64, error) {
	if _, err := b.f.Seek(b.pos, io.SeekStart); err != nil {
		return 0, err
	}
	var sent int64
	for lr.N > 0 && b.pos < b.end {
		n, err := c.ReadFrom(&io.LimitedReader{R: b.f, N: min(lr.N, b.end-b.pos, sendChunk)})
		b.took(int(n))
		sent += n
		lr.N -= n
		if err != nil {
			return sent, err
		}
		if n == 0 {
			return sent, io.ErrUnexpectedEOF // the file is shorter than the page
		}
	}
	return sent, nil
}

// sendfileConn is a page upload connection: its ReadFrom, which net/http calls with a
// request body, sends a pageBody from its file (pageBody.sendTo).
type sendfileConn struct{ *net.TCPConn }

func (c sendfileConn) ReadFrom(r io.Reader) (int64, error) {
	if lr, ok := r.(*io.LimitedReader); ok {
		if b, ok := lr.R.(*pageBody); ok {
			return b.sendTo(c.TCPConn, lr)
		}
	}
	return c.TCPConn.ReadFrom(r)
}

// patchPage sends p's bytes from off to its end in one PATCH (first: a page's first
// try, which may skip Expect: 100-continue). It returns the gateway's upload state and
// status on success (200 partial or complete, 201 stored), and on failure an *answerError (a signed refusal or
// conflict), a *transientError (wrapping ErrStalled, ErrOffline, ErrNotGateway…), a
// *pageLostError, or ErrUnauthorized.
func (u *Uplink) patchPage(ctx context.Context, cr creds, op string, f *os.File, p store.Page, off int64, first bool) (wire.UploadState, int, error) {
	var st wire.UploadState
	tail := p.SHA256 // the whole page: the scanned bytes' hash, checked by the gateway as they arrive
	if off > 0 {
		whole, t, err := hashFrom(f, off)
		if err != nil {
			return st, 0, &pageLostError{op: op, path: p.Path, err: err}
		}
		if whole != p.SHA256 {
			return st, 0, &pageLostError{op: op, path: p.Path, corrupt: true}
		}
		tail = t
	}
	url := cr.base + wire.UploadChunkPath(p.SHA256, off, p.Size)
	signedPath, err := wire.SignedPathOf(url)
	if err != nil {
		return st, 0, fmt.Errorf("%s: %w", op, err)
	}
	ts, nonce := wire.Timestamp(u.signNow()), wire.NewNonce()
	sig := wire.Sign(cr.secret, http.MethodPatch, signedPath, ts, nonce, p.Size-off, tail)

	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	body := &pageBody{f: f, pos: off, end: p.Size, on: u.meter.add}
	body.last.Store(time.Now().UnixNano())
	var rd io.Reader = body
	if off == p.Size {
		rd = http.NoBody // every byte is there: ask the gateway to finish the page
	}
	req, err := http.NewRequestWithContext(actx, http.MethodPatch, url, rd)
	if err != nil {
		return st, 0, fmt.Errorf("%s: %w", op, err)
	}
	req.ContentLength = p.Size - off
	req.Header.Set(wire.HeaderKioskID, cr.id)
	req.Header.Set(wire.HeaderTimestamp, ts)
	req.Header.Set(wire.HeaderNonce, nonce)
	req.Header.Set(wire.HeaderSignature, sig)
	req.Header.Set(wire.HeaderUploadSHA256, tail)
	req.Header.Set("Content-Type", wire.ContentTypeUpload)
	req.Header.Set("Accept", wire.ContentTypeJSON)
	if !first || p.Size-off > smallPage {
		// The gateway may hold the page, or more of it than off: let it say so before
		// the bytes go. A small page's first try goes at once: a round trip costs more
		// than its bytes.
		req.Header.Set("Expect", "100-continue")
	}

	// The watchdog: no byte taken for StallTimeout (while sending, or while waiting
	// for the answer once the body is out) cancels the request.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(min(u.cfg.StallTimeout/4, time.Second))
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if time.Since(time.Unix(0, body.last.Load())) > u.cfg.StallTimeout {
					cancel(ErrStalled)
					return
				}
			}
		}
	}()
	resp, err := u.stream.Do(req)
	if err != nil {
		sent := body.n.Load()
		u.addBytes(sent)
		switch {
		case errors.Is(context.Cause(actx), ErrStalled):
			return st, 0, &transientError{op: op, err: fmt.Errorf("%w (%v at %d of %d bytes)", ErrStalled, u.cfg.StallTimeout, off+sent, p.Size)}
		case ctx.Err() != nil:
			return st, 0, fmt.Errorf("%s: %w", op, ctx.Err())
		}
		return st, 0, &transientError{op: op, err: fmt.Errorf("%w: %w", ErrOffline, err)}
	}
	raw, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	sent := body.n.Load()
	u.addBytes(sent)
	if rerr != nil {
		if ctx.Err() != nil {
			return st, 0, fmt.Errorf("%s: %w", op, ctx.Err())
		}
		return st, 0, &transientError{op: op, err: fmt.Errorf("%w: reading the answer: %w", ErrOffline, rerr)}
	}
	a, err := u.verifyAnswer(cr, op, sig, &answer{status: resp.StatusCode, header: resp.Header, body: raw})
	if err != nil {
		return st, 0, err
	}
	switch a.status {
	case http.StatusOK, http.StatusCreated, http.StatusConflict:
		if err := json.Unmarshal(a.body, &st); err != nil || st.SHA256 != p.SHA256 {
			return st, 0, &transientError{op: op, status: a.status, err: fmt.Errorf("%w: upload state unreadable", ErrNotGateway)}
		}
		if a.status == http.StatusConflict {
			return st, a.status, &answerError{status: a.status, code: wire.CodeOffsetMismatch, state: &st,
				err: &transientError{op: op, status: a.status, err: fmt.Errorf("offset %d refused", off)}}
		}
		return st, a.status, nil
	case http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge:
		e := a.wireError()
		return st, a.status, &answerError{status: a.status, code: e.Code,
			err: &refusal{op: op, status: a.status, code: e.Code, message: e.Message}}
	}
	return st, a.status, &answerError{status: a.status, err: &transientError{op: op, status: a.status, err: fmt.Errorf("unexpected answer %d to PATCH", a.status)}}
}
