package gateway

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// validate checks a new dossier against the served catalog. It returns the reason of
// a refusal in Vietnamese, for staff to read at the kiosk, or "" when it is acceptable.
// It does not require every document of the procedure: the city asks for missing
// documents through the needs_more status.
func (s *Server) validate(d *wire.Dossier) string {
	cat := s.cat.Load().cat
	p, ok := cat.Find(d.ProcedureCode)
	if !ok {
		return fmt.Sprintf("Thủ tục %q không có trong danh mục thủ tục của cổng dịch vụ công.", d.ProcedureCode)
	}
	if strings.TrimSpace(d.Applicant.Name) == "" {
		return "Thiếu họ tên người nộp hồ sơ."
	}
	var problems []string
	form := map[string]*catalog.Field{}
	for i := range p.Form {
		form[p.Form[i].ID] = &p.Form[i]
	}
	for name := range d.Fields {
		if form[name] == nil {
			problems = append(problems, fmt.Sprintf("trường %q không có trong biểu mẫu", name))
		}
	}
	for _, f := range p.Form {
		v := strings.TrimSpace(d.Fields[f.ID])
		if v == "" {
			if f.Required && d.Applicant.Value(f.Applicant) == "" {
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
		if f.Type == catalog.Choice && len(f.Choices) > 0 && !contains(f.Choices, v) {
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
	seqs := map[int]bool{}
	for _, pg := range d.Pages {
		switch {
		case !wire.ValidSHA256(pg.SHA256):
			problems = append(problems, fmt.Sprintf("trang %d: mã băm SHA-256 không hợp lệ", pg.Seq))
		case pg.Size <= 0 || pg.Size > wire.MaxPageSize:
			problems = append(problems, fmt.Sprintf("trang %d: kích thước %d byte không hợp lệ", pg.Seq, pg.Size))
		case pg.Format != "jpeg" && pg.Format != "png":
			problems = append(problems, fmt.Sprintf("trang %d: định dạng %q không được nhận (chỉ jpeg, png)", pg.Seq, pg.Format))
		case pg.DocumentID != "" && !docs[pg.DocumentID]:
			problems = append(problems, fmt.Sprintf("trang %d: giấy tờ %q không thuộc thủ tục này", pg.Seq, pg.DocumentID))
		case pg.Seq < 1 || seqs[pg.Seq]:
			problems = append(problems, fmt.Sprintf("trang %d: số thứ tự trùng hoặc không hợp lệ", pg.Seq))
		}
		seqs[pg.Seq] = true
	}
	if len(problems) == 0 {
		return ""
	}
	return "Hồ sơ không hợp lệ: " + strings.Join(problems, "; ") + "."
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
