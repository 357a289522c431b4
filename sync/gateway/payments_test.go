package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

const paySecret = "bank-secret-0123456789"

// payCatalog has a level 4 procedure with a 100.000 đ fee, one whose fee applies to
// late filings only, and a free one.
var payCatalog = `{"version": "pay.1", "procedures": [
 {"code": "9.000001", "name": "Cấp giấy phép", "field": "Xây dựng", "agency": "UBND cấp xã", "level": 4,
  "processing_time": "5 ngày", "fees": [{"label": "Lệ phí", "amount_vnd": 100000}], "steps": ["Nộp"],
  "documents": [{"id": "don", "name": "Đơn", "copies": 1, "scan": false}],
  "form": [{"id": "ho_ten", "label": "Họ tên", "type": "text"}]},
 {"code": "9.000002", "name": "Khai sinh", "field": "Hộ tịch", "agency": "UBND cấp xã", "level": 4,
  "processing_time": "1 ngày", "fees": [{"label": "Quá hạn", "amount_vnd": 5000, "when": {"field": "ngay_sinh", "days_ago_over": 60}}],
  "steps": ["Nộp"], "documents": [{"id": "don", "name": "Đơn", "copies": 1, "scan": false}],
  "form": [{"id": "ngay_sinh", "label": "Ngày sinh", "type": "date"}]}
]}`

var payees = []catalog.Payee{
	{BankBIN: "970405", BankName: "Agribank", Account: "1111", AccountName: "SO TAI CHINH"},
	{Commune: "Mỹ Khánh", BankBIN: "970405", BankName: "Agribank", Account: "7800201009999", AccountName: "UBND XA MY KHANH"},
}

type payFixture struct {
	srv   *httptest.Server
	store *gwstore.SQLite
	k1    *gwtest.Client
	k2    *gwtest.Client
	now   time.Time
}

