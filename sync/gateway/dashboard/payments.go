package dashboard

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/vnd"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// PaymentStore is what the payment pages need (gwstore provides it). A store without
// it shows no payment pages.
type PaymentStore interface {
	Payments(ctx context.Context, f gwstore.PaymentFilter) ([]gwstore.Payment, error)
	Payment(ctx context.Context, txnID string) (gwstore.Payment, error)
	MatchPayment(ctx context.Context, txnID, dossierID string, due int64, account string, at time.Time) (gwstore.Payment, error)
	PaymentAudits(ctx context.Context, txnID string) ([]gwstore.PaymentAudit, error)
	DossierByRef(ctx context.Context, ref string) (gwstore.Dossier, error)
	FeesCollected(ctx context.Context, from, to string, loc *time.Location) (map[string]int64, error)
}

// maxPaymentRows bounds the payment list (the CSV export has every row).
const maxPaymentRows = 500

// payments is the payment part of the dashboard, for city accounts only: payments
// carry no commune until matched, and matching by hand is the city's job.
type payments struct {
	store PaymentStore
	cat   *catalog.Catalog // for what a dossier owes; nil: the catalog was unreadable
}

// setupPayments takes the payment store and the catalog; without them the pages 404.
func (d *Dashboard) setupPayments(cfg Config) {
	ps, ok := cfg.Store.(PaymentStore)
	if !ok {
		return
	}
	d.pay = &payments{store: ps}
	if c, err := catalog.Parse(cfg.Catalog); err == nil {
		d.pay.cat = c
	}
}

// routePayments adds the payment pages to mux.
func (d *Dashboard) routePayments(mux *http.ServeMux) {
	mux.Handle("GET /payments", d.authed(d.cityOnly(d.paymentList)))
	mux.Handle("GET /payments.csv", d.authed(d.cityOnly(d.paymentCSV)))
	mux.Handle("GET /payments/{txn}", d.authed(d.cityOnly(d.paymentPage)))
	mux.Handle("POST /payments/{txn}/match", d.authed(d.cityOnly(d.matchPayment)))
}

// cityOnly answers 404 to anyone but a city account (and when payments are off).
func (d *Dashboard) cityOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if d.pay == nil || sessionOf(r).account.Role != gwstore.RoleCity {
			d.renderError(w, r, http.StatusNotFound, "err.notfound")
			return
		}
		h(w, r)
	}
}

// paymentRow is one payment as listed.
type paymentRow struct {
	gwstore.Payment
	AmountText, DueText string
	Official            string // the matched dossier's official code
	ReasonText          string // why it is unmatched, in the reader's language
}

// reasonKeys translate the gateway's reasons for an unmatched credit (sync/gateway).
var reasonKeys = map[string]string{
	"no receipt code in the transfer content": "pay.reason.noref",
	"no dossier with this receipt code":       "pay.reason.unknown",
	"several dossiers with this receipt code": "pay.reason.ambiguous",
	"no fee is due for this dossier":          "pay.reason.nofee",
}

func reasonText(lang, reason string) string {
	if k, ok := reasonKeys[reason]; ok {
		return tr(lang, k)
	}
	return reason
}

// paymentsData is the payment list's model.
type paymentsData struct {
	Unmatched      bool
	Rows           []paymentRow
	Truncated      bool
	MatchedTotal   string
	UnmatchedCount int
	UnmatchedTotal string
	CSV            string
	Days           []dayFee // fees collected per day over the last 30 days, newest first
}

// dayFee is one day's fees collected (matched credits).
type dayFee struct{ Day, Amount string }

// officialCode is the official code of a dossier, cached in seen; "" when unknown.
func (d *Dashboard) officialCode(ctx context.Context, seen map[string]string, id string) string {
	code, ok := seen[id]
	if !ok {
		if doc, err := d.store.DossierByID(ctx, id); err == nil {
			code = doc.OfficialCode
		}
		seen[id] = code
	}
	return code
}

