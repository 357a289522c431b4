package ksp

import "encoding/binary"

// crcTables[0] is CRC-16/CCITT-FALSE (poly 0x1021, MSB first) one byte at a time;
// crcTables[k][b] is the CRC of byte b followed by k zero bytes, for processing
// sixteen bytes per step (slicing-by-16).
var crcTables = func() (t [16][256]uint16) {
	for i := range t[0] {
		c := uint16(i) << 8
		for b := 0; b < 8; b++ {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
		t[0][i] = c
	}
	for k := 1; k < 16; k++ {
		for i := range t[k] {
			p := t[k-1][i]
			t[k][i] = p<<8 ^ t[0][byte(p>>8)]
		}
	}
	return t
}()

// CRC16 is CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, xorout 0.
func CRC16(data []byte) uint16 {
	return UpdateCRC16(0xFFFF, data)
}

// UpdateCRC16 continues a CRC-16/CCITT-FALSE over more data.
func UpdateCRC16(crc uint16, data []byte) uint16 {
	t := &crcTables
	for len(data) >= 16 {
		a := binary.BigEndian.Uint64(data) ^ uint64(crc)<<48
		b := binary.BigEndian.Uint64(data[8:])
		crc = t[15][byte(a>>56)] ^ t[14][byte(a>>48)] ^ t[13][byte(a>>40)] ^ t[12][byte(a>>32)] ^
			t[11][byte(a>>24)] ^ t[10][byte(a>>16)] ^ t[9][byte(a>>8)] ^ t[8][byte(a)] ^
			t[7][byte(b>>56)] ^ t[6][byte(b>>48)] ^ t[5][byte(b>>40)] ^ t[4][byte(b>>32)] ^
			t[3][byte(b>>24)] ^ t[2][byte(b>>16)] ^ t[1][byte(b>>8)] ^ t[0][byte(b)]
		data = data[16:]
	}
	for _, b := range data {
		crc = crc<<8 ^ t[0][byte(crc>>8)^b]
	}
	return crc
}

// crc16Bytewise is the plain one-table form, kept to check the sliced one.
func crc16Bytewise(crc uint16, data []byte) uint16 {
	for _, b := range data {
		crc = crc<<8 ^ crcTables[0][byte(crc>>8)^b]
	}
	return crc
}
