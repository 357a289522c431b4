package ksp

// crcTables[0] is CRC-16/CCITT-FALSE (poly 0x1021, MSB first) one byte at a time;
// crcTables[k][b] is the CRC of byte b followed by k zero bytes, for processing
// eight bytes per step (slicing-by-8).
var crcTables = func() (t [8][256]uint16) {
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
	for k := 1; k < 8; k++ {
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
	for len(data) >= 8 {
		crc = t[7][data[0]^byte(crc>>8)] ^ t[6][data[1]^byte(crc)] ^
			t[5][data[2]] ^ t[4][data[3]] ^ t[3][data[4]] ^ t[2][data[5]] ^ t[1][data[6]] ^ t[0][data[7]]
		data = data[8:]
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