func newPayFixture(t *testing.T, secret string) *payFixture {
	t.Helper()
	st := openSQLite(t, gwstore.Kiosk{ID: "k1", Name: "k1", Commune: "Mỹ Khánh", Secret: "secret-1"},
		gwstore.Kiosk{ID: "k2", Name: "k2", Commune: "Thới Lai", Secret: "secret-2"})
	f := &payFixture{store: st, now: time.Now()}
	s, err := gateway.New(gateway.Config{Store: st, Catalog: []byte(payCatalog), Logger: slog.New(slog.DiscardHandler),
		PaymentSecret: secret, Payees: payees, Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	f.k1 = &gwtest.Client{BaseURL: f.srv.URL, ID: "k1", Secret: "secret-1", HTTP: f.srv.Client(), Now: func() time.Time { return f.now }}
	f.k2 = &gwtest.Client{BaseURL: f.srv.URL, ID: "k2", Secret: "secret-2", HTTP: f.srv.Client(), Now: func() time.Time { return f.now }}
	return f
}

func (f *payFixture) submit(t *testing.T, c *gwtest.Client, id, receipt, proc string, fields map[string]string) {
	t.Helper()
	d := wire.Dossier{ID: id, ReceiptCode: receipt, ProcedureCode: proc, Applicant: wire.Applicant{Name: "Lê Văn Tám"},
		Fields: fields, CreatedAt: f.now}
	r, err := c.PutDossier(context.Background(), d)
	if err != nil || r.Status != http.StatusCreated {
		t.Fatalf("submit %s: %v %d %s", id, err, r.Status, r.Body)
	}
}

// notify posts a notification signed with secret at time at; body nil: n encoded.
func (f *payFixture) notify(t *testing.T, secret string, at time.Time, n wire.PaymentNotification, body []byte) (int, wire.PaymentAck, string) {
	t.Helper()
	if body == nil {
		body, _ = json.Marshal(n)
	}
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+wire.PaymentNotifyPath, bytes.NewReader(body))
	if secret != "" {
		wire.SignPaymentNotification(req, secret, body, at)
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw bytes.Buffer
	raw.ReadFrom(resp.Body)
	var ack wire.PaymentAck
	json.Unmarshal(raw.Bytes(), &ack)
	return resp.StatusCode, ack, raw.String()
}

func (f *payFixture) fee(t *testing.T, c *gwtest.Client, id string) wire.FeeStatus {
	t.Helper()
	r, err := c.Do(context.Background(), "GET", wire.DossierPath(id), nil, nil)
	if err != nil || r.Status != 200 {
		t.Fatalf("status of %s: %v %d", id, err, r.Status)
	}
	var s wire.DossierStatus
	if err := r.JSON(&s); err != nil {
		t.Fatal(err)
	}
	return s.FeeStatus
}

func credit(txn string, amount int64, purpose string) wire.PaymentNotification {
	return wire.PaymentNotification{TransactionID: txn, AmountVND: amount, Purpose: purpose, Account: "7800201009999",
		BookedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, gateway.Vietnam)}
}

func TestPaymentMatching(t *testing.T) {
	f := newPayFixture(t, paySecret)
	f.submit(t, f.k1, "d-paid", "ZJDK-PREK", "9.000001", map[string]string{"ho_ten": "A"})
	f.submit(t, f.k1, "d-under", "AAAA-BBBB", "9.000001", nil)
	f.submit(t, f.k1, "d-over", "CCCC-DDDD", "9.000001", nil)
	f.submit(t, f.k1, "d-free", "EEEE-FFFF", "9.000002", map[string]string{"ngay_sinh": f.now.Format("2006-01-02")})
	f.submit(t, f.k1, "d-twin1", "GGGG-HHHH", "9.000001", nil)
	f.submit(t, f.k2, "d-twin2", "GGGG-HHHH", "9.000001", nil)

	if got := f.fee(t, f.k1, "d-paid"); got != (wire.FeeStatus{DueVND: 100000}) {
		t.Fatalf("before paying: %+v", got)
	}
	cases := []struct {
		n       wire.PaymentNotification
		result  string
		receipt string
		reason  string
	}{
		{credit("FT001", 100000, "MBVCB.3322.DVC ZJDK PREK.chuyen tien"), fee.Paid, "ZJDK-PREK", ""},
		{credit("FT002", 50000, "dvc aaaa bbbb"), fee.Underpaid, "AAAA-BBBB", ""},
		{credit("FT003", 150000, "DVCCCCCDDDD"), fee.Overpaid, "CCCC-DDDD", ""},
		{credit("FT004", 100000, "DVC ZZZZ ZZZZ"), fee.Unmatched, "ZZZZ-ZZZZ", gateway.ReasonUnknown},
		{credit("FT005", 100000, "le phi ho tich"), fee.Unmatched, "", gateway.ReasonNoReference},
		{credit("FT006", 5000, "DVC EEEE FFFF"), fee.Unmatched, "EEEE-FFFF", gateway.ReasonNoFee},
		{credit("FT007", 100000, "DVC GGGG HHHH"), fee.Unmatched, "GGGG-HHHH", gateway.ReasonAmbiguous},
	}
	for _, c := range cases {
		status, ack, raw := f.notify(t, paySecret, f.now, c.n, nil)
		if status != 200 || ack.Result != c.result || ack.ReceiptCode != c.receipt || ack.Reason != c.reason || ack.Duplicate {
			t.Errorf("%s: %d %s", c.n.TransactionID, status, raw)
		}
	}
	want := map[string]wire.FeeStatus{
		"d-paid":  {DueVND: 100000, PaidVND: 100000, Payment: fee.Paid},
		"d-under": {DueVND: 100000, PaidVND: 50000, Payment: fee.Underpaid},
		"d-over":  {DueVND: 100000, PaidVND: 150000, Payment: fee.Overpaid},
		"d-free":  {},
		"d-twin1": {DueVND: 100000},
	}
	for id, w := range want {
		if got := f.fee(t, f.k1, id); got != w {
			t.Errorf("fee of %s: %+v, want %+v", id, got, w)
		}
	}
	// The rest of an underpaid fee, in a second transfer, makes it paid.
	if _, ack, _ := f.notify(t, paySecret, f.now, credit("FT008", 50000, "DVC AAAA BBBB"), nil); ack.Result != fee.Paid {
		t.Errorf("second transfer: %+v", ack)
	}
	unmatched, err := f.store.Payments(context.Background(), gwstore.PaymentFilter{Unmatched: true})
	if err != nil || len(unmatched) != 4 {
		t.Fatalf("unmatched credits recorded: %d %v", len(unmatched), err)
	}
}

// TestPaymentBadInput: every bad notification gets a clear 4xx or is recorded as an
// unmatched credit; none marks a dossier paid wrongly; none crashes the server.
func TestPaymentBadInput(t *testing.T) {
	f := newPayFixture(t, paySecret)
	f.submit(t, f.k1, "d1", "ZJDK-PREK", "9.000001", nil)
	good := credit("FT100", 100000, "DVC ZJDK PREK")
	body, _ := json.Marshal(good)

	post := func(hdr map[string]string, body []byte) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+wire.PaymentNotifyPath, bytes.NewReader(body))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	ts := wire.Timestamp(f.now)
	sig := wire.SignPayment(paySecret, "POST", wire.PaymentNotifyPath, ts, wire.BodyHash(body))
	refusals := []struct {
		name string
		code int
		do   func() (int, string)
	}{
		{"no headers", 401, func() (int, string) { return post(nil, body) }},
		{"bad signature", 401, func() (int, string) {
			return post(map[string]string{wire.HeaderPaymentTimestamp: ts, wire.HeaderPaymentSignature: strings.Repeat("0", 64)}, body)
		}},
		{"signed with a kiosk's secret", 401, func() (int, string) {
			s, _, r := f.notify(t, "secret-1", f.now, good, nil)
			return s, r
		}},
		{"body changed after signing", 401, func() (int, string) {
			return post(map[string]string{wire.HeaderPaymentTimestamp: ts, wire.HeaderPaymentSignature: sig},
				bytes.Replace(body, []byte("100000"), []byte("900000"), 1))
		}},
		{"replay of an old notification", 401, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now.Add(-10*time.Minute), good, nil)
			return s, r
		}},
		{"from the future", 401, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now.Add(10*time.Minute), good, nil)
			return s, r
		}},
		{"malformed JSON", 400, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now, good, []byte(`{"transaction_id": "FT1", "amount_vnd": `))
			return s, r
		}},
		{"amount as text", 400, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now, good, []byte(`{"transaction_id": "FT1", "amount_vnd": "100000"}`))
			return s, r
		}},
		{"zero amount", 422, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now, credit("FT101", 0, "DVC ZJDK PREK"), nil)
			return s, r
		}},
		{"negative amount", 422, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now, credit("FT102", -100000, "DVC ZJDK PREK"), nil)
			return s, r
		}},
		{"no transaction id", 422, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now, credit("", 100000, "DVC ZJDK PREK"), nil)
			return s, r
		}},
		{"transaction id with spaces", 422, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now, credit("FT 1", 100000, "DVC ZJDK PREK"), nil)
			return s, r
		}},
		{"no booking time", 422, func() (int, string) {
			n := credit("FT103", 100000, "DVC ZJDK PREK")
			n.BookedAt = time.Time{}
			s, _, r := f.notify(t, paySecret, f.now, n, nil)
			return s, r
		}},
		{"huge body", 413, func() (int, string) {
			s, _, r := f.notify(t, paySecret, f.now, good, []byte(`{"purpose": "`+strings.Repeat("x", 20000)+`"}`))
			return s, r
		}},
		{"GET", 405, func() (int, string) {
			resp, err := f.srv.Client().Get(f.srv.URL + wire.PaymentNotifyPath)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode, ""
		}},
	}
	for _, c := range refusals {
		if got, raw := c.do(); got != c.code {
			t.Errorf("%s: %d, want %d: %s", c.name, got, c.code, raw)
		}
		if fs := f.fee(t, f.k1, "d1"); fs.Payment != "" {
			t.Fatalf("%s: the dossier's fee became %+v", c.name, fs)
		}
	}
	if all, _ := f.store.Payments(context.Background(), gwstore.PaymentFilter{}); len(all) != 0 {
		t.Fatalf("refused notifications were stored: %+v", all)
	}

	// The real one, then the bank resending it (same body, later timestamp): one payment.
	for i, wantDup := range []bool{false, true, true} {
		f.now = f.now.Add(time.Duration(i) * time.Minute)
		status, ack, raw := f.notify(t, paySecret, f.now, good, body)
		if status != 200 || ack.Result != fee.Paid || ack.Duplicate != wantDup {
			t.Fatalf("delivery %d: %d %s", i+1, status, raw)
		}
	}
	// The same transaction id with another amount: a conflict, nothing changes.
	other := good
	other.AmountVND = 1
	if status, _, raw := f.notify(t, paySecret, f.now, other, nil); status != 409 {
		t.Fatalf("duplicate id, other body: %d %s", status, raw)
	}
	if fs := f.fee(t, f.k1, "d1"); fs != (wire.FeeStatus{DueVND: 100000, PaidVND: 100000, Payment: fee.Paid}) {
		t.Fatalf("after duplicates: %+v", fs)
	}
}

