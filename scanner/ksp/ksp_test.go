package ksp

import (
	"bytes"
	"errors"
	"testing"
)

func TestCRC16CheckValue(t *testing.T) {
	// The catalogue check value of CRC-16/CCITT-FALSE.
	if got := CRC16([]byte("123456789")); got != 0x29B1 {
		t.Fatalf("CRC16(123456789) = %#04x, want 0x29b1", got)
	}
}

func TestFrameBytes(t *testing.T) {
	got := AppendFrame(nil, Hello, 7, nil)
	crc := CRC16([]byte{Hello, 7, 0, 0})
	want := []byte{0xA5, 0x5A, 0x01, 0x07, 0x00, 0x00, byte(crc >> 8), byte(crc)}
	if !bytes.Equal(got, want) {
		t.Fatalf("HELLO frame = % x, want % x", got, want)
	}
}

func decodeAll(t *testing.T, d *Decoder) (frames []Frame, bad int) {
	t.Helper()
	for {
		f, err := d.Next()
		switch {
		case err == nil:
			frames = append(frames, f)
		case errors.Is(err, ErrIncomplete):
			return frames, bad
		default:
			bad++
		}
	}
}

func TestDecoderResync(t *testing.T) {
	a := AppendFrame(nil, Info, 1, []byte("model=X"))
	b := AppendFrame(nil, State, 2, []byte{FlagPaper})
	c := AppendFrame(nil, Ack, 3, nil)
	corrupt := append([]byte(nil), b...)
	corrupt[7] ^= 0xFF
	long := []byte{0xA5, 0x5A, 0x81, 0, 0x20, 0x00} // LEN 8192
	var stream []byte
	stream = append(stream, 0x00, 0xA5, 0x13, 0x5A) // garbage, including half a SYNC
	stream = append(stream, a...)
	stream = append(stream, corrupt...)
	stream = append(stream, long...)
	stream = append(stream, 0xA5) // a lone SYNC byte
	stream = append(stream, c...)
	stream = append(stream, b...)

	// Feed one byte at a time: the decoder must not depend on chunking.
	var d Decoder
	var frames []Frame
	bad := 0
	for _, x := range stream {
		d.Write([]byte{x})
		fs, n := decodeAll(t, &d)
		frames = append(frames, fs...)
		bad += n
	}
	if len(frames) != 3 || frames[0].Type != Info || frames[1].Type != Ack || frames[2].Type != State {
		t.Fatalf("frames = %v", frames)
	}
	if string(frames[0].Payload) != "model=X" || frames[0].Seq != 1 {
		t.Fatalf("INFO frame = %+v", frames[0])
	}
	if bad != 2 || d.Dropped != 2 {
		t.Fatalf("dropped %d (counter %d), want 2 (bad CRC, too long)", bad, d.Dropped)
	}
	if d.Discarded == 0 {
		t.Fatalf("garbage not counted")
	}
}

func TestDecoderFrameInsideDroppedFrame(t *testing.T) {
	// A frame whose CRC is bad because it was cut short: the real frame that follows
	// inside its claimed length must still be found (hunt resumes after the SYNC).
	inner := AppendFrame(nil, Event, 0, []byte{EvButton})
	stream := append([]byte{0xA5, 0x5A, Info, 0, 0x00, 0x10}, inner...)
	stream = append(stream, make([]byte, 16)...)
	var d Decoder
	d.Write(stream)
	frames, _ := decodeAll(t, &d)
	if len(frames) != 1 || frames[0].Type != Event || frames[0].Payload[0] != EvButton {
		t.Fatalf("frames = %v", frames)
	}
}

