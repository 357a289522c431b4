package scanner

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
)

// MaxPageBytes bounds the size a PAGE_BEGIN may announce.
const MaxPageBytes = 64 << 20

// ackEvery is how many in-order DATA frames the host receives between DATA_ACKs:
// the datasheet's maximum, half the device's window of 16, so the device still has
// eight frames to send when an acknowledgement leaves. Acknowledging sooner (once per
// read from two frames, tried) cost a write on the host and a wake-up on the device
// per 8 kB and lowered throughput through a pty by ~10 %; the device waited for
// credit 0.6 % of the transfer at 8 (0.2 % at 2).
const ackEvery = 8

// Scan runs one job on the device; see PageSource.
func (s *Serial) Scan(ctx context.Context, p ScanParams, onProgress func(Progress), onPage func(Page)) error {
	p = p.withDefaults()
	if err := s.check(p); err != nil {
		return err
	}
	if !s.scanMu.TryLock() {
		return newErr(CodeBusy, "scan", "a scan is already running", nil)
	}
	defer s.scanMu.Unlock()
	c, err := s.conn("scan")
	if err != nil {
		return err
	}
	if onProgress == nil {
		onProgress = func(Progress) {}
	}
	if onPage == nil {
		onPage = func(Page) {}
	}
	r := &receiver{s: s, c: c, out: make(chan jobEvent, 64), quit: make(chan struct{})}
	r.last.Store(time.Now().UnixNano())
	s.mu.Lock()
	s.job = r
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.job = nil
		s.mu.Unlock()
		close(r.quit)
	}()
	sp := ksp.ScanParams{DPI: uint16(p.DPI), Mode: byte(p.Mode), Source: byte(p.Source), Duplex: p.Duplex}
	if _, err := s.command(ctx, "scan", ksp.Scan, sp.Marshal()); err != nil {
		return err
	}
	tick := time.NewTicker(min(s.opts.JobTimeout/4, 100*time.Millisecond))
	defer tick.Stop()
	deliver := func(ev jobEvent) (bool, error) {
		switch {
		case ev.fin:
			return true, ev.err
		case ev.page != nil:
			onPage(*ev.page)
		default:
			onProgress(ev.progress)
		}
		return false, nil
	}
	for {
		select {
		case ev := <-r.out:
			if fin, err := deliver(ev); fin {
				return err
			}
		case <-tick.C:
			silent := time.Since(time.Unix(0, r.last.Load()))
			if silent > 300*time.Millisecond && r.mu.TryLock() {
				// Every byte of the page is in but PAGE_END is not: it was lost. Ask
				// for the page again while the device still waits for a verdict.
				if r.active && !r.retrying && r.got == r.hdr.Total {
					r.askAgain()
				}
				r.mu.Unlock()
			}
			if silent > s.opts.JobTimeout {
				// The datasheet: a host that hears nothing for 10 s during a job
				// treats the device as gone. The error matches ErrGone and
				// ErrTimeout; the port is closed (and reopened if Reconnect is set).
				s.cancelQuietly()
				why := newErr(CodeTimeout, "scan", fmt.Sprintf("device silent for %v%s", silent.Round(time.Millisecond), r.where()), nil)
				s.lost(c, why)
				return newErr(CodeGone, "scan", "", why)
			}
		case <-c.down:
			// Deliver what arrived intact before the line went.
			for {
				select {
				case ev := <-r.out:
					if fin, err := deliver(ev); fin {
						return err
					}
					continue
				default:
				}
				break
			}
			return newErr(CodeGone, "scan", "device vanished"+r.where(), c.err)
		case <-ctx.Done():
			return r.abandon(ctx)
		}
	}
}

// cancelQuietly sends CANCEL without waiting for the job stream.
func (s *Serial) cancelQuietly() {
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.ReplyTimeout)
	defer cancel()
	s.Cancel(ctx)
}

// jobEvent is what the receiver passes to Scan: progress, a page, or the end.
type jobEvent struct {
	progress Progress
	page     *Page
	fin      bool
	err      error
}

// receiver is the host side of one job's page transfer. Its handle runs on the
// reader goroutine, under mu.
type receiver struct {
	s    *Serial
	c    *conn
	out  chan jobEvent
	quit chan struct{} // closed when Scan returns
	last atomic.Int64  // unix nanoseconds of the last frame

	posPage, posGot, posTotal atomic.Int64 // see where

	mu       sync.Mutex
	finished bool

	active    bool
	hdr       ksp.PageHeader
	buf       []byte
	got       uint32
	sinceAck  int
	lastAck   time.Time
	nakOut    bool              // a DATA_NAK is outstanding for got
	retrying  bool              // the current page was asked for again from offset 0
	maxSince  uint32            // highest gap offset seen since that NAK
	ooo       map[uint32][]byte // frames past a gap, by offset
	lastDone  uint16            // last page delivered
	delivered int
	devErr    string // text of an ERROR seen during the job
	lastMiss  time.Time
	began     time.Time // PAGE_BEGIN of the current page
}

