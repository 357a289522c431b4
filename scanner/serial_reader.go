package scanner

import (
	"bytes"
	"errors"
	"io"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
)

// jobItem is a frame of the job stream, or a notice that a frame arrived damaged.
type jobItem struct {
	f   ksp.Frame
	bad bool
}

// toJob hands an item to the running job's receiver. The reader goroutine runs
// the page transfer itself (acknowledging without a goroutine hop per frame); the
// receiver passes pages and the outcome on to Scan.
func (s *Serial) toJob(r *receiver, it jobItem) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last.Store(time.Now().UnixNano())
	if r.finished {
		return
	}
	fin, err := r.handle(it)
	r.publish()
	if fin {
		r.finished = true
		r.emit(jobEvent{fin: true, err: err})
	}
}

// readBufBytes is the size of one read off the line: a whole window of DATA frames
// (16 × 4,000 bytes) fits, so a read takes all the driver holds (a Linux pty hands
// over at most 4 kB per read; a USB-serial driver may have buffered more).
const readBufBytes = 64 << 10

// readLoop reads c until it ends and dispatches each frame (answers to the pending
// command, the job stream, events) as soon as its bytes are read, on the same
// goroutine: a second goroutine to decode cost a wake-up per read on both sides of a
// channel, and on a loaded two-core PC the overlap it bought was lost to scheduling
// (every DATA_ACK waited for that hop).
func (s *Serial) readLoop(c *conn) {
	defer close(c.done)
	dec := ksp.Decoder{Alias: true} // frames are handled before the next Write
	buf := make([]byte, readBufBytes)
	live := true
	fast := 0
	for {
		t0 := time.Now()
		n, err := c.port.Read(buf)
		select {
		case <-c.down:
			return
		default:
		}
		if n > 0 {
			fast = 0
			if live {
				dec.Write(buf[:n])
				live = s.drain(c, &dec)
			}
		}
		if err != nil && !errors.Is(err, io.EOF) {
			s.lost(c, err)
			return
		}
		if n == 0 {
			// A read timeout takes ReadTimeout; an empty read much sooner is a
			// hang-up (the device vanished). Confirm with the device node.
			if time.Since(t0) < s.opts.ReadTimeout/4 {
				fast++
				if serr := nodeGone(s.path); serr != nil {
					s.lost(c, serr)
					return
				}
				if fast >= 5 {
					s.lost(c, errors.New("line hung up"))
					return
				}
			} else {
				fast = 0
			}
		}
	}
}

// drain dispatches every complete frame; it returns false when c ended meanwhile.
func (s *Serial) drain(c *conn, dec *ksp.Decoder) bool {
	for {
		f, err := dec.Next()
		if errors.Is(err, ksp.ErrIncomplete) {
			s.mu.Lock()
			s.stats.Garbage = dec.Discarded
			s.mu.Unlock()
			return true
		}
		if err != nil {
			s.mu.Lock()
			s.stats.BadFrames++
			job := s.job
			s.mu.Unlock()
			if job != nil {
				s.toJob(job, jobItem{bad: true})
			}
			continue
		}
		s.mu.Lock()
		s.stats.Frames++
		s.mu.Unlock()
		if !s.dispatch(c, f) {
			return false
		}
	}
}

func (s *Serial) dispatch(c *conn, f ksp.Frame) bool {
	switch f.Type {
	case ksp.Info, ksp.State, ksp.Ack, ksp.Error:
		s.mu.Lock()
		ch := s.pending[f.Seq]
		job := s.job
		s.mu.Unlock()
		if f.Seq != 0 && ch != nil {
			f.Payload = bytes.Clone(f.Payload) // it outlives the decoder's buffer
			select {
			case ch <- f:
			default:
			}
			return true
		}
		if f.Type == ksp.Error && len(f.Payload) > 0 && f.Payload[0] == ksp.ErrCodeBadFrame {
			select {
			case s.badFrame <- struct{}{}:
			default:
			}
			return true
		}
		if f.Type == ksp.Error && job != nil {
			s.toJob(job, jobItem{f: f})
			return true
		}
		s.opts.Logf("scanner: unexpected %v", f)
	case ksp.PageBegin, ksp.Data, ksp.PageEnd, ksp.JobEnd:
		s.mu.Lock()
		job := s.job
		s.mu.Unlock()
		if job != nil {
			s.toJob(job, jobItem{f: f})
		}
	case ksp.Event:
		if len(f.Payload) < 1 {
			return true
		}
		var k EventKind
		switch f.Payload[0] {
		case ksp.EvPaperIn:
			k = EventPaperIn
		case ksp.EvPaperOut:
			k = EventPaperOut
		case ksp.EvButton:
			k = EventButton
		case ksp.EvCoverOpened:
			k = EventCoverOpened
		case ksp.EvCoverClosed:
			k = EventCoverClosed
		default:
			s.opts.Logf("scanner: unknown event %d", f.Payload[0])
			return true
		}
		s.emit(Event{Kind: k})
	default:
		s.opts.Logf("scanner: unexpected %v", f)
	}
	return true
}

// lost ends c because the device vanished.
func (s *Serial) lost(c *conn, err error) {
	e := newErr(CodeGone, "", s.path, err)
	if !c.end(e, false) || c.quiet {
		return
	}
	s.mu.Lock()
	if s.cur == c {
		s.cur = nil
	}
	closed := s.closed
	reconnect := !closed && s.opts.Reconnect > 0
	if reconnect {
		s.bg.Add(1)
	}
	s.mu.Unlock()
	if closed {
		return
	}
	s.opts.Logf("scanner: %s gone: %v", s.path, err)
	s.emit(Event{Kind: EventGone, Err: e})
	if reconnect {
		go s.reconnectLoop()
	}
}
