package fee_test

import (
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/vietqr"
)

func TestReceiptFromPurpose(t *testing.T) {
	cases := map[string]string{
		"DVC ZJDK PREK":                          "ZJDK-PREK",
		"dvc zjdk prek":                          "ZJDK-PREK",
		"DVCZJDKPREK":                            "ZJDK-PREK",
		"DVC ZJDK-PREK":                          "ZJDK-PREK",
		"MBVCB.123456.DVC ZJDK PREK.CT tu 0123":  "ZJDK-PREK",
		"NGUYEN VAN A chuyen tien DVC.ZJDK.PREK": "ZJDK-PREK",
		"DVC ZJDK PREK DVC ZJDK PREK":            "ZJDK-PREK",
		"DVC ZJDK PRE":                           "",
		"chuyen tien le phi":                     "",
		"DVC ZJD0 PREK":                          "", // 0 is not in the alphabet
		"DVC ZJDK PREK va DVC AAAA BBBB":         "", // two different codes: ambiguous
		"":                                       "",
	}
	for in, want := range cases {
		got, ok := fee.ReceiptFromPurpose(in)
		if got != want || ok != (want != "") {
			t.Errorf("%q: got %q %v, want %q", in, got, ok, want)
		}
	}
	if got, _ := fee.ReceiptFromPurpose(fee.Purpose("ZJDK-PREK")); got != "ZJDK-PREK" {
		t.Errorf("own purpose reads back as %q", got)
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		paid, due int64
		want      string
	}{{100, 100, fee.Paid}, {50, 100, fee.Underpaid}, {150, 100, fee.Overpaid}, {100, 0, fee.Unmatched}}
	for _, c := range cases {
		if got := fee.Classify(c.paid, c.due); got != c.want {
			t.Errorf("Classify(%d, %d) = %s, want %s", c.paid, c.due, got, c.want)
		}
	}
}

func TestDueAndPayload(t *testing.T) {
	p := &catalog.Procedure{Level: catalog.Level4, Fees: []catalog.Fee{{Label: "Lệ phí", AmountVND: 100000}}}
	if due, _ := fee.Due(p, nil, time.Now()); due != 100000 {
		t.Fatalf("due %d", due)
	}
	p3 := *p
	p3.Level = catalog.Level3
	if due, _ := fee.Due(&p3, nil, time.Now()); due != 0 {
		t.Fatalf("a level 3 procedure asks %d by QR", due)
	}
	y := catalog.Payee{BankBIN: "970405", Account: "7800201009999", AccountName: "UBND XA MY KHANH", BankName: "Agribank"}
	s, err := fee.Payload(y, 100000, "ZJDK-PREK")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := vietqr.Parse(s)
	if err != nil || tr.Purpose != "DVC ZJDK PREK" || tr.Amount != 100000 || tr.Account != y.Account {
		t.Fatalf("%+v %v", tr, err)
	}
	y.Account = "78-00"
	if _, err := fee.Payload(y, 100000, "ZJDK-PREK"); err == nil {
		t.Fatal("a bad account made a payload")
	}
}

// FuzzReceiptFromPurpose: any transfer content (banks send anything) reads without a
// panic, and a code found is always a well-formed receipt code.
func FuzzReceiptFromPurpose(f *testing.F) {
	f.Add("MBVCB.3322.DVC ZJDK PREK.chuyen tien")
	f.Add("dvc aaaa bbbb")
	f.Add("DVCDVCDVC")
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := fee.ReceiptFromPurpose(s)
		if !ok {
			return
		}
		if len(code) != 9 || code[4] != '-' {
			t.Fatalf("%q gave %q", s, code)
		}
		if back, ok := fee.ReceiptFromPurpose(fee.Purpose(code)); !ok || back != code {
			t.Fatalf("%q does not read back (%q)", code, back)
		}
	})
}
