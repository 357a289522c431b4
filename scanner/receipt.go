package scanner

import "strings"

// ReceiptPrefix starts the text of every kiosk receipt QR code.
const ReceiptPrefix = "DVCK1:"

// FormatReceiptQR is the QR text printed on a receipt for a receipt code.
func FormatReceiptQR(code string) string { return ReceiptPrefix + code }

// ParseReceiptQR recognises a kiosk receipt QR text and returns its receipt code
// (upper-cased). Surrounding whitespace is ignored; the code has 1–32 letters,
// digits and dashes.
func ParseReceiptQR(text string) (code string, ok bool) {
	text = strings.TrimSpace(text)
	rest, found := strings.CutPrefix(text, ReceiptPrefix)
	if !found || rest == "" || len(rest) > 32 {
		return "", false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-') {
			return "", false
		}
	}
	return strings.ToUpper(rest), true
}

// QRKind is what a scanned QR code is.
type QRKind int

// QR kinds.
const (
	QRUnknown QRKind = iota
	QRCCCD           // a CCCD card; ParseCCCD may still report a bad field
	QRReceipt        // a kiosk receipt
)

func (k QRKind) String() string {
	switch k {
	case QRCCCD:
		return "cccd"
	case QRReceipt:
		return "receipt"
	}
	return "unknown"
}

// ClassifyQR tells a CCCD card (seven or more '|' fields starting with a 12-digit
// number) from a kiosk receipt and anything else.
func ClassifyQR(text string) QRKind {
	if _, ok := ParseReceiptQR(text); ok {
		return QRReceipt
	}
	t := strings.TrimSpace(text)
	if f := strings.Split(t, "|"); len(f) >= 7 && allDigits(strings.TrimSpace(f[0]), 12) {
		return QRCCCD
	}
	return QRUnknown
}
