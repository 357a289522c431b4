package sim

import (
	"hash/crc32"
	"slices"
	"sync"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
)

// window is how many DATA frames the device sends ahead of the last ACK.
const window = 16

type ctlMsg struct {
	nak  bool
	page uint16
	off  uint32
}

type job struct {
	params ksp.ScanParams
	ctl    chan ctlMsg

	once   sync.Once
	stopCh chan struct{}
	status byte // JOB_END status when stopped; 0: stop silently (cable pulled)
}

func (j *job) stop(status byte) {
	j.once.Do(func() {
		j.status = status
		close(j.stopCh)
	})
}

// sleep waits d unless the job is stopped first; it reports whether it slept fully.
func (j *job) sleep(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-j.stopCh:
		return false
	}
}

func (s *Scanner) startScan(f ksp.Frame) {
	p, err := ksp.ParseScan(f.Payload)
	if err != nil {
		s.send(ksp.Error, f.Seq, ksp.ErrorPayload(ksp.ErrCodeBadParam, err.Error()))
		return
	}
	s.mu.Lock()
	code, text := byte(0), ""
	switch {
	case s.job != nil:
		code, text = ksp.ErrCodeBusy, "a job is running"
	case !slices.Contains(s.cfg.DPIs, int(p.DPI)):
		code, text = ksp.ErrCodeBadParam, "unsupported resolution"
	case p.Mode > ksp.ModeBW:
		code, text = ksp.ErrCodeBadParam, "unknown mode"
	case p.Source > ksp.SourceFeeder || (p.Source == ksp.SourceFeeder && s.cfg.NoFeeder):
		code, text = ksp.ErrCodeBadParam, "unsupported source"
	case p.Duplex && s.cfg.NoDuplex:
		code, text = ksp.ErrCodeBadParam, "duplex not supported"
	case s.jam:
		code, text = ksp.ErrCodeJam, "paper jam"
	case s.cover:
		code, text = ksp.ErrCodeCoverOpen, "cover open"
	case p.Source == ksp.SourceFeeder && s.sheets == 0:
		code, text = ksp.ErrCodeNoPaper, "feeder empty"
	case s.faults.Internal:
		s.faults.Internal = false
		code, text = ksp.ErrCodeInternal, "lamp failure"
	}
	if code != 0 {
		s.mu.Unlock()
		s.send(ksp.Error, f.Seq, ksp.ErrorPayload(code, text))
		return
	}
	j := &job{params: p, ctl: make(chan ctlMsg, 256), stopCh: make(chan struct{})}
	s.job = j
	done := make(chan struct{})
	s.jobDone = done
	s.lastPages = nil
	s.mu.Unlock()
	s.send(ksp.Ack, f.Seq, nil)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(done)
		s.run(j)
		s.release(j)
	}()
}

func (s *Scanner) release(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.job == j {
		s.job = nil
		s.warming = false
	}
}

func (s *Scanner) page(p ksp.ScanParams, n int) (PageImage, error) {
	if s.cfg.Pages != nil {
		return s.cfg.Pages(p, n)
	}
	return DocumentPage(int(p.DPI), p.Mode, n)
}

