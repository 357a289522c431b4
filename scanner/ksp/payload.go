package ksp

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// Supported line speeds, slowest first; 115200 is the power-on speed.
var Bauds = []int{115200, 230400, 460800, 921600}

// PowerOnBaud is the speed a device starts at and falls back to.
const PowerOnBaud = 115200

// Scan modes, sources and page formats.
const (
	ModeGray  byte = 0
	ModeColor byte = 1
	ModeBW    byte = 2

	SourceFlatbed byte = 0
	SourceFeeder  byte = 1

	FormatJPEG byte = 1
	FormatPNG  byte = 2
)

// STATE flags.
const (
	FlagPaper   byte = 1 << 0
	FlagCover   byte = 1 << 1
	FlagJam     byte = 1 << 2
	FlagBusy    byte = 1 << 3
	FlagWarming byte = 1 << 4
)

// JOB_END statuses.
const (
	JobDone          byte = 0
	JobNoPage        byte = 1
	JobJam           byte = 2
	JobCancelled     byte = 3
	JobCoverOpened   byte = 4
	JobTransferFault byte = 5
)

// EVENT codes.
const (
	EvPaperIn     byte = 1
	EvPaperOut    byte = 2
	EvButton      byte = 3
	EvCoverOpened byte = 4
	EvCoverClosed byte = 5
)

// ERROR codes.
const (
	ErrCodeNoPaper   byte = 1
	ErrCodeJam       byte = 2
	ErrCodeCoverOpen byte = 3
	ErrCodeUnknown   byte = 4
	ErrCodeBadParam  byte = 5
	ErrCodeBusy      byte = 6
	ErrCodeBadFrame  byte = 7
	ErrCodeInternal  byte = 8
)

func short(name string, p []byte, n int) error {
	if len(p) < n {
		return fmt.Errorf("%s: %d bytes, need %d: %w", name, len(p), n, ErrShort)
	}
	return nil
}

// ScanParams is the payload of SCAN.
type ScanParams struct {
	DPI    uint16
	Mode   byte
	Source byte
	Duplex bool
}

// Marshal encodes SCAN's payload.
func (s ScanParams) Marshal() []byte {
	d := byte(0)
	if s.Duplex {
		d = 1
	}
	return []byte{byte(s.DPI >> 8), byte(s.DPI), s.Mode, s.Source, d}
}

// ParseScan decodes SCAN's payload (values are not range-checked).
func ParseScan(p []byte) (ScanParams, error) {
	if err := short("SCAN", p, 5); err != nil {
		return ScanParams{}, err
	}
	return ScanParams{DPI: binary.BigEndian.Uint16(p), Mode: p[2], Source: p[3], Duplex: p[4] != 0}, nil
}

// PageHeader is the payload of PAGE_BEGIN.
type PageHeader struct {
	Page, Width, Height uint16
	Format              byte
	Total               uint32
}

// Marshal encodes PAGE_BEGIN's payload.
func (h PageHeader) Marshal() []byte {
	b := make([]byte, 0, 11)
	b = binary.BigEndian.AppendUint16(b, h.Page)
	b = binary.BigEndian.AppendUint16(b, h.Width)
	b = binary.BigEndian.AppendUint16(b, h.Height)
	b = append(b, h.Format)
	return binary.BigEndian.AppendUint32(b, h.Total)
}

// ParsePageBegin decodes PAGE_BEGIN's payload.
func ParsePageBegin(p []byte) (PageHeader, error) {
	if err := short("PAGE_BEGIN", p, 11); err != nil {
		return PageHeader{}, err
	}
	return PageHeader{
		Page: binary.BigEndian.Uint16(p), Width: binary.BigEndian.Uint16(p[2:]),
		Height: binary.BigEndian.Uint16(p[4:]), Format: p[6], Total: binary.BigEndian.Uint32(p[7:]),
	}, nil
}

