package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Filing is what a dossier says about a procedure's form, for CheckFiling: the
// applicant's identity values (looked up by a field's "applicant" key), the form's
// values by field id, and the document each page belongs to.
type Filing struct {
	ApplicantName string
	Applicant     func(key string) string // nil: no identity values
	Fields        map[string]string
	Pages         []FiledPage
	// Extra holds problems the caller found with its own checks (the gateway's checks
	// of page bytes: hash, size, order); Refusal lists them after CheckFiling's.
	Extra []string
}

// FiledPage is one page of a dossier as CheckFiling sees it (Seq is 1-based).
type FiledPage struct {
	Seq        int
	DocumentID string
	Format     string
}

// MissingApplicantName is the gateway's refusal of a dossier without the applicant's name.
const MissingApplicantName = "Thiếu họ tên người nộp hồ sơ."

// Refusal returns the sentence the city gateway refuses a dossier of p with, in
// Vietnamese (staff read it at the kiosk), or "" when it is acceptable: the applicant's
// name is missing, or RefusalMessage of CheckFiling's problems. The kiosk applies it
// before saving, so a dossier the gateway would refuse is refused on the kiosk with
// the same words.
func (p *Procedure) Refusal(d Filing) string {
	if strings.TrimSpace(d.ApplicantName) == "" {
		return MissingApplicantName
	}
	return RefusalMessage(append(p.CheckFiling(d), d.Extra...))
}

// CheckFiling returns the problems of a dossier's form and pages against p, one
// Vietnamese phrase per problem in a stable order, or nil. It does not require every
// document: the city asks for missing documents through the needs_more status. The
// gateway adds its own checks of the page bytes (hash, size, order).
func (p *Procedure) CheckFiling(d Filing) []string {
	var problems []string
	applicant := d.Applicant
	if applicant == nil {
		applicant = func(string) string { return "" }
	}
	form := map[string]*Field{}
	for i := range p.Form {
		form[p.Form[i].ID] = &p.Form[i]
	}
	for _, name := range sortedKeys(d.Fields) {
		if form[name] == nil {
			problems = append(problems, fmt.Sprintf("trường %q không có trong biểu mẫu", name))
		}
	}
	for _, f := range p.Form {
		v := strings.TrimSpace(d.Fields[f.ID])
		if v == "" {
			if key := p.ApplicantKey(&f, func(id string) string { return d.Fields[id] }); f.Required && (key == "" || applicant(key) == "") {
				problems = append(problems, fmt.Sprintf("thiếu %q", f.Label))
			}
			continue
		}
		if n := utf8.RuneCountInString(v); f.MinLen > 0 && n < f.MinLen {
			problems = append(problems, fmt.Sprintf("%q ngắn hơn %d ký tự", f.Label, f.MinLen))
		}
		if f.MaxLen > 0 && utf8.RuneCountInString(v) > f.MaxLen {
			problems = append(problems, fmt.Sprintf("%q dài quá %d ký tự", f.Label, f.MaxLen))
		}
		if f.Type == Choice && len(f.Choices) > 0 && !hasChoice(f.Choices, v) {
			problems = append(problems, fmt.Sprintf("%q không phải một lựa chọn hợp lệ", f.Label))
		}
		if f.Pattern != "" {
			if re, err := regexp.Compile(f.Pattern); err == nil && !re.MatchString(v) {
				problems = append(problems, fmt.Sprintf("%q không đúng định dạng", f.Label))
			}
		}
	}
	docs := map[string]bool{}
	for _, doc := range p.Documents {
		docs[doc.ID] = true
	}
	for _, pg := range d.Pages {
		switch {
		case pg.Format != "jpeg" && pg.Format != "png":
			problems = append(problems, fmt.Sprintf("trang %d: định dạng %q không được nhận (chỉ jpeg, png)", pg.Seq, pg.Format))
		case pg.DocumentID != "" && !docs[pg.DocumentID]:
			problems = append(problems, fmt.Sprintf("trang %d: giấy tờ %q không thuộc thủ tục này", pg.Seq, pg.DocumentID))
		}
	}
	return problems
}

// RefusalMessage is the sentence the gateway refuses an invalid dossier with, built
// from CheckFiling's problems (and the gateway's own checks of page bytes); "" for none.
func RefusalMessage(problems []string) string {
	if len(problems) == 0 {
		return ""
	}
	return "Hồ sơ không hợp lệ: " + strings.Join(problems, "; ") + "."
}

func hasChoice(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