// run streams one job: pages until the feeder is empty (feeder) or one sheet
// (flatbed), each side a page when duplex.
func (s *Scanner) run(j *job) {
	sent := uint16(0)
	// pending is the page whose PAGE_END went out but whose verdict is not known
	// yet: the host answers a bad CRC-32 with DATA_NAK(page, 0) as soon as it sees
	// PAGE_END, so the verdict is in once the next page has been acknowledged (the
	// host's bytes arrive in order). Only the last page waits for the verdict.
	var pending *outPage
	confirm := func(p *outPage) {
		sent++
		s.mu.Lock()
		s.lastPages = append(s.lastPages, p.img)
		s.stats.PageBytes += int64(len(p.img.Data))
		s.mu.Unlock()
	}
	end := func(status byte) {
		if pending != nil && status != ksp.JobTransferFault {
			confirm(pending) // no complaint so far: the host most likely has it
		}
		s.release(j) // the device is idle again once it says JOB_END
		s.send(ksp.JobEnd, 0, ksp.JobEndPayload(sent, status))
	}
	s.mu.Lock()
	s.warming = s.cfg.WarmUp > 0
	noFeed := s.faults.NoFeed
	s.faults.NoFeed = false
	s.mu.Unlock()
	if !j.sleep(s.cfg.WarmUp) {
		if j.status != 0 {
			end(j.status)
		}
		return
	}
	s.mu.Lock()
	s.warming = false
	s.mu.Unlock()
	if noFeed {
		end(ksp.JobNoPage)
		return
	}
	sides := 1
	if j.params.Duplex {
		sides = 2
	}
	n := 0
	for sheet := 0; ; sheet++ {
		if j.params.Source == ksp.SourceFeeder {
			s.mu.Lock()
			empty := s.sheets == 0
			if !empty {
				s.sheets--
			}
			s.mu.Unlock()
			if empty {
				break
			}
		} else if sheet == 1 {
			break
		}
		for side := 0; side < sides; side++ {
			n++
			if n > 1 && !j.sleep(s.cfg.PageGap) {
				if j.status != 0 {
					end(j.status)
				}
				return
			}
			img, err := s.page(j.params, n)
			if err != nil {
				s.send(ksp.Error, 0, ksp.ErrorPayload(ksp.ErrCodeInternal, err.Error()))
				end(ksp.JobTransferFault)
				return
			}
			s.mu.Lock()
			last := side == sides-1 && (j.params.Source != ksp.SourceFeeder || s.sheets == 0)
			s.mu.Unlock()
			cur := &outPage{n: uint16(n), img: img}
			for {
				prev := uint16(0)
				if pending != nil {
					prev = pending.n
				}
				st := s.sendPage(j, cur, prev, last)
				if st == pageBack {
					// The host wants the previous page again.
					pending.retries++
					if pending.retries > 3 {
						s.send(ksp.Error, 0, ksp.ErrorPayload(ksp.ErrCodeInternal, "page transfer failed"))
						end(ksp.JobTransferFault)
						return
					}
					if st2 := s.sendPage(j, pending, 0, false); st2 != pageOK {
						if st2 != pageGone {
							end(byte(st2))
						}
						return
					}
					continue // then this page again, from its PAGE_BEGIN
				}
				switch st {
				case pageOK:
					if pending != nil {
						confirm(pending)
					}
					pending = cur
					if last {
						confirm(cur)
						pending = nil
					}
				case pageGone:
					if pending != nil {
						confirm(pending) // for LastJobPages: the host most likely has it
					}
					return
				default:
					end(byte(st))
					return
				}
				break
			}
		}
	}
	end(ksp.JobDone)
}

// outPage is a page of the running job as the device sends it.
type outPage struct {
	n       uint16
	img     PageImage
	retries int // times the host asked for it again after PAGE_END
}

// page outcomes: pageOK, pageGone, pageBack (the host asked for the previous page
// again), or a JOB_END status.
const (
	pageOK   = -1
	pageGone = -2
	pageBack = -3
)

