package catalog_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

func validProcedure(code string) catalog.Procedure {
	return catalog.Procedure{
		Code: code, Name: "Đăng ký khai sinh", Field: "Hộ tịch", Agency: "UBND cấp xã",
		Level: catalog.Level4, ProcessingTime: "Ngay trong ngày",
		Fees:      []catalog.Fee{{Label: "Lệ phí", AmountVND: 0}},
		Steps:     []string{"Nộp hồ sơ", "Nhận kết quả"},
		Documents: []catalog.Document{{ID: "to-khai", Name: "Tờ khai", Copies: 1, Scan: true}},
		Form: []catalog.Field{
			{ID: "ho_ten", Label: "Họ và tên", Type: catalog.Text, Required: true, Applicant: "name"},
			{ID: "gioi_tinh", Label: "Giới tính", Type: catalog.Choice, Choices: []string{"Nam", "Nữ"}},
		},
	}
}

func encode(t *testing.T, c catalog.Catalog) []byte {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseValid(t *testing.T) {
	c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{validProcedure("1.001193"), validProcedure("1.000656")}}
	got, err := catalog.Parse(encode(t, c))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(got.Procedures) != 2 || got.Procedures[0].Form[1].Choices[1] != "Nữ" {
		t.Fatalf("round trip lost data: %+v", got.Procedures)
	}
	if p, ok := got.Find("1.000656"); !ok || p.Code != "1.000656" {
		t.Fatalf("Find failed")
	}
}

func TestValidateNamesProcedureAndField(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *catalog.Procedure)
		where string
		msg   string
	}{
		{"bad level", func(p *catalog.Procedure) { p.Level = 2 }, "level", "must be 3 or 4"},
		{"bad field type", func(p *catalog.Procedure) { p.Form[0].Type = "email" }, "form.ho_ten", "type must be"},
		{"choice without choices", func(p *catalog.Procedure) { p.Form[1].Choices = nil }, "form.gioi_tinh", "at least two choices"},
		{"bad pattern", func(p *catalog.Procedure) { p.Form[0].Pattern = "([" }, "form.ho_ten", "pattern does not compile"},
		{"duplicate field id", func(p *catalog.Procedure) { p.Form[1].ID = "ho_ten" }, "form.ho_ten", "used twice"},
		{"no documents", func(p *catalog.Procedure) { p.Documents = nil }, "documents", "at least one"},
		{"zero copies", func(p *catalog.Procedure) { p.Documents[0].Copies = 0 }, "documents.to-khai", "copies"},
		{"missing name", func(p *catalog.Procedure) { p.Name = " " }, "name", "required"},
		{"bad applicant", func(p *catalog.Procedure) { p.Form[0].Applicant = "email" }, "form.ho_ten", "applicant"},
		{"negative fee", func(p *catalog.Procedure) { p.Fees[0].AmountVND = -1 }, "fees[0].amount_vnd", "negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := validProcedure("1.001193")
			tc.edit(&p)
			c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{validProcedure("2.000001"), p}}
			err := c.Validate()
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			if len(ve.Problems) != 1 {
				t.Fatalf("want exactly one problem, got %v", ve.Problems)
			}
			pr := ve.Problems[0]
			if pr.Procedure != "1.001193" || pr.Where != tc.where || !strings.Contains(pr.Message, tc.msg) {
				t.Fatalf("problem = %+v, want procedure 1.001193, where %q, message containing %q", pr, tc.where, tc.msg)
			}
			if !strings.Contains(err.Error(), "procedure 1.001193, "+tc.where) {
				t.Fatalf("error text does not locate the problem: %v", err)
			}
		})
	}
}

func TestValidateDuplicateCodes(t *testing.T) {
	c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{validProcedure("1.001193"), validProcedure("1.001193")}}
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "used again by procedure #1") {
		t.Fatalf("duplicate code not reported: %v", err)
	}
}

func TestParseRejects(t *testing.T) {
	tests := map[string]string{
		"syntax":         `{"version": "1", "procedures": [}`,
		"unknown key":    `{"version": "1", "procedurs": []}`,
		"wrong type":     `{"version": "1", "procedures": [{"code": 12}]}`,
		"empty":          `{"version": "1", "procedures": []}`,
		"trailing":       `{"version": "1", "procedures": []} {}`,
		"not utf8":       "{\"version\": \"\xff\"}",
		"missing fields": `{"version": "1", "procedures": [{"code": "1.2"}]}`,
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := catalog.Parse([]byte(in))
			if err == nil || c != nil || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Parse(%q) = %v, %v; want ErrInvalid", in, c, err)
			}
		})
	}
}

func TestSyntaxErrorNamesLine(t *testing.T) {
	_, err := catalog.Parse([]byte("{\n\"version\": \"1\",\n\"procedures\": [,]\n}"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("want the line number in %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(encodeF(catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{validProcedure("1.001193")}}))
	f.Add([]byte(`{"version":"1","procedures":[{"code":"1.2","form":[{"id":"a","type":"choice","choices":["x"]}]}]}`))
	f.Add([]byte(`{"version":"","procedures":null}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := catalog.Parse(data)
		if err != nil {
			if c != nil || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("error %v without ErrInvalid or with a catalog", err)
			}
			return
		}
		// What parses must validate again and survive a round trip.
		if err := c.Validate(); err != nil {
			t.Fatalf("parsed catalog does not validate: %v", err)
		}
		again, err := catalog.Parse(encodeF(*c))
		if err != nil || len(again.Procedures) != len(c.Procedures) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

func encodeF(c catalog.Catalog) []byte {
	b, _ := json.Marshal(c)
	return b
}