func TestPaymentsDisabledWithoutSecret(t *testing.T) {
	f := newPayFixture(t, "")
	if status, _, raw := f.notify(t, paySecret, f.now, credit("FT1", 1, "x"), nil); status != 404 || !strings.Contains(raw, "not enabled") {
		t.Fatalf("%d %s", status, raw)
	}
}

func TestPaymentSecretTooShort(t *testing.T) {
	st := openSQLite(t)
	if _, err := gateway.New(gateway.Config{Store: st, Catalog: []byte(payCatalog), PaymentSecret: "short"}); err == nil {
		t.Fatal("a 5-character payment secret was accepted")
	}
	bad := []catalog.Payee{{BankBIN: "1", Account: "x"}}
	if _, err := gateway.New(gateway.Config{Store: st, Catalog: []byte(payCatalog), Payees: bad}); err == nil {
		t.Fatal("a bad payee was accepted")
	}
}

// TestCatalogPayeesPerCommune: each kiosk's catalog carries its commune's account.
func TestCatalogPayeesPerCommune(t *testing.T) {
	f := newPayFixture(t, paySecret)
	get := func(c *gwtest.Client) (*catalog.Catalog, string) {
		r, err := c.Do(context.Background(), "GET", wire.CatalogPath, nil, nil)
		if err != nil || r.Status != 200 {
			t.Fatalf("catalog: %v", err)
		}
		cat, err := catalog.Parse(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		return cat, r.Header.Get("ETag")
	}
	c1, e1 := get(f.k1)
	c2, e2 := get(f.k2)
	p, _ := c1.Find("9.000001")
	if y, ok := c1.PayeeFor(p); !ok || y.Account != "7800201009999" {
		t.Errorf("Mỹ Khánh's kiosk pays into %+v", y)
	}
	if y, ok := c2.PayeeFor(p); !ok || y.Account != "1111" || len(c2.Payees) != 1 {
		t.Errorf("Thới Lai's kiosk pays into %+v (of %d)", y, len(c2.Payees))
	}
	if e1 == e2 || e1 == "" {
		t.Errorf("ETags %s and %s", e1, e2)
	}
	r, _ := f.k1.Do(context.Background(), "GET", wire.CatalogPath, nil, http.Header{"If-None-Match": {e1}})
	if r.Status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", r.Status)
	}
}