// sendPage transfers one page with the windowed protocol and returns its outcome.
// prev is the page before it whose verdict is still open (0: none); last says that
// no page follows, so the verdict on this one is awaited here.
func (s *Scanner) sendPage(j *job, p *outPage, prev uint16, last bool) int {
	n, img := p.n, p.img
	data := img.Data
	total := uint32(len(data))
	crc := crc32.ChecksumIEEE(data)
	begin := ksp.PageHeader{Page: n, Width: uint16(img.Width), Height: uint16(img.Height), Format: img.Format, Total: total}.Marshal()
	s.mu.Lock()
	skipBegin := s.faults.LosePageBegin > 0
	if skipBegin {
		s.faults.LosePageBegin--
	}
	s.mu.Unlock()
	if !skipBegin && s.send(ksp.PageBegin, 0, begin) != nil {
		return pageGone
	}
	var acked, next, highest uint32
	needBegin := false // going back to offset 0: the host may have missed PAGE_BEGIN
	back := false      // the host asked for page prev again
	stalled := false
	resend := time.NewTimer(s.cfg.Resend)
	defer resend.Stop()
	apply := func(m ctlMsg) {
		if m.nak && m.off == 0 && prev != 0 && m.page == prev {
			back = true
			return
		}
		if m.page != n {
			return
		}
		if m.nak {
			if m.off <= total {
				acked, next = m.off, m.off
				needBegin = needBegin || m.off == 0
			}
			return
		}
		if m.off > acked && m.off <= total {
			// The host may acknowledge past what was just resent (it kept the
			// frames that followed a gap): skip ahead.
			acked = m.off
			next = max(next, acked)
		}
	}
	stopped := func() int {
		if j.status == 0 {
			return pageGone
		}
		return int(j.status)
	}
	batch := make([]byte, 0, batchBytes+ksp.MaxFrame+64)
	enc := encodedFrames(n, data)
	for {
		// Fill the window; frames go out in batches of up to batchBytes (one write
		// each) unless the line is paced, then one at a time.
		batch = batch[:0]
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := s.write(batch)
			batch = batch[:0]
			return err
		}
		for next < total && (next-acked+ksp.MaxData-1)/ksp.MaxData < window {
			select {
			case <-j.stopCh:
				return stopped()
			case m := <-j.ctl:
				apply(m)
				if back {
					return pageBack
				}
				continue
			default:
			}
			s.mu.Lock()
			fl := s.faults
			s.mu.Unlock()
			if (int(n) == fl.JamPage && int(next) >= fl.JamAt) || (int(n) == fl.PullPage && int(next) >= fl.PullAt) ||
				(!stalled && int(n) == fl.StallPage && int(next) >= fl.StallAt) {
				if flush() != nil {
					return pageGone
				}
			}
			if int(n) == fl.JamPage && int(next) >= fl.JamAt {
				s.mu.Lock()
				s.jam = true
				s.faults.JamPage = 0
				s.mu.Unlock()
				return int(ksp.JobJam)
			}
			if int(n) == fl.PullPage && int(next) >= fl.PullAt {
				s.mu.Lock()
				s.faults.PullPage = 0
				s.mu.Unlock()
				go s.Pull()
				<-j.stopCh
				return pageGone
			}
			if !stalled && int(n) == fl.StallPage && int(next) >= fl.StallAt && fl.Stall > 0 {
				stalled = true
				if !j.sleep(fl.Stall) {
					return stopped()
				}
				// Whatever the host said meanwhile is stale or already applied.
			}
			if needBegin {
				needBegin = false
				if flush() != nil || s.send(ksp.PageBegin, 0, begin) != nil {
					return pageGone
				}
			}
			end := min(next+ksp.MaxData, total)
			if next < highest {
				s.mu.Lock()
				s.stats.Resent++
				s.mu.Unlock()
			}
			batch = s.appendData(batch, enc, n, next, data[next:end])
			if len(batch) >= batchBytes || s.cfg.Pace {
				if flush() != nil {
					return pageGone
				}
			}
			next = end
			highest = max(highest, next)
		}
		if flush() != nil {
			return pageGone
		}
		if acked == total {
			// Every byte acknowledged: the host has also judged the previous page.
			// Drain stale acknowledgements, then PAGE_END.
			drain(j.ctl)
			if back {
				return pageBack
			}
			s.mu.Lock()
			sendCRC := crc
			if s.faults.BadPageCRC > 0 {
				s.faults.BadPageCRC--
				sendCRC ^= 0x5A5A5A5A
			}
			lose := s.faults.LosePageEnd > 0
			if lose {
				s.faults.LosePageEnd--
			}
			s.mu.Unlock()
			if !lose && s.send(ksp.PageEnd, 0, ksp.PageEndPayload(n, sendCRC)) != nil {
				return pageGone
			}
			if !last {
				return pageOK // the verdict comes while the next page goes out
			}
			switch s.awaitVerdict(j, n, total) {
			case verdictOK:
				return pageOK
			case verdictStopped:
				return stopped()
			}
			p.retries++
			if p.retries > 3 {
				s.send(ksp.Error, 0, ksp.ErrorPayload(ksp.ErrCodeInternal, "page transfer failed"))
				return int(ksp.JobTransferFault)
			}
			acked, next, needBegin = 0, 0, true
			continue
		}
		// Wait for the host.
		if !resend.Stop() {
			select {
			case <-resend.C:
			default:
			}
		}
		resend.Reset(s.cfg.Resend)
		waitStart := time.Now()
		select {
		case <-j.stopCh:
			return stopped()
		case m := <-j.ctl:
			apply(m)
			if back {
				return pageBack
			}
		case <-resend.C:
			next = acked
			needBegin = needBegin || acked == 0
		}
		if next < total {
			s.mu.Lock()
			s.stats.WindowFull++
			s.stats.WindowWait += time.Since(waitStart)
			s.mu.Unlock()
		}
	}
}

