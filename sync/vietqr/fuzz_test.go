package vietqr_test

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/vietqr"
)

// FuzzParse: Parse never panics, and whatever it accepts (and validates) builds back
// into a payload that parses to the same transfer.
func FuzzParse(f *testing.F) {
	for _, p := range published {
		f.Add(p.payload)
	}
	f.Add("000201")
	f.Add("00020101021238")
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := vietqr.Parse(s)
		if err != nil {
			return
		}
		if tr.Validate() != nil {
			return
		}
		back, err := vietqr.Parse(tr.Payload())
		if err != nil {
			t.Fatalf("payload of %+v does not parse: %v", tr, err)
		}
		if back != tr {
			t.Fatalf("round trip: %+v became %+v", tr, back)
		}
	})
}

// FuzzPayload: every valid transfer round-trips through its payload.
func FuzzPayload(f *testing.F) {
	f.Add("970415", "0011001932418", int64(120000), "ung ho lu lut")
	f.Add("970405", "VQR1", int64(1), "")
	f.Fuzz(func(t *testing.T, bin, account string, amount int64, purpose string) {
		tr := vietqr.Transfer{BankBIN: bin, Account: account, Amount: amount, Purpose: purpose}
		if tr.Validate() != nil {
			return
		}
		back, err := vietqr.Parse(tr.Payload())
		if err != nil || back != tr {
			t.Fatalf("%+v: got %+v, %v", tr, back, err)
		}
	})
}