// TestConfiguredPayeeReplacesCatalogs: a catalog that carries its own default account
// and a gateway configured with another for the same commune and agency: the
// configuration wins and the catalog still validates.
func TestConfiguredPayeeReplacesCatalogs(t *testing.T) {
	st := openSQLite(t, gwstore.Kiosk{ID: "k1", Name: "k1", Commune: "Mỹ Khánh", Secret: "secret-1"})
	c, err := catalog.Parse([]byte(payCatalog))
	if err != nil {
		t.Fatal(err)
	}
	c.Payees = []catalog.Payee{{BankBIN: "970436", BankName: "Vietcombank", Account: "999", AccountName: "CU"}}
	body, _ := json.Marshal(c)
	s, err := gateway.New(gateway.Config{Store: st, Catalog: body, Payees: payees, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	k := &gwtest.Client{BaseURL: srv.URL, ID: "k1", Secret: "secret-1", HTTP: srv.Client()}
	r, err := k.Do(context.Background(), "GET", wire.CatalogPath, nil, nil)
	if err != nil || r.Status != 200 {
		t.Fatalf("catalog: %v %+v", err, r)
	}
	got, err := catalog.Parse(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Payees) != 2 || got.Payees[0].Account != "1111" {
		t.Fatalf("payees %+v", got.Payees)
	}
}