func (d *Dashboard) paymentRows(ctx context.Context, lang string, ps []gwstore.Payment) []paymentRow {
	out := make([]paymentRow, 0, len(ps))
	official := map[string]string{}
	for _, p := range ps {
		row := paymentRow{Payment: p, AmountText: vnd.Digits(p.Amount)}
		if p.DossierID == "" {
			row.ReasonText = reasonText(lang, p.Reason)
		}
		if p.Due > 0 {
			row.DueText = vnd.Digits(p.Due)
		}
		if p.DossierID != "" {
			row.Official = d.officialCode(ctx, official, p.DossierID)
		}
		out = append(out, row)
	}
	return out
}

func (d *Dashboard) paymentList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pd := &paymentsData{Unmatched: r.URL.Query().Get("unmatched") == "1"}
	all, err := d.pay.store.Payments(ctx, gwstore.PaymentFilter{})
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	var matched, unmatched int64
	var shown []gwstore.Payment
	for _, p := range all {
		if p.DossierID == "" {
			pd.UnmatchedCount++
			unmatched += p.Amount
		} else {
			matched += p.Amount
		}
		if !pd.Unmatched || p.DossierID == "" {
			shown = append(shown, p)
		}
	}
	if len(shown) > maxPaymentRows {
		shown, pd.Truncated = shown[:maxPaymentRows], true
	}
	pd.Rows = d.paymentRows(ctx, langOf(r), shown)
	pd.MatchedTotal, pd.UnmatchedTotal = vnd.Digits(matched), vnd.Digits(unmatched)
	today := d.now().In(d.loc)
	from := today.AddDate(0, 0, -29)
	byDay, err := d.pay.store.FeesCollected(ctx, from.Format(wire.DayLayout), today.Format(wire.DayLayout), d.loc)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	for day := today; !day.Before(from); day = day.AddDate(0, 0, -1) {
		if v := byDay[day.Format(wire.DayLayout)]; v > 0 {
			pd.Days = append(pd.Days, dayFee{Day: day.Format(wire.DayLayout), Amount: vnd.Digits(v)})
		}
	}
	pd.CSV = "/payments.csv"
	if pd.Unmatched {
		pd.CSV += "?unmatched=1"
	}
	d.render(w, r, http.StatusOK, "payments.html", page{Title: "pay.title", Nav: "payments", Data: pd})
}

// paymentData is one payment's page.
type paymentData struct {
	P       paymentRow
	Audits  []auditRow
	Ref     string // what was typed (after a refusal)
	Matched bool   // just matched: the flash
}

// auditRow is one manual match, with the dossier's official code.
type auditRow struct {
	gwstore.PaymentAudit
	Official string
}

func (d *Dashboard) paymentPage(w http.ResponseWriter, r *http.Request) {
	d.showPayment(w, r, http.StatusOK, "", paymentData{Matched: r.URL.Query().Get("matched") == "1"})
}

func (d *Dashboard) showPayment(w http.ResponseWriter, r *http.Request, status int, errKey string, pd paymentData) {
	ctx := r.Context()
	p, err := d.pay.store.Payment(ctx, r.PathValue("txn"))
	if d.lookupFailed(w, r, err) {
		return
	}
	pd.P = d.paymentRows(ctx, langOf(r), []gwstore.Payment{p})[0]
	audits, err := d.pay.store.PaymentAudits(ctx, p.TxnID)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	seen := map[string]string{}
	for _, a := range audits {
		pd.Audits = append(pd.Audits, auditRow{PaymentAudit: a, Official: d.officialCode(ctx, seen, a.DossierID)})
	}
	flash := ""
	if pd.Matched {
		flash = "pay.matched"
	}
	d.render(w, r, status, "payment.html", page{Title: "pay.one", Nav: "payments", Error: errKey, Flash: flash, Data: pd})
}

