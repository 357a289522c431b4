package scanner_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/scanner"
)

// A CCCD QR code that fails validation must not put the resident's name, numbers or
// dates in the error text, which ends up in the kiosk's log.
func TestCCCDErrorsHoldNoPersonalData(t *testing.T) {
	const id, old, name, dob, addr, issued = "092158001234", "361234567", "Nguyễn Thị Ngọc Hường", "05031958", "12 Trần Hưng Đạo, Cần Thơ", "01012022"
	fields := func(f ...string) string { return strings.Join(f, "|") }
	for what, text := range map[string]string{
		"short id":        fields("09215800123", old, name, dob, "Nữ", addr, issued),
		"bad old id":      fields(id, "36123456x", name, dob, "Nữ", addr, issued),
		"digit in name":   fields(id, old, "Nguyễn Thị 4 Hường", dob, "Nữ", addr, issued),
		"no such date":    fields(id, old, name, "31021958", "Nữ", addr, issued),
		"bad sex":         fields(id, old, name, dob, "X", addr, issued),
		"issued too soon": fields(id, old, name, dob, "Nữ", addr, "01011950"),
		"too few fields":  fields(id, old, name, dob),
	} {
		_, err := scanner.ParseCCCD(text)
		if !errors.Is(err, scanner.ErrNotCCCD) {
			t.Fatalf("%s: %v", what, err)
		}
		msg := err.Error()
		for _, secret := range []string{id, "09215800123", old, "36123456", "Nguyễn", "Hường", dob, "1958", "31021958", "Trần Hưng Đạo", issued, "01011950"} {
			if strings.Contains(msg, secret) {
				t.Errorf("%s: error %q holds %q", what, msg, secret)
			}
		}
	}
}
