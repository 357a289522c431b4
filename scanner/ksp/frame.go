package ksp

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Frame layout constants.
const (
	Sync0 = 0xA5
	Sync1 = 0x5A
	// HeaderLen is SYNC, TYPE, SEQ and LEN.
	HeaderLen = 6
	// Overhead is the bytes a frame adds to its payload (header and CRC).
	Overhead = HeaderLen + 2
	// MaxPayload is the largest LEN a receiver accepts.
	MaxPayload = 4096
	// MaxData is the largest image chunk one DATA frame carries.
	MaxData = 4000
	// MaxFrame is the largest frame on the wire.
	MaxFrame = MaxPayload + Overhead
)

// Message types, host to device.
const (
	Hello   byte = 0x01
	Status  byte = 0x02
	SetBaud byte = 0x03
	Scan    byte = 0x10
	Cancel  byte = 0x11
	DataAck byte = 0x20
	DataNak byte = 0x21
)

// Message types, device to host.
const (
	Info      byte = 0x81
	State     byte = 0x82
	Ack       byte = 0x83
	PageBegin byte = 0xA0
	Data      byte = 0xA1
	PageEnd   byte = 0xA2
	JobEnd    byte = 0xA3
	Event     byte = 0xE0
	Error     byte = 0xEE
)

// TypeName names a message type for logs and errors.
func TypeName(t byte) string {
	switch t {
	case Hello:
		return "HELLO"
	case Status:
		return "STATUS"
	case SetBaud:
		return "SET_BAUD"
	case Scan:
		return "SCAN"
	case Cancel:
		return "CANCEL"
	case DataAck:
		return "DATA_ACK"
	case DataNak:
		return "DATA_NAK"
	case Info:
		return "INFO"
	case State:
		return "STATE"
	case Ack:
		return "ACK"
	case PageBegin:
		return "PAGE_BEGIN"
	case Data:
		return "DATA"
	case PageEnd:
		return "PAGE_END"
	case JobEnd:
		return "JOB_END"
	case Event:
		return "EVENT"
	case Error:
		return "ERROR"
	}
	return fmt.Sprintf("0x%02X", t)
}

// Frame is one decoded message.
type Frame struct {
	Type    byte
	Seq     byte
	Payload []byte
}

func (f Frame) String() string {
	return fmt.Sprintf("%s seq=%d len=%d", TypeName(f.Type), f.Seq, len(f.Payload))
}

// Errors of encoding and decoding.
var (
	// ErrTooLong: a payload longer than MaxPayload.
	ErrTooLong = errors.New("ksp: payload longer than 4096 bytes")
	// ErrBadCRC: a frame whose CRC does not match; it was dropped.
	ErrBadCRC = errors.New("ksp: frame CRC mismatch")
	// ErrIncomplete: the decoder needs more bytes for the next frame.
	ErrIncomplete = errors.New("ksp: incomplete frame")
	// ErrShort: a payload too short for its message type.
	ErrShort = errors.New("ksp: payload too short")
)

// AppendFrame appends the encoded frame to dst. It panics if the payload is longer
// than MaxPayload (a programming error: every caller builds bounded payloads).
func AppendFrame(dst []byte, typ, seq byte, payload []byte) []byte {
	if len(payload) > MaxPayload {
		panic(ErrTooLong)
	}
	start := len(dst)
	dst = append(dst, Sync0, Sync1, typ, seq, byte(len(payload)>>8), byte(len(payload)))
	dst = append(dst, payload...)
	crc := CRC16(dst[start+2:])
	return binary.BigEndian.AppendUint16(dst, crc)
}

// Encode returns the encoded frame.
func (f Frame) Encode() []byte {
	return AppendFrame(make([]byte, 0, len(f.Payload)+Overhead), f.Type, f.Seq, f.Payload)
}