func TestPayloadRoundTrips(t *testing.T) {
	sp := ScanParams{DPI: 300, Mode: ModeColor, Source: SourceFeeder, Duplex: true}
	if got, err := ParseScan(sp.Marshal()); err != nil || got != sp {
		t.Fatalf("scan %+v %v", got, err)
	}
	ph := PageHeader{Page: 2, Width: 1654, Height: 2339, Format: FormatJPEG, Total: 123456}
	if got, err := ParsePageBegin(ph.Marshal()); err != nil || got != ph {
		t.Fatalf("page begin %+v %v", got, err)
	}
	fr := AppendDataFrame(nil, 3, 8000, []byte("abc"))
	var d Decoder
	d.Write(fr)
	f, err := d.Next()
	if err != nil || f.Type != Data {
		t.Fatalf("data frame: %v %v", f, err)
	}
	pg, off, chunk, err := ParseData(f.Payload)
	if err != nil || pg != 3 || off != 8000 || string(chunk) != "abc" {
		t.Fatalf("data %d %d %q %v", pg, off, chunk, err)
	}
	if p, o, err := ParsePageOffset(PageOffset(4, 1<<20)); err != nil || p != 4 || o != 1<<20 {
		t.Fatalf("page offset %d %d %v", p, o, err)
	}
	if p, c, err := ParsePageEnd(PageEndPayload(5, 0xDEADBEEF)); err != nil || p != 5 || c != 0xDEADBEEF {
		t.Fatalf("page end %d %x %v", p, c, err)
	}
	if n, s, err := ParseJobEnd(JobEndPayload(9, JobJam)); err != nil || n != 9 || s != JobJam {
		t.Fatalf("job end %d %d %v", n, s, err)
	}
	if c, s, err := ParseError(ErrorPayload(ErrCodeBusy, "bận")); err != nil || c != ErrCodeBusy || s != "bận" {
		t.Fatalf("error %d %q %v", c, s, err)
	}
	if b, err := ParseBaud(BaudPayload(921600)); err != nil || b != 921600 {
		t.Fatalf("baud %d %v", b, err)
	}
	m, err := ParseInfo(FormatInfo("model", "KS-1", "dpi", "100,200"))
	if err != nil || m["model"] != "KS-1" || m["dpi"] != "100,200" {
		t.Fatalf("info %v %v", m, err)
	}
	if _, err := ParseInfo([]byte("model=x;junk")); err == nil {
		t.Fatal("INFO item without = accepted")
	}
	for name, fn := range map[string]func() error{
		"scan":  func() error { _, err := ParseScan([]byte{1}); return err },
		"begin": func() error { _, err := ParsePageBegin(make([]byte, 10)); return err },
		"data":  func() error { _, _, _, err := ParseData(make([]byte, 6)); return err },
		"ack":   func() error { _, _, err := ParsePageOffset(make([]byte, 5)); return err },
		"end":   func() error { _, _, err := ParsePageEnd(nil); return err },
		"job":   func() error { _, _, err := ParseJobEnd([]byte{0, 1}); return err },
		"error": func() error { _, _, err := ParseError(nil); return err },
		"baud":  func() error { _, err := ParseBaud([]byte{1, 2}); return err },
	} {
		if err := fn(); !errors.Is(err, ErrShort) {
			t.Errorf("%s: short payload gave %v", name, err)
		}
	}
}

// FuzzDecoder: whatever arrives, the decoder never panics, never returns a frame
// whose CRC does not verify, and finds every valid frame that follows the noise.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte{})
	f.Add(AppendFrame(nil, Info, 1, []byte("model=KS;fw=1")))
	f.Add(append([]byte{0xA5, 0xA5, 0x5A, 0xFF, 0xFF}, AppendFrame(nil, Ack, 9, nil)...))
	f.Add(AppendDataFrame(nil, 1, 0, bytes.Repeat([]byte{0xA5, 0x5A}, 100)))
	f.Add([]byte{0xA5, 0x5A, 0x81, 0x00, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, noise []byte) {
		var d Decoder
		d.Write(noise)
		for {
			fr, err := d.Next()
			if errors.Is(err, ErrIncomplete) {
				break
			}
			if err != nil {
				continue
			}
			if len(fr.Payload) > MaxPayload {
				t.Fatalf("frame with %d bytes", len(fr.Payload))
			}
		}
		if d.Buffered() > MaxFrame {
			t.Fatalf("decoder holds %d bytes without a frame", d.Buffered())
		}
		// After the noise, a valid frame must come through, possibly after the
		// decoder drains a frame the noise began (bounded by MaxFrame bytes).
		tail := AppendFrame(nil, Event, 0, []byte{EvButton})
		d.Write(make([]byte, MaxFrame)) // zeros complete any pending header
		d.Write(tail)
		found := false
		for {
			fr, err := d.Next()
			if errors.Is(err, ErrIncomplete) {
				break
			}
			if err == nil && fr.Type == Event && len(fr.Payload) == 1 && fr.Payload[0] == EvButton {
				found = true
			}
		}
		if !found {
			t.Fatalf("valid frame after %d noise bytes not found", len(noise))
		}
	})
}

func TestCRC16SlicedMatchesBytewise(t *testing.T) {
	data := make([]byte, 4100)
	for i := range data {
		data[i] = byte(i*7 + i>>3)
	}
	for n := 0; n <= len(data); n += 1 + n/3 {
		if a, b := CRC16(data[:n]), crc16Bytewise(0xFFFF, data[:n]); a != b {
			t.Fatalf("len %d: sliced %#04x, bytewise %#04x", n, a, b)
		}
	}
}

func BenchmarkCRC16(b *testing.B) {
	data := make([]byte, MaxData)
	b.SetBytes(MaxData)
	for b.Loop() {
		CRC16(data)
	}
}

func TestDecoderAlias(t *testing.T) {
	d := Decoder{Alias: true}
	d.Write(AppendFrame(nil, Info, 1, []byte("abc")))
	d.Write(AppendFrame(nil, Info, 2, []byte("xyz")))
	f1, err1 := d.Next()
	f2, err2 := d.Next()
	if err1 != nil || err2 != nil || string(f1.Payload) != "abc" || string(f2.Payload) != "xyz" {
		t.Fatalf("%v %v %q %q", err1, err2, f1.Payload, f2.Payload)
	}
	if cap(f1.Payload) != len(f1.Payload) {
		t.Fatal("an aliased payload must not allow appending over the next frame")
	}
}
