package uplink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// localError is a failure of the kiosk itself (the store, the disk): the round stops.
type localError struct{ err error }

func (e *localError) Error() string { return e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

func local(format string, a ...any) error { return &localError{fmt.Errorf(format, a...)} }

// drain sends every due dossier of the outbox, oldest first, Workers at a time. It
// stops taking new dossiers at the first transient failure, 401 or store error (the
// link is likely down; the loop probes health before the next round) and returns it.
func (u *Uplink) drain(ctx context.Context, cr creds, rep *Report) error {
	seen := map[string]bool{}
	for {
		due, err := u.st.DueDossiers(ctx, u.now(), u.cfg.BatchSize)
		if err != nil {
			return local("uplink: due dossiers: %w", err)
		}
		var batch []store.Dossier
		var total int64
		for _, d := range due {
			if seen[d.ID] {
				continue // a store that failed to record the outcome: not twice per round
			}
			seen[d.ID] = true
			batch = append(batch, d)
			for _, p := range d.Pages {
				total += p.Size
			}
		}
		if len(batch) == 0 {
			return nil
		}
		u.update(func(p *Progress) { p.BytesTotal += total })
		if err := u.sendBatch(ctx, cr, batch, rep); err != nil {
			return err
		}
	}
}

// bookJob is the outcome of one dossier for the batch's bookkeepers, which
// record it in the store so that the store's work overlaps with the network.
type bookJob struct {
	d       store.Dossier
	ack     wire.DossierAck
	outcome error
}

// Recording an acceptance costs the kiosk store a commit and the shredding of the
// dossier's page files, each an fsync (sync/store purge.go): about 4 fsyncs a dossier,
// more than the network time of its pages on a fast link. One at a time, they were
// the drain's bottleneck (half of it waited for them against a gateway that discards
// the pages). So the bookkeeper takes every outcome that arrives within bookGather of
// the first (up to maxBookBatch; taking only those already waiting, it committed 2-3
// dossiers a call against a gateway stub, and its commits were 14% of the drain's
// CPU) and records the acceptances among them in one store call when the
// store can (acceptMany: one commit, the files moved aside and shredded in the
// background; measured against a gateway stub, shredding in the call kept the
// bookkeeper busy for the whole drain). Their order
// never mattered: each dossier's record is its own, and an acknowledgement recorded
// late (or never: the process died) is asked again and answered the same. More
// bookkeepers made smaller batches and were no faster (measured: 1, 2 and 4).
const (
	bookkeepers  = 1
	maxBookBatch = 32
	bookGather   = 10 * time.Millisecond
)

// acceptMany is the store's batch record of acceptances (*store.Store has it; a
// store without it records them one by one).
type acceptMany interface {
	MarkAcceptedMany(ctx context.Context, acc []store.Acceptance) error
}

// sendBatch sends a batch with Workers concurrent dossiers. Outcomes are recorded by
// the bookkeepers; the batch ends when both the workers and the bookkeepers
// are done, so the next DueDossiers sees every outcome. A dossier acknowledged by the
// gateway but not yet recorded when the process dies is sent again next time and gets
// the same answer (idempotent by id).
//
// The success path costs the kiosk at most one store call (MarkAccepted, or its share
// of a MarkAcceptedMany). MarkSending, which counts attempts, is called only for an
// attempt that failed, right before MarkRetry: the backoff needs the count of
// failures, and a dossier the process died sending is due again from queued as from
// sending.
func (u *Uplink) sendBatch(ctx context.Context, cr creds, batch []store.Dossier, rep *Report) error {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	stopped := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil || ctx.Err() != nil
	}
	book := make(chan bookJob, len(batch)) // never blocks a sender: the store catches up at the end
	var bookWG sync.WaitGroup
	bctx := context.WithoutCancel(ctx) // an acknowledgement is recorded even during Stop
	for range min(bookkeepers, len(batch)) {
		bookWG.Add(1)
		go func() {
			defer bookWG.Done()
			for j := range book {
				jobs := []bookJob{j}
				gather := time.NewTimer(bookGather)
			more: // and whatever else arrives within bookGather
				for len(jobs) < maxBookBatch {
					select {
					case j, ok := <-book:
						if !ok {
							break more
						}
						jobs = append(jobs, j)
					case <-gather.C:
						break more
					}
				}
				gather.Stop()
				for _, err := range u.settleAll(bctx, jobs, rep, &mu) {
					fail(err)
				}
			}
		}()
	}
	// Two stages, Workers goroutines each: pages, then the dossier. A worker that has
	// put a dossier's pages hands it to the submitters and starts on the next one's,
	// so the small dossier PUT (an fsync at the gateway) overlaps the next page bytes.
	next := make(chan store.Dossier)
	submit := make(chan store.Dossier, u.cfg.Workers) // page workers go on while dossiers wait
	var subWG sync.WaitGroup
	workers := min(u.cfg.Workers, len(batch))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				if err := u.uploadPages(ctx, cr, d, nil); err != nil {
					if !isRefusal(err) && !isLocalPage(err) {
						fail(err) // take no new dossier: the link or the store is in trouble
					}
					book <- bookJob{d: d, outcome: err}
					continue
				}
				submit <- d
			}
		}()
		subWG.Add(1)
		go func() {
			defer subWG.Done()
			for d := range submit {
				ack, err := u.submit(ctx, cr, d)
				if err != nil && !isRefusal(err) && !isLocalPage(err) {
					fail(err)
				}
				book <- bookJob{d: d, ack: ack, outcome: err}
			}
		}()
	}
	for _, d := range batch {
		if stopped() {
			break
		}
		next <- d
	}
	close(next)
	wg.Wait()
	close(submit)
	subWG.Wait()
	close(book)
	bookWG.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return first
}

