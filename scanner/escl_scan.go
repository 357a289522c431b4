package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Scan runs one eSCL job: POST ScanJobs with settings fitted to the device
// (Plan), then NextDocument until the device answers 404, one page each. Progress
// counts the bytes of the page file (Total 0 when the device does not say its
// length). Cancelling ctx or calling Cancel sends DELETE for the job.
func (e *ESCL) Scan(ctx context.Context, p ScanParams, onProgress func(Progress), onPage func(Page)) error {
	p = p.withDefaults()
	if !e.scanMu.TryLock() {
		return newErr(CodeBusy, "scan", "a scan is already running", nil)
	}
	defer e.scanMu.Unlock()
	if onProgress == nil {
		onProgress = func(Progress) {}
	}
	if onPage == nil {
		onPage = func(Page) {}
	}
	if e.isClosed() {
		return newErr(CodeGone, "scan", "closed", nil)
	}
	caps, err := e.capabilities(ctx)
	if err != nil {
		return e.inJob(err)
	}
	job, err := planESCL(caps, p)
	if err != nil {
		return err
	}
	for _, n := range job.Notes {
		e.opts.Logf("scanner: eSCL %s: %s", e.base, n)
	}
	jctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)
	e.mu.Lock()
	e.abort = abort
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		e.abort = nil
		e.mu.Unlock()
	}()

	jobURL, err := e.createJob(jctx, job, p)
	if err != nil {
		return e.inJob(err)
	}
	pages := 0
	for {
		page, status, err := e.nextDocument(jctx, jobURL, pages+1, onProgress)
		if err != nil {
			if c := CodeOf(err); c == CodeTimeout || c == CodeGone && e.life.Err() == nil {
				// The device stopped answering: drop the job if it still can, in the
				// background, so the error comes now and not after another timeout.
				go e.deleteJob(jobURL)
			} else {
				e.deleteJob(jobURL) // cancelled, closed, a page cut short: it holds the job
			}
			return e.inJob(err)
		}
		if status != http.StatusOK {
			err := e.finish(jctx, jobURL, status, pages, p)
			if status != http.StatusNotFound && status != http.StatusGone {
				e.deleteJob(jobURL) // an error answer: the job may still hold the device
			}
			return err
		}
		pages++
		page.Number = pages
		onPage(page)
	}
}

// inJob makes a device that stopped answering during a job count as gone, as the
// other backends do: the error matches both ErrGone and ErrTimeout.
func (e *ESCL) inJob(err error) error {
	var se *Error
	if errors.As(err, &se) && se.Code == CodeTimeout {
		return newErr(CodeGone, "scan", "", se)
	}
	return err
}

// busyLoop sends a request again while the device answers 503, for as long as
// the Retry-After it asks for fits in BusyWait.
func (e *ESCL) busyLoop(ctx context.Context, op, method, u string, body []byte, wait time.Duration) (*http.Response, *time.Timer, func(), error) {
	budget := e.opts.BusyWait
	for {
		resp, timer, done, err := e.call(ctx, op, method, u, body, wait)
		if err != nil {
			return nil, nil, nil, err
		}
		if resp.StatusCode != http.StatusServiceUnavailable {
			return resp, timer, done, nil
		}
		d := retryAfter(resp.Header, e.now())
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		done()
		charge := max(d, 500*time.Millisecond)
		if charge > budget {
			return nil, nil, nil, newErr(CodeBusy, op, fmt.Sprintf("%s %s: device busy (HTTP 503, Retry-After %v)", method, pathOf(u), d), nil)
		}
		budget -= charge
		sctx, cancel := context.WithCancel(ctx)
		stop := context.AfterFunc(e.life, cancel)
		err = e.sleep(sctx, d)
		stop()
		cancel()
		if err != nil {
			return nil, nil, nil, e.netErr(op, ctx, sctx, err)
		}
	}
}

func pathOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Path
	}
	return u
}