// matchPayment assigns an unmatched credit to the dossier the clerk names, recording
// who did it (the CSRF token was checked by authed).
func (d *Dashboard) matchPayment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := sessionOf(r).account
	txn := r.PathValue("txn")
	ref := strings.TrimSpace(r.PostFormValue("dossier"))
	keep := paymentData{Ref: ref}
	if ref == "" || len(ref) > 100 {
		d.showPayment(w, r, http.StatusUnprocessableEntity, "pay.err.ref", keep)
		return
	}
	doc, err := d.pay.store.DossierByRef(ctx, ref)
	switch {
	case errors.Is(err, gwstore.ErrNotFound):
		d.showPayment(w, r, http.StatusUnprocessableEntity, "pay.err.notfound", keep)
		return
	case errors.Is(err, gwstore.ErrAmbiguous):
		d.showPayment(w, r, http.StatusUnprocessableEntity, "pay.err.ambiguous", keep)
		return
	case err != nil:
		d.internalError(w, r, err)
		return
	}
	var due int64
	if d.pay.cat != nil {
		if due, err = doc.FeeDue(d.pay.cat, d.loc); err != nil {
			d.internalError(w, r, err)
			return
		}
	}
	if due <= 0 {
		d.showPayment(w, r, http.StatusUnprocessableEntity, "pay.err.nofee", keep)
		return
	}
	p, err := d.pay.store.MatchPayment(ctx, txn, doc.ID, due, a.Name, d.now())
	switch {
	case errors.Is(err, gwstore.ErrNotFound):
		d.renderError(w, r, http.StatusNotFound, "err.notfound")
		return
	case errors.Is(err, gwstore.ErrAlreadyMatched):
		d.showPayment(w, r, http.StatusConflict, "pay.err.already", keep)
		return
	case err != nil:
		d.internalError(w, r, err)
		return
	}
	d.log.InfoContext(ctx, "dashboard: payment matched by hand", "account", a.Name, "txn", txn, "dossier", doc.OfficialCode,
		"amount", p.Amount, "result", p.Result)
	http.Redirect(w, r, "/payments/"+url.PathEscape(txn)+"?matched=1", http.StatusSeeOther)
}

