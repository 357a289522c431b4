package ksp

import "encoding/binary"

// Decoder turns a byte stream into frames. Bytes other than SYNC between frames are
// discarded; a frame with LEN > MaxPayload or a bad CRC is dropped whole and the hunt
// for SYNC resumes one byte after the SYNC it started from. A Decoder is not safe for
// concurrent use.
type Decoder struct {
	buf   []byte
	start int

	// Discarded counts bytes skipped while hunting for SYNC.
	Discarded int64
	// Dropped counts frames dropped for a bad CRC or length.
	Dropped int64
	// Alias makes Next return payloads that share the decoder's buffer: valid
	// only until the next Write, but free of a copy per frame.
	Alias bool
}

func (d *Decoder) compact() {
	if d.start > 0 && d.start >= len(d.buf)/2 {
		n := copy(d.buf, d.buf[d.start:])
		d.buf = d.buf[:n]
		d.start = 0
	}
}

// Write appends received bytes; it never fails.
func (d *Decoder) Write(p []byte) (int, error) {
	d.compact()
	d.buf = append(d.buf, p...)
	return len(p), nil
}

// Buffered reports how many received bytes are not yet consumed.
func (d *Decoder) Buffered() int { return len(d.buf) - d.start }

// Reset forgets every buffered byte (after the line changed speed, for instance).
func (d *Decoder) Reset() { d.buf, d.start = d.buf[:0], 0 }

// Next returns the next complete frame. Its payload is a fresh copy the caller may
// keep, unless Alias is set. It returns ErrIncomplete when more bytes are needed, and ErrBadCRC or
// ErrTooLong when it dropped a frame (call Next again to continue).
func (d *Decoder) Next() (Frame, error) {
	b := d.buf[d.start:]
	// Hunt for SYNC.
	i := 0
	for i < len(b) && !(b[i] == Sync0 && (i+1 == len(b) || b[i+1] == Sync1)) {
		i++
	}
	d.Discarded += int64(i)
	d.start += i
	b = b[i:]
	if len(b) < HeaderLen {
		return Frame{}, ErrIncomplete
	}
	n := int(binary.BigEndian.Uint16(b[4:6]))
	if n > MaxPayload {
		d.start++
		d.Dropped++
		return Frame{}, ErrTooLong
	}
	if len(b) < HeaderLen+n+2 {
		return Frame{}, ErrIncomplete
	}
	want := binary.BigEndian.Uint16(b[HeaderLen+n:])
	if CRC16(b[2:HeaderLen+n]) != want {
		d.start++
		d.Dropped++
		return Frame{}, ErrBadCRC
	}
	payload := b[HeaderLen : HeaderLen+n : HeaderLen+n]
	if !d.Alias {
		payload = append([]byte(nil), payload...)
	}
	f := Frame{Type: b[2], Seq: b[3], Payload: payload}
	d.start += HeaderLen + n + 2
	return f, nil
}