// createJob POSTs the settings and returns the job's URL from Location.
func (e *ESCL) createJob(ctx context.Context, job ESCLJob, p ScanParams) (string, error) {
	u := e.base + "/ScanJobs"
	resp, _, done, err := e.busyLoop(ctx, "scan", http.MethodPost, u, job.scanSettings(), e.opts.Timeout)
	if err != nil {
		return "", err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	done()
	switch resp.StatusCode {
	case http.StatusCreated, http.StatusOK:
	case http.StatusConflict:
		// Devices answer 409 when the feeder is empty (or jammed, or open).
		code := CodeNoPaper
		if p.Source == Flatbed {
			code = CodeBusy
		}
		if c := e.statusFault(ctx); c != CodeUnknown {
			code = c
		}
		return "", newErr(code, "scan", fmt.Sprintf("POST ScanJobs: HTTP %s", resp.Status), nil)
	default:
		return "", e.statusErr("scan", resp, body)
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return "", newErr(CodeProtocol, "scan", "POST ScanJobs: no Location for the job", nil)
	}
	ref, err := url.Parse(strings.TrimSpace(loc))
	if err != nil {
		return "", newErr(CodeProtocol, "scan", "POST ScanJobs: Location "+loc, err)
	}
	abs := resp.Request.URL.ResolveReference(ref)
	// Some devices name themselves by a host the kiosk cannot resolve (their
	// mDNS name) or by another address: the job lives where the kiosk asked.
	base := resp.Request.URL
	abs.Scheme, abs.Host = base.Scheme, base.Host
	return strings.TrimRight(abs.String(), "/"), nil
}

// statusFault reads the status after a failure: jam, open hatch or empty feeder
// (CodeUnknown when the status shows none, or cannot be read).
func (e *ESCL) statusFault(ctx context.Context) Code {
	st, err := e.status(ctx)
	if err != nil {
		return CodeUnknown
	}
	return st.faultCode()
}

// nextDocument fetches the job's next page. It returns the HTTP status: 200 with
// a page, or the status that ended the job (404 normally).
func (e *ESCL) nextDocument(ctx context.Context, jobURL string, n int, onProgress func(Progress)) (Page, int, error) {
	resp, timer, done, err := e.busyLoop(ctx, "scan", http.MethodGet, jobURL+"/NextDocument", nil, e.opts.PageWait)
	if err != nil {
		return Page{}, 0, err
	}
	defer done()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return Page{}, resp.StatusCode, nil
	}
	total := max(resp.ContentLength, 0)
	// Read straight into the page's own buffer (sized by Content-Length when the
	// device sends one): the page handed over is this slice, copied nowhere.
	data := make([]byte, 0, min(max(total, 64<<10), 256<<20))
	rctx := resp.Request.Context()
	for {
		if cap(data)-len(data) < 16<<10 {
			data = append(data, make([]byte, 64<<10)...)[:len(data)]
		}
		// call's timer fires after Timeout of silence; each read resets it.
		k, rerr := resp.Body.Read(data[len(data):cap(data)])
		if k > 0 {
			data = data[:len(data)+k]
			onProgress(Progress{Page: n, Bytes: int64(len(data)), Total: total})
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if ctx.Err() == nil && e.life.Err() == nil && !errors.Is(context.Cause(rctx), errESCLSilent) {
				return Page{}, 0, newErr(CodeTransferFailed, "scan",
					fmt.Sprintf("page %d cut short after %d of %d bytes", n, len(data), total), rerr)
			}
			return Page{}, 0, e.netErr("scan", ctx, rctx, rerr)
		}
		timer.Reset(e.opts.Timeout)
	}
	if total > 0 && int64(len(data)) != total {
		return Page{}, 0, newErr(CodeTransferFailed, "scan", fmt.Sprintf("page %d: %d of %d bytes", n, len(data), total), nil)
	}
	if total == 0 {
		onProgress(Progress{Page: n, Bytes: int64(len(data)), Total: int64(len(data))})
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return Page{}, 0, newErr(CodeTransferFailed, "scan",
			fmt.Sprintf("page %d (%s, %d bytes) is not a JPEG or PNG image", n, resp.Header.Get("Content-Type"), len(data)), err)
	}
	return Page{Width: cfg.Width, Height: cfg.Height, Format: format, Data: data}, http.StatusOK, nil
}

// finish decides how a job that stopped giving pages ended: the device's status
// tells a normal end from a jam, an empty feeder or a job cancelled at the device.
func (e *ESCL) finish(ctx context.Context, jobURL string, status, pages int, p ScanParams) error {
	detail := fmt.Sprintf("NextDocument: HTTP %d %s after %d pages", status, http.StatusText(status), pages)
	st, err := e.status(ctx)
	if err != nil {
		if status == http.StatusNotFound && pages > 0 {
			return nil // the usual end of a job; the status only confirms it
		}
		return e.inJob(err)
	}
	var code Code
	ji := st.job(jobURL)
	state := ""
	if ji != nil {
		state = strings.ToLower(ji.JobState)
		detail += ", job " + ji.JobState
		if len(ji.Reasons) > 0 {
			detail += " (" + strings.Join(ji.Reasons, ", ") + ")"
		}
	}
	if st.AdfState != "" {
		detail += ", " + st.AdfState
	}
	switch {
	case state == "canceled" || state == "cancelled":
		return newErr(CodeCancelled, "scan", "cancelled at the device: "+detail, nil)
	case state == "aborted":
		code = st.faultCode()
		if code == CodeUnknown {
			code = reasonCode(ji.Reasons)
		}
	case status == http.StatusNotFound || status == http.StatusGone:
		if pages > 0 {
			return nil
		}
		code = st.faultCode()
		if code == CodeUnknown {
			code = CodeNoPaper
			detail = "no page scanned: " + detail
		}
	default:
		code = st.faultCode()
		if code == CodeUnknown {
			code = reasonCode(nil)
			if status == http.StatusConflict && p.Source == Feeder {
				code = CodeNoPaper
			}
		}
	}
	if code == CodeNoPaper && pages > 0 && p.Source == Feeder {
		return nil // the feeder ran empty after some pages: the normal end of a batch
	}
	return newErr(code, "scan", detail, nil)
}

// reasonCode reads PWG job state reasons; CodeInternal when none says more.
func reasonCode(reasons []string) Code {
	for _, r := range reasons {
		l := strings.ToLower(r)
		switch {
		case strings.Contains(l, "jam"):
			return CodeJam
		case strings.Contains(l, "empty") || strings.Contains(l, "needed"):
			return CodeNoPaper
		case strings.Contains(l, "open"):
			return CodeCoverOpen
		}
	}
	return CodeInternal
}

// deleteJob asks the device to drop the job (cancel, or a job left half read), on
// its own short deadline: the job's context is already done.
func (e *ESCL) deleteJob(jobURL string) {
	ctx, cancel := context.WithTimeout(context.Background(), min(e.opts.Timeout, 5*time.Second))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, jobURL, nil)
	if err != nil {
		return
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.opts.Logf("scanner: eSCL DELETE %s: %v", jobURL, err)
		return
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}