// where says how far the current page got, for errors; safe from Scan's goroutine.
func (r *receiver) where() string {
	page := r.posPage.Load()
	if page == 0 {
		return ""
	}
	return fmt.Sprintf(" (page %d at %d of %d bytes)", page, r.posGot.Load(), r.posTotal.Load())
}

// publish records the position for where; called after each item, under mu.
func (r *receiver) publish() {
	if !r.active {
		r.posPage.Store(0)
		return
	}
	r.posPage.Store(int64(r.hdr.Page))
	r.posGot.Store(int64(r.got))
	r.posTotal.Store(int64(r.hdr.Total))
}

func (r *receiver) ack(page uint16, off uint32) error {
	r.sinceAck = 0
	r.lastAck = time.Now()
	r.s.mu.Lock()
	r.s.stats.Acks++
	r.s.mu.Unlock()
	return r.s.send(r.c, ksp.DataAck, r.s.nextSeq(), ksp.PageOffset(page, off))
}

func (r *receiver) nak(page uint16, off uint32) error {
	r.nakOut, r.maxSince = true, 0
	r.s.mu.Lock()
	r.s.stats.Naks++
	r.s.mu.Unlock()
	return r.s.send(r.c, ksp.DataNak, r.s.nextSeq(), ksp.PageOffset(page, off))
}

// askAgain asks for the current page from its start (DATA_NAK(page, 0)): after a
// CRC-32 mismatch, or when the device moved on to a later page while this one is
// still owed. Repeated at most every 100 ms while frames of other pages arrive.
func (r *receiver) askAgain() error {
	if r.retrying && time.Since(r.lastMiss) < 100*time.Millisecond {
		return nil
	}
	if !r.retrying {
		r.s.mu.Lock()
		r.s.stats.PageRetries++
		r.s.mu.Unlock()
	}
	r.retrying, r.lastMiss, r.got, r.ooo = true, time.Now(), 0, nil
	return r.nak(r.hdr.Page, 0)
}

func (r *receiver) progress() {
	select { // progress may be skipped when Scan lags; pages and the end may not
	case r.out <- jobEvent{progress: Progress{Page: int(r.hdr.Page), Bytes: int64(r.got), Total: int64(r.hdr.Total)}}:
	default:
	}
}

// emit passes a page or the end to Scan, waiting for room.
func (r *receiver) emit(ev jobEvent) {
	select {
	case r.out <- ev:
	case <-r.quit:
	case <-r.c.down:
	}
}

func protocolErr(format string, a ...any) error {
	return newErr(CodeProtocol, "scan", fmt.Sprintf(format, a...), nil)
}

