package catalog_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

var vn = time.FixedZone("ICT", 7*3600)

func feeProcedure() catalog.Procedure {
	p := validProcedure("1.001193")
	p.Form = append(p.Form, catalog.Field{ID: "ngay_sinh", Label: "Ngày sinh", Type: catalog.Date})
	p.Fees = []catalog.Fee{
		{Label: "Lệ phí đúng hạn", AmountVND: 0},
		{Label: "Lệ phí quá hạn", AmountVND: 5000, When: &catalog.FeeWhen{Field: "ngay_sinh", DaysAgoOver: 60}},
		{Label: "Bản sao", AmountVND: 8000},
		{Label: "Phụ thu nữ", AmountVND: 1000, When: &catalog.FeeWhen{Field: "gioi_tinh", Equals: []string{"Nữ"}}},
	}
	return p
}

func TestFeeDue(t *testing.T) {
	p := feeProcedure()
	filed := time.Date(2026, 12, 1, 9, 0, 0, 0, vn)
	cases := []struct {
		name    string
		answers map[string]string
		want    int64
		fees    int
	}{
		{"on time, male", map[string]string{"ngay_sinh": "2026-10-02", "gioi_tinh": "Nam"}, 8000, 1},
		{"day 60 is on time", map[string]string{"ngay_sinh": "2026-10-02"}, 8000, 1},
		{"day 61 is late", map[string]string{"ngay_sinh": "2026-10-01"}, 13000, 2},
		{"late, female", map[string]string{"ngay_sinh": "2020-01-01", "gioi_tinh": "Nữ"}, 14000, 3},
		{"no date answered", map[string]string{}, 8000, 1},
		{"unreadable date", map[string]string{"ngay_sinh": "01/01/2020"}, 8000, 1},
		{"answer with spaces", map[string]string{"gioi_tinh": " Nữ "}, 9000, 2},
	}
	for _, c := range cases {
		got, fees := p.FeeDue(c.answers, filed)
		if got != c.want || len(fees) != c.fees {
			t.Errorf("%s: due %d with %d fees, want %d with %d", c.name, got, len(fees), c.want, c.fees)
		}
	}
}

func TestFeeWhenValidation(t *testing.T) {
	bad := map[string]catalog.FeeWhen{
		"unknown field":        {Field: "khong_co", Equals: []string{"x"}},
		"not a choice":         {Field: "gioi_tinh", Equals: []string{"Khác"}},
		"both":                 {Field: "ngay_sinh", Equals: []string{"x"}, DaysAgoOver: 3},
		"neither":              {Field: "ngay_sinh"},
		"days on a text field": {Field: "ho_ten", DaysAgoOver: 3},
	}
	for name, w := range bad {
		p := feeProcedure()
		p.Fees[1].When = &w
		c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{p}}
		err := c.Validate()
		if !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), "fees[1].when") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{feeProcedure()}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func payee(commune, agency, account string) catalog.Payee {
	return catalog.Payee{Commune: commune, Agency: agency, BankBIN: "970405", BankName: "Agribank", Account: account, AccountName: "UBND XA"}
}

func TestPayees(t *testing.T) {
	all := []catalog.Payee{
		payee("", "", "1"), payee("Mỹ Khánh", "", "2"), payee("Mỹ Khánh", "UBND cấp xã", "3"),
		payee("", "Công an", "4"), payee("Phong Điền", "", "5"),
	}
	if err := catalog.ValidatePayees(all); err != nil {
		t.Fatal(err)
	}
	mine := catalog.PayeesFor(all, "mỹ khánh")
	if len(mine) != 4 {
		t.Fatalf("PayeesFor kept %d: %+v", len(mine), mine)
	}
	c := catalog.Catalog{Payees: mine}
	for agency, want := range map[string]string{"UBND cấp xã": "3", "Công an": "4", "Sở Tư pháp": "2"} {
		got, ok := c.PayeeFor(&catalog.Procedure{Agency: agency})
		if !ok || got.Account != want {
			t.Errorf("%s: got %+v", agency, got)
		}
	}
	other := catalog.Catalog{Payees: catalog.PayeesFor(all, "Thới Lai")}
	if got, _ := other.PayeeFor(&catalog.Procedure{Agency: "UBND cấp xã"}); got.Account != "1" {
		t.Errorf("another commune got %+v", got)
	}
	if _, ok := (&catalog.Catalog{}).PayeeFor(&catalog.Procedure{}); ok {
		t.Error("a catalog without payees found one")
	}
	bad := []catalog.Payee{
		{BankBIN: "97040", BankName: "x", Account: "1", AccountName: "x", Commune: "A"},
		{BankBIN: "970405", BankName: "x", Account: "12-3", AccountName: "x", Commune: "B"},
		{BankBIN: "970405", BankName: "x", Account: "1", Commune: "C"},
		{BankBIN: "970405", Account: "1", AccountName: "x", Commune: "D"},
		payee("", "", "9"), payee("", "", "8"),
	}
	err := catalog.ValidatePayees(bad)
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 5 {
		t.Fatalf("got %v", err)
	}
	cat := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{validProcedure("1.1")}, Payees: bad[:1]}
	if err := cat.Validate(); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("a catalog with a bad payee validated: %v", err)
	}
}