func isRefusal(err error) bool {
	var ref *refusal
	return errors.As(err, &ref)
}

// isLocalPage reports a failure that concerns one dossier only and not the link: a
// page file problem, or the budget holding its pages back.
func isLocalPage(err error) bool {
	var pl *pageLostError
	var be *budgetError
	return errors.As(err, &pl) || errors.As(err, &be)
}

// settleAll records the outcomes of jobs: the acceptances in one store call when the
// store has acceptMany, even a single one (its page files are then shredded in the
// background, where MarkAccepted shreds them before it returns); one by one when that
// call fails, so that each failure is the dossier's own (a failure after the commit,
// shredding the page files, is still reported when they all succeed then); the others
// one by one.
// It returns the errors that must stop the round.
func (u *Uplink) settleAll(ctx context.Context, jobs []bookJob, rep *Report, mu *sync.Mutex) []error {
	var errs, others []error
	var batchErr error
	var acc []store.Acceptance
	var accepted []bookJob
	for _, j := range jobs {
		if j.outcome == nil {
			acc = append(acc, store.Acceptance{ID: j.d.ID, OfficialCode: j.ack.OfficialCode, Status: j.ack.Status})
			accepted = append(accepted, j)
		} else if err := u.settle(ctx, j.d, j.ack, j.outcome, rep, mu); err != nil {
			others = append(others, err)
		}
	}
	if am, ok := u.st.(acceptMany); ok && len(acc) > 0 {
		err := am.MarkAcceptedMany(ctx, acc)
		if err == nil {
			for _, j := range accepted {
				u.accepted(j.d, j.ack, rep, mu)
			}
			return others
		}
		batchErr = local("uplink: record %d acceptances: %w", len(acc), err)
	}
	for _, j := range accepted {
		if err := u.settle(ctx, j.d, j.ack, nil, rep, mu); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 && batchErr != nil {
		errs = append(errs, batchErr)
	}
	return append(errs, others...)
}

// accepted counts a recorded acceptance in the report and the progress.
func (u *Uplink) accepted(d store.Dossier, ack wire.DossierAck, rep *Report, mu *sync.Mutex) {
	u.logf("uplink: dossier %s (%s) accepted as %s", d.ID, d.ReceiptCode, ack.OfficialCode)
	u.noteAck(d.ID, ack)
	mu.Lock()
	rep.Accepted++
	mu.Unlock()
	u.update(func(p *Progress) {
		p.DoneDossiers++
		if p.QueuedDossiers > 0 {
			p.QueuedDossiers--
		}
	})
}

// settle records the outcome of one dossier in the store and the report. It returns
// the error that must stop the round, nil when the round goes on.
func (u *Uplink) settle(ctx context.Context, d store.Dossier, ack wire.DossierAck, outcome error, rep *Report, mu *sync.Mutex) error {
	var (
		ref *refusal
		le  *localError
		te  *transientError
		be  *budgetError
		pl  *pageLostError
	)
	switch {
	case outcome == nil:
		if err := u.st.MarkAccepted(ctx, d.ID, ack.OfficialCode, ack.Status); err != nil {
			return local("uplink: mark %s accepted (%s): %w", d.ID, ack.OfficialCode, err)
		}
		u.accepted(d, ack, rep, mu)
		return nil
	case errors.As(outcome, &ref):
		u.logf("uplink: dossier %s (%s) rejected by the gateway: %s", d.ID, d.ReceiptCode, ref.reason())
		if err := u.st.MarkRejected(ctx, d.ID, failureOf(ref), ref.reason()); err != nil {
			return local("uplink: mark %s rejected: %w", d.ID, err)
		}
		mu.Lock()
		rep.Rejected++
		mu.Unlock()
		u.update(func(p *Progress) {
			p.Rejected++
			if p.QueuedDossiers > 0 {
				p.QueuedDossiers--
			}
		})
		return nil
	case errors.As(outcome, &le):
		// The store failed; the dossier stays where it is (due again).
		return outcome
	case errors.As(outcome, &be):
		// The bandwidth budget holds the pages back: no attempt failed.
		mu.Lock()
		rep.Retrying++
		if rep.BudgetUntil.IsZero() || be.until.Before(rep.BudgetUntil) {
			rep.BudgetUntil = be.until
		}
		mu.Unlock()
		return nil
	case errors.As(outcome, &pl):
		// A local problem with a page file: staff see it in the queue (last error);
		// the gateway refused nothing. Tried again after a long backoff (the file may
		// come back, e.g. a disk remounted), and the round goes on.
		u.logf("uplink: dossier %s (%s) waits: local page problem: %v", d.ID, d.ReceiptCode, pl)
		if err := u.st.MarkSending(ctx, d.ID); err != nil {
			return local("uplink: count the attempt on %s: %w (after %v)", d.ID, err, outcome)
		}
		next := u.now().Add(u.cfg.Backoff.Delay(d.Attempts+1, time.Hour))
		if err := u.st.MarkRetry(ctx, d.ID, next, store.FailLocalPage, "local page problem, not a gateway refusal: "+pl.Error()); err != nil {
			return local("uplink: mark %s for retry: %w (after %v)", d.ID, err, outcome)
		}
		mu.Lock()
		rep.Retrying++
		rep.LocalErrors++
		mu.Unlock()
		return nil
	case errors.As(outcome, &te):
		// Transient, including a per-attempt timeout (which also matches
		// context.DeadlineExceeded, hence this case first): back off below.
	case errors.Is(outcome, context.Canceled), errors.Is(outcome, context.DeadlineExceeded):
		// The round was stopped mid-send: the dossier stays due for the next round.
		return outcome
	}
	var after time.Duration
	if te != nil {
		after = te.retryAfter
	}
	if err := u.st.MarkSending(ctx, d.ID); err != nil { // counts the failed attempt
		return local("uplink: count the attempt on %s: %w (after %v)", d.ID, err, outcome)
	}
	next := u.now().Add(u.cfg.Backoff.Delay(d.Attempts+1, after))
	if err := u.st.MarkRetry(ctx, d.ID, next, failureOf(outcome), outcome.Error()); err != nil {
		return local("uplink: mark %s for retry: %w (after %v)", d.ID, err, outcome)
	}
	mu.Lock()
	rep.Retrying++
	if rep.RetryAfter.IsZero() || next.Before(rep.RetryAfter) {
		rep.RetryAfter = next
	}
	mu.Unlock()
	return outcome
}

// submit sends the dossier itself once its pages are up (uploading again those the
// gateway says are missing). It returns the gateway's acknowledgement, a *refusal for a
// permanent refusal, a *localError when the kiosk failed, or the transient failure.
func (u *Uplink) submit(ctx context.Context, cr creds, d store.Dossier) (wire.DossierAck, error) {
	var none wire.DossierAck
	body, err := wire.Canonical(toWire(d))
	if err != nil {
		return none, local("uplink: dossier %s: %w", d.ID, err)
	}
	op := "dossier " + d.ReceiptCode
	for try := 0; ; try++ {
		a, err := u.call(ctx, cr, op, http.MethodPut, wire.DossierPath(d.ID), body, "", wire.ContentTypeJSON, nil)
		if err != nil {
			return none, err
		}
		switch a.status {
		case http.StatusOK, http.StatusCreated:
			var ack wire.DossierAck
			if err := json.Unmarshal(a.body, &ack); err != nil || ack.ID != d.ID {
				return none, &transientError{op: op, status: a.status, err: fmt.Errorf("%w: acknowledgement for %q unreadable", ErrNotGateway, ack.ID)}
			}
			return ack, nil
		case http.StatusFailedDependency:
			e := a.wireError()
			if try >= 2 || len(e.Missing) == 0 {
				return none, &transientError{op: op, status: a.status, err: fmt.Errorf("gateway still misses pages %v", e.Missing)}
			}
			missing := map[string]bool{}
			for _, sha := range e.Missing {
				missing[sha] = true
			}
			if err := u.uploadPages(ctx, cr, d, missing); err != nil {
				return none, err
			}
		case http.StatusConflict, http.StatusUnprocessableEntity, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			e := a.wireError()
			return none, &refusal{op: op, status: a.status, code: e.Code, message: e.Message}
		default:
			return none, &transientError{op: op, status: a.status, err: fmt.Errorf("unexpected answer %d", a.status)}
		}
	}
}

// toWire converts a stored dossier to its wire form.
func toWire(d store.Dossier) wire.Dossier {
	w := wire.Dossier{
		ID:            d.ID,
		ReceiptCode:   d.ReceiptCode,
		ProcedureCode: d.ProcedureCode,
		Applicant:     d.Applicant,
		Fields:        d.Fields,
		AssistedBy:    d.AssistedBy,
		Language:      d.Language,
		CreatedAt:     d.CreatedAt.UTC(),
		Consent:       d.Consent,
	}
	for _, p := range d.Pages {
		w.Pages = append(w.Pages, wire.PageRef{Seq: p.Seq, DocumentID: p.DocumentID, SHA256: p.SHA256, Size: p.Size, Format: p.Format})
	}
	return w
}

// uploadPages makes sure the gateway has the dossier's pages, each through a
// resumable upload (pageupload.go). On a resend (the dossier was attempted before: a
// failure, a crash) the kiosk asks the gateway what it holds of each page first; on a
// first attempt, and for the pages named in force (the gateway said it misses them),
// it sends at once: Expect: 100-continue still lets a gateway that holds the page, or
// part of it, answer before the bytes go. The bandwidth budget is checked
// before each page.
func (u *Uplink) uploadPages(ctx context.Context, cr creds, d store.Dossier, force map[string]bool) error {
	done := map[string]bool{}
	for _, p := range d.Pages {
		if done[p.SHA256] || (force != nil && !force[p.SHA256]) {
			continue
		}
		done[p.SHA256] = true
		if err := u.budgetAllows(p.Size); err != nil {
			return err
		}
		op := fmt.Sprintf("page %d of %s", p.Seq, d.ReceiptCode)
		if err := u.sendPage(ctx, cr, op, p, force == nil && d.Attempts > 0); err != nil {
			return err
		}
	}
	return nil
}

func (u *Uplink) pageDone(size int64, stored bool, sent int64) {
	u.update(func(p *Progress) { p.BytesDone += size })
	u.statsMu.Lock()
	if stored {
		u.stats.PagesUploaded++
	} else {
		u.stats.PagesPresent++
	}
	u.stats.BytesUploaded += sent
	u.statsMu.Unlock()
}