// handle processes one item; fin reports the end of the job, with its error.
func (r *receiver) handle(it jobItem) (fin bool, err error) {
	if it.bad {
		if r.active && r.got < r.hdr.Total && !r.nakOut {
			return false, r.nak(r.hdr.Page, r.got)
		}
		return false, nil
	}
	f := it.f
	switch f.Type {
	case ksp.PageBegin:
		h, err := ksp.ParsePageBegin(f.Payload)
		if err != nil {
			return true, protocolErr("%v", err)
		}
		if h.Total == 0 || h.Total > MaxPageBytes {
			go r.s.cancelQuietly() // not here: the reader must stay free to hear the ACK
			return true, protocolErr("page %d announced with %d bytes", h.Page, h.Total)
		}
		if h.Page <= r.lastDone {
			return false, nil // a page we already have, sent again
		}
		if r.active && h.Page == r.hdr.Page && h.Total == r.hdr.Total {
			r.got, r.nakOut, r.retrying, r.ooo = 0, false, false, nil // the device starts the page over
			return false, nil
		}
		if r.active && h.Page != r.hdr.Page {
			// The device moved on while this page is still owed: our DATA_NAK for
			// it is on its way, or its PAGE_END was lost.
			return false, r.askAgain()
		}
		r.active, r.hdr, r.got, r.sinceAck, r.nakOut, r.retrying, r.ooo = true, h, 0, 0, false, false, nil
		r.began = time.Now()
		r.buf = make([]byte, h.Total)
		r.progress()
	case ksp.Data:
		pg, off, chunk, err := ksp.ParseData(f.Payload)
		if err != nil {
			return false, nil // cannot even tell the page: as good as a damaged frame
		}
		if !r.active || pg != r.hdr.Page {
			switch {
			case r.active && pg > r.hdr.Page:
				return false, r.askAgain()
			case !r.active && pg > r.lastDone && time.Since(r.lastMiss) > 100*time.Millisecond:
				// DATA of a page whose PAGE_BEGIN we missed: ask for it from the start.
				r.lastMiss = time.Now()
				return false, r.nak(pg, 0)
			}
			return false, nil
		}
		switch {
		case off == r.got:
			if off == 0 {
				r.retrying = false
			}
			if uint64(off)+uint64(len(chunk)) > uint64(r.hdr.Total) {
				return false, r.nak(pg, r.got)
			}
			copy(r.buf[off:], chunk)
			r.got += uint32(len(chunk))
			r.nakOut = false
			r.sinceAck++
			// Frames that arrived after a gap fill in behind it: acknowledge at once
			// so that the device skips what it would otherwise send again.
			skipped := false
			for len(r.ooo) > 0 {
				c, ok := r.ooo[r.got]
				if !ok {
					break
				}
				copy(r.buf[r.got:], c)
				delete(r.ooo, r.got)
				r.got += uint32(len(c))
				skipped = true
			}
			if skipped {
				for k := range r.ooo {
					if k < r.got {
						delete(r.ooo, k)
					}
				}
			}
			if skipped || r.got == r.hdr.Total || r.sinceAck >= ackEvery {
				if err := r.ack(pg, r.got); err != nil {
					return true, err
				}
				r.progress()
			}
		case off < r.got:
			r.s.mu.Lock()
			r.s.stats.Duplicates++
			r.s.mu.Unlock()
			if time.Since(r.lastAck) > 20*time.Millisecond {
				// The device went back: perhaps it missed our last DATA_ACK.
				return false, r.ack(pg, r.got)
			}
		default: // a gap: keep the frame for when the gap is filled
			if uint64(off)+uint64(len(chunk)) <= uint64(r.hdr.Total) && len(r.ooo) < 2*16 {
				if r.ooo == nil {
					r.ooo = map[uint32][]byte{}
				}
				if _, dup := r.ooo[off]; !dup {
					r.ooo[off] = bytes.Clone(chunk)
				}
			}
			if !r.nakOut || off <= r.maxSince {
				err := r.nak(pg, r.got)
				r.maxSince = off
				return false, err
			}
			r.maxSince = off
		}
	case ksp.PageEnd:
		pg, crc, err := ksp.ParsePageEnd(f.Payload)
		if err != nil {
			return true, protocolErr("%v", err)
		}
		if pg == r.lastDone && pg != 0 {
			return false, r.ack(pg, r.doneTotal())
		}
		if !r.active || pg != r.hdr.Page {
			return false, nil
		}
		if r.got != r.hdr.Total {
			if r.retrying {
				return false, nil // the end of the copy we already asked for again
			}
			return false, r.nak(pg, r.got)
		}
		if crc32.ChecksumIEEE(r.buf) != crc {
			return false, r.askAgain()
		}
		if err := r.ack(pg, r.got); err != nil {
			return true, err
		}
		r.active = false
		r.lastDone = pg
		r.s.mu.Lock()
		r.s.stats.Pages++
		r.s.stats.PageBytes += int64(r.hdr.Total)
		r.s.stats.TransferTime += time.Since(r.began)
		r.s.mu.Unlock()
		r.delivered++
		format := "jpeg"
		if r.hdr.Format == ksp.FormatPNG {
			format = "png"
		}
		r.progress()
		r.emit(jobEvent{page: &Page{Number: int(pg), Width: int(r.hdr.Width), Height: int(r.hdr.Height), Format: format, Data: r.buf}})
		r.buf = nil
	case ksp.JobEnd:
		pages, status, err := ksp.ParseJobEnd(f.Payload)
		if err != nil {
			return true, protocolErr("%v", err)
		}
		return true, r.jobEnd(int(pages), status)
	case ksp.Error:
		code, text, _ := ksp.ParseError(f.Payload)
		r.devErr = fmt.Sprintf("device error %d: %s", code, text)
	}
	return false, nil
}

func (r *receiver) doneTotal() uint32 {
	if r.hdr.Page == r.lastDone {
		return r.hdr.Total
	}
	return 0
}

func (r *receiver) jobEnd(pages int, status byte) error {
	detail := r.devErr
	add := func(s string) string {
		if detail != "" {
			return s + "; " + detail
		}
		return s
	}
	switch status {
	case ksp.JobDone:
		if pages != r.delivered {
			return protocolErr("JOB_END says %d pages, %d arrived intact", pages, r.delivered)
		}
		return nil
	case ksp.JobNoPage:
		return newErr(CodeNoPaper, "scan", add("no page was fed"), nil)
	case ksp.JobJam:
		return newErr(CodeJam, "scan", add(fmt.Sprintf("paper jam after %d pages", r.delivered)), nil)
	case ksp.JobCancelled:
		return newErr(CodeCancelled, "scan", add("cancelled"), nil)
	case ksp.JobCoverOpened:
		return newErr(CodeCoverOpen, "scan", add("cover opened during the job"), nil)
	case ksp.JobTransferFault:
		return newErr(CodeTransferFailed, "scan", add(fmt.Sprintf("page %d could not be transferred", r.hdr.Page)), nil)
	}
	return protocolErr("JOB_END status %d", status)
}

// abandon cancels the job because ctx ended: CANCEL, then wait briefly for JOB_END.
func (r *receiver) abandon(ctx context.Context) error {
	r.s.cancelQuietly()
	t := time.NewTimer(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case ev := <-r.out:
			if ev.fin {
				return newErr(CodeCancelled, "scan", "", ctx.Err())
			}
		case <-t.C:
			return newErr(CodeCancelled, "scan", "device did not confirm", ctx.Err())
		case <-r.c.down:
			return newErr(CodeCancelled, "scan", "", ctx.Err())
		}
	}
}
