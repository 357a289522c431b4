package sim

import (
	"image"
	"math/rand/v2"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// escposDecoder turns the byte stream into printer actions. Commands may arrive
// split across reads: an incomplete one waits in pending for the rest.
type escposDecoder struct {
	p       *Printer
	pending []byte
	text    []byte // the text line being collected (printed at LF)
	rng     *rand.Rand
	raw     bool         // DLE EOT is answered by the raw scan (Printer.rawRealTime), not here
	late    func([]byte) // sends an answer LateAnswer from now (StatusLate)
	since   int          // bytes since the last cut or ESC @ (the slip's bytes)
	restart bool         // the command just decoded starts the count afresh
}

const maxPending = 1 << 20 // GS v 0 of 576 × 65535 rows would be 4.7 MB; receipts are far smaller

// feed takes bytes from the line and returns what the printer answers.
func (d *escposDecoder) feed(b []byte) []byte {
	p := d.p
	p.mu.Lock()
	defer p.mu.Unlock()
	d.pending = append(d.pending, b...)
	var reply []byte
	for len(d.pending) > 0 {
		n, r := d.command(d.pending)
		if n == 0 { // incomplete
			if len(d.pending) > maxPending {
				p.cfg.Logf("printer sim: dropping %d bytes of an oversized command", len(d.pending))
				d.pending = d.pending[:0]
			}
			break
		}
		d.since += n
		if d.restart {
			d.since, d.restart = 0, false
		}
		reply = append(reply, r...)
		d.pending = d.pending[n:]
	}
	if len(d.pending) == 0 {
		d.pending = nil
	}
	return reply
}

// command decodes the command at the start of b: how many bytes it took (0 when
// incomplete) and the answer, if any. Called with p.mu held.
func (d *escposDecoder) command(b []byte) (int, []byte) {
	p := d.p
	need := func(n int) bool { return len(b) >= n }
	switch b[0] {
	case 0x10: // DLE
		if !need(3) {
			return 0, nil
		}
		switch b[1] {
		case 0x04: // DLE EOT n
			p.statusN++
			if p.page != nil {
				p.page.Status++
			}
			if d.raw {
				return 3, nil
			}
			switch p.mode {
			case StatusMute:
				return 3, nil
			case StatusLate:
				if d.late != nil {
					d.late([]byte{p.statusByteLocked(b[2])})
				}
				return 3, nil
			case StatusGarbage, StatusNoisy:
				if d.rng == nil {
					d.rng = rand.New(rand.NewPCG(1, 2))
				}
				noise := []byte{0xFF, 0x00, 0x81, 0x6D, 0xE5}
				out := append([]byte(nil), noise[:1+d.rng.IntN(len(noise))]...)
				if p.mode == StatusNoisy {
					out = append(out, p.statusByteLocked(b[2]))
				}
				return 3, out
			}
			return 3, []byte{p.statusByteLocked(b[2])}
		case 0x05, 0x14: // DLE ENQ n, DLE DC4 fn m t: real-time requests we ignore
			if b[1] == 0x14 {
				if !need(5) {
					return 0, nil
				}
				return 5, nil
			}
			return 3, nil
		}
		p.slipLocked().Unknown++
		return 1, nil
	case 0x1B: // ESC
		if !need(2) {
			return 0, nil
		}
		switch b[1] {
		case '@':
			d.text = d.text[:0]
			d.since = 0 // the job starts here: stray polls before it are not the slip's
			return 2, nil
		case 'J': // feed n dots
			if !need(3) {
				return 0, nil
			}
			d.flushText()
			p.printRowsLocked(blankRows(int(b[2])))
			return 3, nil
		case 'd': // feed n lines
			if !need(3) {
				return 0, nil
			}
			d.flushText()
			p.printRowsLocked(blankRows(int(b[2]) * 30))
			return 3, nil
		case '2':
			return 2, nil
		case '3', 'a', 'E', '!', 't', '-', 'M', 'G', 'R', 'r', 'c', 'V', '{', ' ':
			if !need(3) {
				return 0, nil
			}
			return 3, nil
		}
		p.slipLocked().Unknown += 2
		return 2, nil
	case 0x1D: // GS
		if !need(2) {
			return 0, nil
		}
		switch b[1] {
		case 'V': // cut
			if !need(3) {
				return 0, nil
			}
			n := 3
			if b[2] == 65 || b[2] == 66 {
				if !need(4) {
					return 0, nil
				}
				n = 4
				d.flushText()
				p.printRowsLocked(blankRows(int(b[3])))
			}
			d.flushText()
			kind := "full"
			if b[2] == 1 || b[2] == 49 || b[2] == 66 {
				kind = "partial"
			}
			p.slipLocked().Bytes = d.since + n
			p.cutLocked(kind)
			d.restart = true
			return n, nil
		case 'v': // GS v 0 m xL xH yL yH d1...dk
			if !need(8) {
				return 0, nil
			}
			if b[2] != '0' {
				p.slipLocked().Unknown += 2
				return 2, nil
			}
			wb := int(b[4]) | int(b[5])<<8
			h := int(b[6]) | int(b[7])<<8
			if !need(8 + wb*h) {
				return 0, nil
			}
			d.flushText()
			rows := make([][]byte, h)
			for y := range rows {
				rows[y] = append([]byte(nil), b[8+y*wb:8+(y+1)*wb]...)
			}
			p.slipLocked().Bands++
			p.printRowsLocked(rows)
			return 8 + wb*h, nil
		case '!', 'B', 'L', 'W', 'a', 'f', 'h', 'w', 'H':
			if !need(3) {
				return 0, nil
			}
			return 3, nil
		}
		p.slipLocked().Unknown += 2
		return 2, nil
	case '\n':
		d.flushTextForce()
		return 1, nil
	case '\r':
		return 1, nil
	}
	if b[0] >= 0x20 {
		d.text = append(d.text, b[0])
		return 1, nil
	}
	p.slipLocked().Unknown++
	return 1, nil
}

// flushText prints a pending text line before graphics (as printers do at a
// command that needs an empty line buffer).
func (d *escposDecoder) flushText() {
	if len(d.text) > 0 {
		d.flushTextForce()
	}
}

// flushTextForce prints the text line (an empty one feeds a line).
func (d *escposDecoder) flushTextForce() {
	p := d.p
	s := p.slipLocked()
	line := string(d.text) // bytes above 0x7F depend on the code page: kept as Latin-1
	if !isASCII(d.text) {
		r := make([]rune, len(d.text))
		for i, c := range d.text {
			r[i] = rune(c)
		}
		line = string(r)
	}
	s.Text = append(s.Text, line)
	p.printRowsLocked(textRows(line))
	d.text = d.text[:0]
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func blankRows(n int) [][]byte {
	rows := make([][]byte, n)
	for i := range rows {
		rows[i] = make([]byte, 72)
	}
	return rows
}

// textRows draws a line with a 12×24 font (the printer's font A): 30 dot rows.
func textRows(s string) [][]byte {
	small := image.NewGray(image.Rect(0, 0, 288, 15))
	for i := range small.Pix {
		small.Pix[i] = 0xFF
	}
	dr := font.Drawer{Dst: small, Src: image.Black, Face: basicfont.Face7x13, Dot: fixed.P(0, 12)}
	dr.DrawString(s)
	rows := make([][]byte, 30)
	for y := range rows {
		r := make([]byte, 72)
		for x := 0; x < 576; x++ {
			if small.GrayAt(x/2, y/2).Y < 128 {
				r[x/8] |= 0x80 >> (x % 8)
			}
		}
		rows[y] = r
	}
	return rows
}