// paymentCSV exports the payments (or the unmatched ones) as CSV, UTF-8 with a BOM.
func (d *Dashboard) paymentCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := langOf(r)
	f := gwstore.PaymentFilter{Unmatched: r.URL.Query().Get("unmatched") == "1"}
	ps, err := d.pay.store.Payments(ctx, f)
	if err != nil {
		d.internalError(w, r, err)
		return
	}
	rows := d.paymentRows(ctx, lang, ps)
	name := "thanh-toan"
	if f.Unmatched {
		name += "-chua-khop"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.csv"`, name, d.now().In(d.loc).Format("2006-01-02")))
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	cw.Write([]string{tr(lang, "pay.col.received"), tr(lang, "pay.col.booked"), tr(lang, "pay.col.txn"), tr(lang, "pay.col.amount"),
		tr(lang, "pay.col.purpose"), tr(lang, "pay.col.account"), tr(lang, "pay.col.result"), tr(lang, "pay.col.due"),
		tr(lang, "col.official"), tr(lang, "col.receipt"), tr(lang, "pay.col.reason"), tr(lang, "pay.col.matched_by")})
	for _, p := range rows {
		due := ""
		if p.Due > 0 {
			due = strconv.FormatInt(p.Due, 10)
		}
		cw.Write([]string{p.ReceivedAt.In(d.loc).Format(time.RFC3339), p.BookedAt.In(d.loc).Format(time.RFC3339), cell(p.TxnID),
			strconv.FormatInt(p.Amount, 10), cell(p.Purpose), cell(p.Account), tr(lang, "pay.result."+p.Result), due,
			p.Official, p.Receipt, p.ReasonText, cell(p.MatchedBy)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		d.log.WarnContext(ctx, "dashboard: payment csv cut short", "err", err)
		return
	}
	bw.Flush()
}

func init() {
	for lang, m := range paymentMessages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}

// paymentMessages are the payment pages' texts.
var paymentMessages = map[string]map[string]string{
	"vi": {
		"nav.payments":         "Lệ phí đã nộp",
		"pay.title":            "Lệ phí nộp qua ngân hàng",
		"pay.one":              "Khoản thanh toán",
		"pay.all":              "Tất cả",
		"pay.unmatched":        "Chưa khớp hồ sơ",
		"pay.summary":          "Đã khớp với hồ sơ: %s. Chưa khớp: %d khoản, %s.",
		"pay.none":             "Chưa có khoản thanh toán nào.",
		"pay.days":             "Lệ phí đã thu theo ngày (30 ngày gần nhất)",
		"pay.truncated":        "Chỉ hiện 500 khoản mới nhất; tệp CSV có đủ.",
		"pay.col.received":     "Nhận lúc",
		"pay.col.booked":       "Ngân hàng ghi sổ",
		"pay.col.txn":          "Mã giao dịch",
		"pay.col.amount":       "Số tiền",
		"pay.col.purpose":      "Nội dung chuyển khoản",
		"pay.col.account":      "Tài khoản nhận",
		"pay.col.result":       "Kết quả",
		"pay.col.due":          "Phải nộp",
		"pay.col.reason":       "Lý do chưa khớp",
		"pay.col.matched_by":   "Khớp thủ công bởi",
		"pay.col.dossier":      "Hồ sơ",
		"pay.result.paid":      "Đủ",
		"pay.result.underpaid": "Thiếu",
		"pay.result.overpaid":  "Thừa",
		"pay.result.unmatched": "Chưa khớp",
		"pay.match":            "Khớp với hồ sơ",
		"pay.match.ref":        "Mã hồ sơ chính thức hoặc mã biên nhận",
		"pay.match.submit":     "Khớp khoản này với hồ sơ",
		"pay.match.hint":       "Thao tác được ghi lại cùng tên tài khoản của bạn.",
		"pay.matched":          "Đã khớp khoản thanh toán với hồ sơ.",
		"pay.audit":            "Lịch sử khớp thủ công",
		"pay.err.ref":          "Hãy nhập mã hồ sơ hoặc mã biên nhận.",
		"pay.err.notfound":     "Không có hồ sơ nào với mã này.",
		"pay.err.ambiguous":    "Mã này trùng với nhiều hồ sơ; hãy dùng mã hồ sơ chính thức.",
		"pay.err.nofee":        "Hồ sơ này không có lệ phí phải nộp qua ngân hàng.",
		"pay.err.already":      "Khoản thanh toán này đã được khớp với một hồ sơ.",
		"pay.reason.noref":     "Nội dung chuyển khoản không có mã biên nhận",
		"pay.reason.unknown":   "Không có hồ sơ nào với mã biên nhận này",
		"pay.reason.ambiguous": "Nhiều hồ sơ trùng mã biên nhận này",
		"pay.reason.nofee":     "Hồ sơ này không có lệ phí phải nộp",
	},
	"en": {
		"nav.payments":         "Fees paid",
		"pay.title":            "Fees paid by bank transfer",
		"pay.one":              "Payment",
		"pay.all":              "All",
		"pay.unmatched":        "Not matched",
		"pay.summary":          "Matched to dossiers: %s. Not matched: %d credits, %s.",
		"pay.none":             "No payment yet.",
		"pay.days":             "Fees collected per day (last 30 days)",
		"pay.truncated":        "Only the newest 500 are shown; the CSV file has them all.",
		"pay.col.received":     "Received",
		"pay.col.booked":       "Booked by the bank",
		"pay.col.txn":          "Transaction",
		"pay.col.amount":       "Amount",
		"pay.col.purpose":      "Transfer content",
		"pay.col.account":      "Credited account",
		"pay.col.result":       "Result",
		"pay.col.due":          "Due",
		"pay.col.reason":       "Why not matched",
		"pay.col.matched_by":   "Matched by hand by",
		"pay.col.dossier":      "Dossier",
		"pay.result.paid":      "Paid",
		"pay.result.underpaid": "Underpaid",
		"pay.result.overpaid":  "Overpaid",
		"pay.result.unmatched": "Not matched",
		"pay.match":            "Match to a dossier",
		"pay.match.ref":        "Official dossier code or receipt code",
		"pay.match.submit":     "Match this credit to the dossier",
		"pay.match.hint":       "The match is recorded with your account name.",
		"pay.matched":          "The payment is matched to the dossier.",
		"pay.audit":            "Matches made by hand",
		"pay.err.ref":          "Type a dossier code or receipt code.",
		"pay.err.notfound":     "No dossier has this code.",
		"pay.err.ambiguous":    "This code names several dossiers; use the official dossier code.",
		"pay.err.nofee":        "This dossier has no fee to pay by bank transfer.",
		"pay.err.already":      "This payment is already matched to a dossier.",
		"pay.reason.noref":     "No receipt code in the transfer content",
		"pay.reason.unknown":   "No dossier has this receipt code",
		"pay.reason.ambiguous": "Several dossiers have this receipt code",
		"pay.reason.nofee":     "This dossier owes no fee",
	},
}
