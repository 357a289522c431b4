// Package ksp is the wire format of KSP-1, the serial protocol of the kiosk document
// scanner (docs/ksp1-protocol.md): frames (SYNC, TYPE, SEQ, LEN, PAYLOAD,
// CRC-16/CCITT-FALSE), a resynchronising frame decoder, and the payloads of every
// message type. It does no I/O; package scanner (the host) and package scanner/sim
// (the device) both build on it.
package ksp
