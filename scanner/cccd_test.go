package scanner

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

const sampleCCCD = "092195001234|362514789|Nguyễn Thị Mỹ Hạnh|15081995|Nữ|Số 12, đường 3/2, phường Xuân Khánh, quận Ninh Kiều, Cần Thơ|20042021"

func TestParseCCCD(t *testing.T) {
	c, err := ParseCCCD(sampleCCCD)
	if err != nil {
		t.Fatal(err)
	}
	want := Citizen{
		IDNumber: "092195001234", OldIDNumber: "362514789", Name: "Nguyễn Thị Mỹ Hạnh",
		DOB: time.Date(1995, 8, 15, 0, 0, 0, 0, time.UTC), Sex: "Nữ",
		Address:   "Số 12, đường 3/2, phường Xuân Khánh, quận Ninh Kiều, Cần Thơ",
		IssueDate: time.Date(2021, 4, 20, 0, 0, 0, 0, time.UTC),
	}
	if c.IDNumber != want.IDNumber || c.OldIDNumber != want.OldIDNumber || c.Name != want.Name || !c.DOB.Equal(want.DOB) ||
		c.Sex != want.Sex || c.Address != want.Address || !c.IssueDate.Equal(want.IssueDate) || len(c.Extra) != 0 {
		t.Fatalf("got %+v", c)
	}
	if c.QRText() != sampleCCCD {
		t.Fatalf("QRText = %q", c.QRText())
	}
}

func TestParseCCCDVariants(t *testing.T) {
	// Empty old ID, extra trailing fields, NFD text, surrounding whitespace.
	nfd := norm.NFD.String("  \r\n092095000111||Trần Văn Đức|01011960|Nam|Ấp Mỹ Phước, xã Mỹ Khánh, huyện Phong Điền, Cần Thơ|10072021|Nông dân|Trần Văn A\n ")
	if nfd == norm.NFC.String(nfd) {
		t.Fatal("test text is not NFD")
	}
	c, err := ParseCCCD(nfd)
	if err != nil {
		t.Fatal(err)
	}
	if c.OldIDNumber != "" || c.Name != "Trần Văn Đức" || c.Sex != "Nam" || len(c.Extra) != 2 || c.Extra[0] != "Nông dân" {
		t.Fatalf("got %+v", c)
	}
	if !norm.NFC.IsNormalString(c.Address) {
		t.Fatal("address not NFC")
	}
	if ClassifyQR(nfd) != QRCCCD {
		t.Fatal("not classified as CCCD")
	}
}

func TestParseCCCDErrors(t *testing.T) {
	f := strings.Split(sampleCCCD, "|")
	with := func(i int, v string) string {
		g := append([]string(nil), f...)
		g[i] = v
		return strings.Join(g, "|")
	}
	for _, tc := range []struct {
		text  string
		field int
		says  string
	}{
		{"", 0, "empty"},
		{"092195001234|362514789|Nguyễn Văn A", 0, "3 fields"},
		{with(0, "09219500123"), 1, "12 digits"},
		{with(0, "09219500123X"), 1, "12 digits"},
		{with(1, "12345"), 2, "9 digits"},
		{with(2, ""), 3, "empty"},
		{with(2, "Nguyễn Văn 2"), 3, "not a letter"},
		{with(3, "31021995"), 4, "no such date"},
		{with(3, "29022001"), 4, "no such date"},
		{with(3, "1508195"), 4, "8 digits"},
		{with(3, "15081895"), 4, "before 1900"},
		{with(3, "15083095"), 4, "future"},
		{with(4, "Nu"), 5, "Nam or Nữ"},
		{with(4, "F"), 5, "Nam or Nữ"},
		{with(5, " "), 6, "empty"},
		{with(6, "00012021"), 7, "no such date"},
		{with(6, "01011990"), 7, "before the date of birth"},
	} {
		_, err := ParseCCCD(tc.text)
		var ce *CCCDError
		if !errors.As(err, &ce) || !errors.Is(err, ErrNotCCCD) {
			t.Errorf("%q: %v", tc.text, err)
			continue
		}
		if ce.Field != tc.field || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: field %d, %q; want field %d saying %q", tc.text, ce.Field, err, tc.field, tc.says)
		}
	}
	// Leap day that exists.
	if _, err := ParseCCCD(with(3, "29022000")); err != nil {
		t.Errorf("29 Feb 2000: %v", err)
	}
}

func TestReceiptQR(t *testing.T) {
	text := FormatReceiptQR("K7Q4-M2PX")
	if text != "DVCK1:K7Q4-M2PX" {
		t.Fatalf("FormatReceiptQR = %q", text)
	}
	if code, ok := ParseReceiptQR(" " + text + "\r"); !ok || code != "K7Q4-M2PX" {
		t.Fatalf("ParseReceiptQR = %q %v", code, ok)
	}
	if code, ok := ParseReceiptQR("DVCK1:k7q4-m2px"); !ok || code != "K7Q4-M2PX" {
		t.Fatalf("lower case: %q %v", code, ok)
	}
	for _, bad := range []string{"", "DVCK1:", "DVCK2:K7Q4", "dvck1:K7Q4", "DVCK1:K7Q4 M2PX", "DVCK1:" + strings.Repeat("A", 33), "https://example.org"} {
		if _, ok := ParseReceiptQR(bad); ok {
			t.Errorf("%q accepted as a receipt", bad)
		}
	}
	for text, want := range map[string]QRKind{
		"DVCK1:K7Q4-M2PX":       QRReceipt,
		sampleCCCD:              QRCCCD,
		"https://dichvucong.vn": QRUnknown,
		"1|2|3|4|5|6|7":         QRUnknown,
		"":                      QRUnknown,
	} {
		if got := ClassifyQR(text); got != want {
			t.Errorf("ClassifyQR(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzParseCCCD(f *testing.F) {
	f.Add(sampleCCCD)
	f.Add(norm.NFD.String(sampleCCCD) + "|extra|more")
	f.Add("092095000111||Trần Văn Đức|01011960|Nam|Cần Thơ|10072021")
	f.Add("  |||||| ")
	f.Add("092195001234|362514789|A|31021995|Nữ|x|20042021")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseCCCD(text)
		if err != nil {
			if !errors.Is(err, ErrNotCCCD) {
				t.Fatalf("error %v does not match ErrNotCCCD", err)
			}
			return
		}
		if !allDigits(c.IDNumber, 12) || (c.OldIDNumber != "" && !allDigits(c.OldIDNumber, 9)) ||
			c.Name == "" || c.Address == "" || (c.Sex != "Nam" && c.Sex != "Nữ") || c.IssueDate.Before(c.DOB) {
			t.Fatalf("accepted invalid %+v", c)
		}
		// What was accepted survives a round trip.
		again, err := ParseCCCD(c.QRText())
		if err != nil || again.QRText() != c.QRText() {
			t.Fatalf("round trip of %q: %v", c.QRText(), err)
		}
	})
}