// AppendDataFrame appends a whole DATA frame (device-initiated, SEQ 0) for chunk
// at offset of page, without an intermediate payload copy.
func AppendDataFrame(dst []byte, page uint16, offset uint32, chunk []byte) []byte {
	n := 6 + len(chunk)
	if len(chunk) == 0 || len(chunk) > MaxData {
		panic(fmt.Sprintf("ksp: DATA chunk of %d bytes", len(chunk)))
	}
	start := len(dst)
	dst = append(dst, Sync0, Sync1, Data, 0, byte(n>>8), byte(n))
	dst = binary.BigEndian.AppendUint16(dst, page)
	dst = binary.BigEndian.AppendUint32(dst, offset)
	dst = append(dst, chunk...)
	return binary.BigEndian.AppendUint16(dst, CRC16(dst[start+2:]))
}

// ParseData decodes DATA's payload; chunk aliases p.
func ParseData(p []byte) (page uint16, offset uint32, chunk []byte, err error) {
	if err := short("DATA", p, 7); err != nil {
		return 0, 0, nil, err
	}
	return binary.BigEndian.Uint16(p), binary.BigEndian.Uint32(p[2:]), p[6:], nil
}

// PageOffset is the payload of DATA_ACK and DATA_NAK.
func PageOffset(page uint16, offset uint32) []byte {
	b := binary.BigEndian.AppendUint16(make([]byte, 0, 6), page)
	return binary.BigEndian.AppendUint32(b, offset)
}

// ParsePageOffset decodes DATA_ACK's or DATA_NAK's payload.
func ParsePageOffset(p []byte) (page uint16, offset uint32, err error) {
	if err := short("DATA_ACK/NAK", p, 6); err != nil {
		return 0, 0, err
	}
	return binary.BigEndian.Uint16(p), binary.BigEndian.Uint32(p[2:]), nil
}

// PageEndPayload encodes PAGE_END's payload.
func PageEndPayload(page uint16, crc uint32) []byte {
	b := binary.BigEndian.AppendUint16(make([]byte, 0, 6), page)
	return binary.BigEndian.AppendUint32(b, crc)
}

// ParsePageEnd decodes PAGE_END's payload.
func ParsePageEnd(p []byte) (page uint16, crc uint32, err error) {
	if err := short("PAGE_END", p, 6); err != nil {
		return 0, 0, err
	}
	return binary.BigEndian.Uint16(p), binary.BigEndian.Uint32(p[2:]), nil
}

// JobEndPayload encodes JOB_END's payload.
func JobEndPayload(pages uint16, status byte) []byte {
	return []byte{byte(pages >> 8), byte(pages), status}
}

// ParseJobEnd decodes JOB_END's payload.
func ParseJobEnd(p []byte) (pages uint16, status byte, err error) {
	if err := short("JOB_END", p, 3); err != nil {
		return 0, 0, err
	}
	return binary.BigEndian.Uint16(p), p[2], nil
}

// ErrorPayload encodes ERROR's payload.
func ErrorPayload(code byte, text string) []byte {
	return append([]byte{code}, text...)
}

// ParseError decodes ERROR's payload.
func ParseError(p []byte) (code byte, text string, err error) {
	if err := short("ERROR", p, 1); err != nil {
		return 0, "", err
	}
	return p[0], string(p[1:]), nil
}

// BaudPayload encodes SET_BAUD's payload.
func BaudPayload(baud int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(baud)) }

// ParseBaud decodes SET_BAUD's payload.
func ParseBaud(p []byte) (int, error) {
	if err := short("SET_BAUD", p, 4); err != nil {
		return 0, err
	}
	return int(binary.BigEndian.Uint32(p)), nil
}

// FormatInfo encodes INFO's text from ordered key, value pairs.
func FormatInfo(kv ...string) []byte {
	var sb strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			sb.WriteByte(';')
		}
		sb.WriteString(kv[i] + "=" + kv[i+1])
	}
	return []byte(sb.String())
}

// ParseInfo decodes INFO's `key=value;...` text. Keys are trimmed; empty items are
// skipped; an item without '=' is an error.
func ParseInfo(p []byte) (map[string]string, error) {
	m := map[string]string{}
	for _, item := range strings.Split(string(p), ";") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("INFO: item %q has no '='", item)
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return m, nil
}