const (
	verdictOK = iota
	verdictAgain
	verdictStopped
)

// awaitVerdict waits for the host's word on the last PAGE_END of a job: a
// DATA_ACK(page, total) accepts it, a DATA_NAK(page, 0) asks for it again, and
// silence for VerdictWait counts as acceptance (a host that does not confirm).
func (s *Scanner) awaitVerdict(j *job, n uint16, total uint32) int {
	t := time.NewTimer(s.cfg.VerdictWait)
	defer t.Stop()
	for {
		select {
		case <-j.stopCh:
			return verdictStopped
		case <-t.C:
			return verdictOK
		case m := <-j.ctl:
			if m.page != n {
				continue
			}
			if m.nak && m.off == 0 {
				return verdictAgain
			}
			if !m.nak && m.off == total {
				return verdictOK
			}
		}
	}
}

func drain(c chan ctlMsg) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

// batchBytes is how much the device writes to the line at once when not paced.
const batchBytes = 32 << 10

// appendData appends one DATA frame to buf, applying the frame faults. enc holds
// the page's frames encoded in advance (see encodedFrames).
func (s *Scanner) appendData(buf, enc []byte, n uint16, off uint32, chunk []byte) []byte {
	s.mu.Lock()
	s.stats.DataFrames++
	var garbage []byte
	if s.faults.GarbageRate > 0 && s.rng.Float64() < s.faults.GarbageRate {
		garbage = make([]byte, 1+s.rng.IntN(40))
		for i := range garbage {
			garbage[i] = byte(s.rng.IntN(256))
			if i > 0 && garbage[i-1] == ksp.Sync0 && garbage[i] == ksp.Sync1 {
				garbage[i] = 0 // a stray SYNC pair would swallow the next frame
			}
		}
		if garbage[len(garbage)-1] == ksp.Sync0 {
			garbage[len(garbage)-1] = 0
		}
	}
	drop := s.faults.DropRate > 0 && s.rng.Float64() < s.faults.DropRate
	corrupt := !drop && s.faults.CorruptRate > 0 && s.rng.Float64() < s.faults.CorruptRate
	if drop {
		s.stats.Dropped++
	}
	var flip int
	if corrupt {
		s.stats.Corrupted++
		flip = ksp.HeaderLen + 6 + s.rng.IntN(len(chunk))
	}
	s.mu.Unlock()
	if drop {
		return buf
	}
	buf = append(buf, garbage...)
	start := len(buf)
	const full = ksp.MaxData + ksp.Overhead + 6
	if i := int(off) / ksp.MaxData; int(off)%ksp.MaxData == 0 && i*full < len(enc) {
		buf = append(buf, enc[i*full:min((i+1)*full, len(enc))]...)
	} else {
		buf = ksp.AppendDataFrame(buf, n, off, chunk)
	}
	if corrupt {
		buf[start+flip] ^= 0x20
	}
	return buf
}

// Frames encoded in advance, per page: a device computes its CRCs in hardware
// while it scans, so the simulator should not spend the host's CPU on them during
// the transfer. Keyed by page number and the page file's first byte's address.
var (
	encMu    sync.Mutex
	encCache = map[encKey][]byte{}
)

type encKey struct {
	page uint16
	data *byte
	size int
}

// encodedFrames returns every DATA frame of page n, back to back: frame i (offset
// i*4000) starts at i*(4000+14).
func encodedFrames(n uint16, data []byte) []byte {
	if len(data) == 0 {
		return nil
	}
	k := encKey{n, &data[0], len(data)}
	encMu.Lock()
	defer encMu.Unlock()
	if enc, ok := encCache[k]; ok {
		return enc
	}
	if len(encCache) >= 64 {
		clear(encCache)
	}
	frames := (len(data) + ksp.MaxData - 1) / ksp.MaxData
	enc := make([]byte, 0, len(data)+frames*(ksp.Overhead+6))
	for off := 0; off < len(data); off += ksp.MaxData {
		enc = ksp.AppendDataFrame(enc, n, uint32(off), data[off:min(off+ksp.MaxData, len(data))])
	}
	encCache[k] = enc
	return enc
}
