package ksp

// crcTable is CRC-16/CCITT-FALSE (poly 0x1021, MSB first), one byte at a time.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		c := uint16(i) << 8
		for b := 0; b < 8; b++ {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return t
}()

// CRC16 is CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, xorout 0.
func CRC16(data []byte) uint16 {
	return UpdateCRC16(0xFFFF, data)
}

// UpdateCRC16 continues a CRC-16/CCITT-FALSE over more data.
func UpdateCRC16(crc uint16, data []byte) uint16 {
	for _, b := range data {
		crc = crc<<8 ^ crcTable[byte(crc>>8)^b]
	}
	return crc
}
