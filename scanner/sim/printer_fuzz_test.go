package sim

import "testing"

// Whatever a host sends, the simulated printer decodes it without panicking and
// keeps no more than one command's worth of bytes waiting.
func FuzzEscposDecoder(f *testing.F) {
	f.Add([]byte{0x1B, '@', 0x1D, 'v', '0', 0, 2, 0, 1, 0, 0xFF, 0x0F, 0x10, 0x04, 4, 0x1D, 'V', 66, 10})
	f.Add([]byte("HELLO\n\x1bJ\x05\x1dV\x00"))
	f.Add([]byte{0x1D, 'v', '0', 0, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &Printer{cfg: PrinterConfig{NearEndRows: 2000, Logf: func(string, ...any) {}}, paperLeft: -1}
		d := &escposDecoder{p: p}
		for len(b) > 0 {
			n := min(len(b), 7)
			d.feed(b[:n])
			b = b[n:]
		}
		if len(d.pending) > maxPending+7 {
			t.Fatalf("%d bytes pending", len(d.pending))
		}
	})
}
