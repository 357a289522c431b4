package kiosk

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// errNotCCCD means a code from the reader is not a CCCD card's QR.
var errNotCCCD = errors.New("not a CCCD QR code")

// parseCCCDText reads the QR of a chip-based citizen ID card (see
// shared/scanner-protocol.md): id|old id|name|DDMMYYYY|sex|address|DDMMYYYY[|…].
// Deps.ParseCCCD replaces it when cmd/kiosk supplies the scanner package's parser.
func parseCCCDText(code string) (store.Applicant, error) {
	code = norm.NFC.String(strings.TrimSpace(code))
	f := strings.Split(code, "|")
	if len(f) < 7 {
		return store.Applicant{}, fmt.Errorf("%w: %d fields", errNotCCCD, len(f))
	}
	id := strings.TrimSpace(f[0])
	if len(id) != 12 || !digitsOnly.MatchString(id) {
		return store.Applicant{}, fmt.Errorf("%w: id number", errNotCCCD)
	}
	dob, err := time.Parse("02012006", strings.TrimSpace(f[3]))
	if err != nil {
		return store.Applicant{}, fmt.Errorf("%w: date of birth: %v", errNotCCCD, err)
	}
	a := store.Applicant{
		IDNumber:    id,
		OldIDNumber: strings.TrimSpace(f[1]),
		Name:        strings.TrimSpace(f[2]),
		DOB:         dob.Format("2006-01-02"),
		Sex:         strings.TrimSpace(f[4]),
		Address:     strings.TrimSpace(f[5]),
	}
	if a.Name == "" {
		return store.Applicant{}, fmt.Errorf("%w: no name", errNotCCCD)
	}
	if iss, err := time.Parse("02012006", strings.TrimSpace(f[6])); err == nil {
		a.IssueDate = iss.Format("2006-01-02")
	}
	return a, nil
}

// receiptQRPrefix starts the QR printed on a kiosk receipt: "DVCK1:<receipt code>".
const receiptQRPrefix = "DVCK1:"

// parseReceiptQR returns the receipt code of a receipt QR.
func parseReceiptQR(code string) (string, bool) {
	code = strings.TrimSpace(code)
	if !strings.HasPrefix(strings.ToUpper(code), receiptQRPrefix) {
		return "", false
	}
	c := strings.TrimSpace(code[len(receiptQRPrefix):])
	return c, c != ""
}

// formatReceiptQR is the text of a receipt's QR code.
func formatReceiptQR(receiptCode string) string { return receiptQRPrefix + receiptCode }
