package assets_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

func sampleCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Parse(assets.SampleCatalog())
	if err != nil {
		t.Fatalf("embedded sample catalog does not parse and validate: %v", err)
	}
	return c
}

func TestSampleCatalogParsesAndValidates(t *testing.T) {
	c := sampleCatalog(t)
	if n := len(c.Procedures); n < 32 {
		t.Fatalf("sample catalog has %d procedures, want at least 32", n)
	}
	if _, ok := c.Find("1.001193"); !ok {
		t.Error("birth registration 1.001193 is missing")
	}
}

func TestSampleCatalogProcedures(t *testing.T) {
	c := sampleCatalog(t)
	codes := map[string]bool{}
	for _, p := range c.Procedures {
		if codes[p.Code] {
			t.Errorf("%s: code used twice", p.Code)
		}
		codes[p.Code] = true
		if p.NameEN == "" {
			t.Errorf("%s: no name_en", p.Code)
		}
		if n := len(p.ScanDocuments()); n < 1 {
			t.Errorf("%s: no document is scanned", p.Code)
		}
		if n := len(p.Form); n < 3 {
			t.Errorf("%s: form has %d fields, want at least 3", p.Code, n)
		}
		if n := len(p.Steps); n < 3 || n > 6 {
			t.Errorf("%s: %d steps, want 3 to 6", p.Code, n)
		}
		hasName, hasID := false, false
		for _, f := range p.Form {
			if f.LabelEN == "" {
				t.Errorf("%s: field %s has no label_en", p.Code, f.ID)
			}
			switch f.Applicant {
			case "name":
				hasName = true
			case "id_number":
				hasID = true
				if f.Type != catalog.CCCD {
					t.Errorf("%s: field %s takes the ID number but is of type %s", p.Code, f.ID, f.Type)
				}
			}
		}
		if !hasName || !hasID {
			t.Errorf("%s: the CCCD QR code cannot fill the applicant (name linked %v, id_number linked %v)", p.Code, hasName, hasID)
		}
	}
}

func TestSampleCatalogUsesEveryFieldType(t *testing.T) {
	c := sampleCatalog(t)
	seen := map[catalog.FieldType]bool{}
	for _, p := range c.Procedures {
		for _, f := range p.Form {
			seen[f.Type] = true
		}
	}
	for _, ft := range []catalog.FieldType{catalog.Text, catalog.LongText, catalog.Date, catalog.Number, catalog.Choice, catalog.Phone, catalog.CCCD} {
		if !seen[ft] {
			t.Errorf("no field of type %s in the sample catalog", ft)
		}
	}
}

// TestSampleCatalogPatterns checks that the phone and CCCD patterns accept real-looking
// values and refuse wrong ones, so the on-screen validation behaves as residents expect.
func TestSampleCatalogPatterns(t *testing.T) {
	c := sampleCatalog(t)
	cases := map[catalog.FieldType]struct{ good, bad []string }{
		catalog.Phone: {good: []string{"0912345678", "0292381234"}, bad: []string{"912345678", "09123456789", "+84912345678", "0912 345 678"}},
		catalog.CCCD:  {good: []string{"092301004567"}, bad: []string{"09230100456", "0923010045678", "09230100456a"}},
	}
	for _, p := range c.Procedures {
		for _, f := range p.Form {
			tc, ok := cases[f.Type]
			if !ok {
				continue
			}
			if f.Pattern == "" {
				t.Errorf("%s: %s field %s has no pattern", p.Code, f.Type, f.ID)
				continue
			}
			re := regexp.MustCompile(f.Pattern)
			for _, v := range tc.good {
				if !re.MatchString(v) {
					t.Errorf("%s: field %s refuses valid %q", p.Code, f.ID, v)
				}
			}
			for _, v := range tc.bad {
				if re.MatchString(v) {
					t.Errorf("%s: field %s accepts invalid %q", p.Code, f.ID, v)
				}
			}
		}
	}
}

// TestSampleCatalogKnownFacts pins facts residents rely on: fees that are set by national
// rules and the level of procedures that need the resident in person.
func TestSampleCatalogKnownFacts(t *testing.T) {
	c := sampleCatalog(t)
	fee := func(code, labelPart string) int64 {
		t.Helper()
		p, ok := c.Find(code)
		if !ok {
			t.Fatalf("procedure %s missing", code)
		}
		for _, f := range p.Fees {
			if strings.Contains(strings.ToLower(f.Label), labelPart) {
				return f.AmountVND
			}
		}
		t.Fatalf("%s: no fee whose label contains %q", code, labelPart)
		return -1
	}
	checks := []struct {
		code, label string
		want        int64
	}{
		{"1.001193", "đúng hạn", 0},
		{"1.000894", "kết hôn", 0},
		{"2.000815", "bản sao", 2000},
		{"2.000884", "chữ ký", 10000},
		{"2.001035", "hợp đồng", 50000},
		{"2.000635", "trích lục", 8000},
	}
	for _, ch := range checks {
		if got := fee(ch.code, ch.label); got != ch.want {
			t.Errorf("%s fee %q = %d, want %d", ch.code, ch.label, got, ch.want)
		}
	}
	for _, code := range []string{"2.000815", "2.000884", "2.001035", "1.000894"} {
		p, _ := c.Find(code)
		if p.Level != catalog.Level3 {
			t.Errorf("%s needs the resident in person, so level must be 3, got %d", code, p.Level)
		}
	}
	if p, _ := c.Find("1.001193"); p.Level != catalog.Level4 {
		t.Errorf("birth registration is end-to-end online (level 4), got %d", p.Level)
	}
}

// TestSampleCatalogFields checks the fields the brief asks for are all covered.
func TestSampleCatalogFields(t *testing.T) {
	c := sampleCatalog(t)
	byField := map[string]int{}
	for _, p := range c.Procedures {
		byField[p.Field]++
	}
	for _, want := range []string{"Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Người có công", "Đất đai", "Xây dựng",
		"Nông nghiệp", "Thi đua - Khen thưởng", "Văn hóa", "Tôn giáo", "Giáo dục", "Hòa giải cơ sở", "Lao động - Giảm nghèo"} {
		if byField[want] == 0 {
			t.Errorf("no procedure in field %q", want)
		}
	}
}

// TestSampleCatalogText guards against mojibake and decomposed (NFD) Vietnamese, which
// would break accent-insensitive search and render badly.
func TestSampleCatalogText(t *testing.T) {
	raw := assets.SampleCatalog()
	if !utf8.Valid(raw) {
		t.Fatal("catalog is not UTF-8")
	}
	for _, bad := range []string{"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "Ã", "á»", "\ufffd"} {
		if bytes.Contains(raw, []byte(bad)) {
			t.Errorf("catalog contains %q (decomposed accents or mojibake)", bad)
		}
	}
	// The raw JSON must also decode with the standard library alone (importers outside Go).
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatal(err)
	}
}

func TestSampleCatalogIsACopy(t *testing.T) {
	a := assets.SampleCatalog()
	a[0] = 'X'
	if b := assets.SampleCatalog(); b[0] == 'X' {
		t.Error("SampleCatalog returns shared memory: a caller's edit leaks into later calls")
	}
}
