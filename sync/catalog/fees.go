package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// FeeWhen is the condition of a fee that does not always apply. Exactly one of Equals
// and DaysAgoOver is set:
//
//	{"field": "lan_ket_hon", "equals": ["Lần thứ hai trở lên"]}  // the answer is one of these
//	{"field": "tre_ngay_sinh", "days_ago_over": 60}              // a date answer more than 60 days before filing (late registration)
type FeeWhen struct {
	Field       string   `json:"field"`
	Equals      []string `json:"equals,omitempty"`
	DaysAgoOver int      `json:"days_ago_over,omitempty"`
}

// Payee is a bank account fees are paid into, from the gateway's configuration. Commune
// empty: any commune; Agency empty: any procedure's agency. The kiosk uses the most
// specific payee that applies (PayeeFor).
type Payee struct {
	Commune     string `json:"commune,omitempty"`
	Agency      string `json:"agency,omitempty"`
	BankBIN     string `json:"bank_bin"`  // NAPAS BIN, 6 digits
	BankName    string `json:"bank_name"` // shown to the resident
	Account     string `json:"account"`
	AccountName string `json:"account_name"` // as the bank holds it, shown before paying
}

// Applies reports whether the fee applies to a dossier with these form answers filed
// on the given day (answers as stored: dates YYYY-MM-DD).
func (f Fee) Applies(answers map[string]string, filed time.Time) bool {
	w := f.When
	if w == nil {
		return true
	}
	v := strings.TrimSpace(answers[w.Field])
	if len(w.Equals) > 0 {
		return slices.Contains(w.Equals, v)
	}
	d, err := time.ParseInLocation("2006-01-02", v, filed.Location())
	if err != nil {
		return false
	}
	y, m, day := filed.Date()
	today := time.Date(y, m, day, 0, 0, 0, 0, filed.Location())
	return today.Sub(d) > time.Duration(w.DaysAgoOver)*24*time.Hour
}

// FeeDue is the total of the fees that apply to a dossier of p with these answers filed
// at filed, and those fees (amount > 0 only).
func (p *Procedure) FeeDue(answers map[string]string, filed time.Time) (int64, []Fee) {
	var total int64
	var due []Fee
	for _, f := range p.Fees {
		if f.AmountVND > 0 && f.Applies(answers, filed) {
			total += f.AmountVND
			due = append(due, f)
		}
	}
	return total, due
}

// PayeeFor returns the payee of p's fees: one for p's agency before one for any agency,
// and among those one for a named commune (the gateway sends a kiosk only its own
// commune's) before one for any commune.
func (c *Catalog) PayeeFor(p *Procedure) (Payee, bool) {
	best, rank := Payee{}, -1
	for _, y := range c.Payees {
		if y.Agency != "" && y.Agency != p.Agency {
			continue
		}
		r := 0
		if y.Agency != "" {
			r += 2
		}
		if y.Commune != "" {
			r++
		}
		if r > rank {
			best, rank = y, r
		}
	}
	return best, rank >= 0
}

// PayeesFor keeps the payees that apply to a kiosk of commune: those of that commune
// and those of any commune.
func PayeesFor(all []Payee, commune string) []Payee {
	var out []Payee
	for _, y := range all {
		if y.Commune == "" || strings.EqualFold(strings.TrimSpace(y.Commune), strings.TrimSpace(commune)) {
			out = append(out, y)
		}
	}
	return out
}

var (
	binPattern     = regexp.MustCompile(`^[0-9]{6}$`)
	accountPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,19}$`)
)

// ValidatePayees checks payees on their own (the gateway's configuration file).
func ValidatePayees(ys []Payee) error {
	var ps []Problem
	validatePayees(ys, func(proc, where, format string, a ...any) {
		ps = append(ps, Problem{Procedure: proc, Where: where, Message: fmt.Sprintf(format, a...)})
	})
	if len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

func validatePayees(ys []Payee, add addFunc) {
	seen := map[[2]string]int{}
	for i, y := range ys {
		where := fmt.Sprintf("payees[%d]", i)
		if !binPattern.MatchString(y.BankBIN) {
			add("", where, "bank_bin must be the bank's 6-digit NAPAS BIN, got %q", y.BankBIN)
		}
		if !accountPattern.MatchString(y.Account) {
			add("", where, "account must be 1 to 19 letters or digits, got %q", y.Account)
		}
		if strings.TrimSpace(y.AccountName) == "" {
			add("", where, "account_name is required (the resident checks it before paying)")
		}
		if strings.TrimSpace(y.BankName) == "" {
			add("", where, "bank_name is required")
		}
		key := [2]string{strings.ToLower(strings.TrimSpace(y.Commune)), y.Agency}
		if j, dup := seen[key]; dup {
			add("", where, "same commune and agency as payees[%d]", j)
		}
		seen[key] = i
	}
}

func validateFeeWhens(id string, p *Procedure, add addFunc) {
	for j, f := range p.Fees {
		w := f.When
		if w == nil {
			continue
		}
		where := fmt.Sprintf("fees[%d].when", j)
		i := slices.IndexFunc(p.Form, func(fl Field) bool { return fl.ID == w.Field })
		if i < 0 {
			add(id, where, "field %q is not in the form", w.Field)
			continue
		}
		fl := p.Form[i]
		switch {
		case len(w.Equals) > 0 && w.DaysAgoOver != 0:
			add(id, where, "give either equals or days_ago_over, not both")
		case len(w.Equals) > 0:
			for _, v := range w.Equals {
				if fl.Type == Choice && !slices.Contains(fl.Choices, v) {
					add(id, where, "%q is not one of the choices of %s", v, w.Field)
				}
			}
		case w.DaysAgoOver > 0:
			if fl.Type != Date {
				add(id, where, "days_ago_over needs a date field; %s is %s", w.Field, fl.Type)
			}
		default:
			add(id, where, "give equals (answers) or days_ago_over (a positive number of days)")
		}
	}
}
