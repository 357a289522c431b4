package gateway

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// validate checks a new dossier against the served catalog. It returns the reason of
// a refusal in Vietnamese, for staff to read at the kiosk, or "" when it is acceptable.
// The form and page-document checks are the catalog's (Procedure.Refusal, which the
// kiosk applies before saving); the gateway adds its checks of the page bytes (hash,
// size, order). It does not require every document of the procedure: the city asks
// for missing documents through the needs_more status.
func (s *Server) validate(d *wire.Dossier) string {
	cat := s.cat.Load().cat
	p, ok := cat.Find(d.ProcedureCode)
	if !ok {
		return fmt.Sprintf("Thủ tục %q không có trong danh mục thủ tục của cổng dịch vụ công.", d.ProcedureCode)
	}
	filing := catalog.Filing{ApplicantName: d.Applicant.Name, Applicant: d.Applicant.Value, Fields: d.Fields}
	seqs := map[int]bool{}
	for _, pg := range d.Pages {
		switch {
		case !wire.ValidSHA256(pg.SHA256):
			filing.Extra = append(filing.Extra, fmt.Sprintf("trang %d: mã băm SHA-256 không hợp lệ", pg.Seq))
		case pg.Size <= 0 || pg.Size > wire.MaxPageSize:
			filing.Extra = append(filing.Extra, fmt.Sprintf("trang %d: kích thước %d byte không hợp lệ", pg.Seq, pg.Size))
		case pg.Seq < 1 || seqs[pg.Seq]:
			filing.Extra = append(filing.Extra, fmt.Sprintf("trang %d: số thứ tự trùng hoặc không hợp lệ", pg.Seq))
		default:
			filing.Pages = append(filing.Pages, catalog.FiledPage{Seq: pg.Seq, DocumentID: pg.DocumentID, Format: pg.Format})
		}
		seqs[pg.Seq] = true
	}
	return p.Refusal(filing)
}

// The checks below are the shared validation layer in front of both stores: input
// that one engine would store and the other refuse with an error (PostgreSQL's TEXT
// takes no NUL byte and no invalid UTF-8, its INTEGER no value above 2^31−1) is refused
// here, with the same 422 whatever the store.

// maxFigure is the largest usage figure: PostgreSQL's INTEGER.
const maxFigure = 1<<31 - 1

// badText reports why s cannot be stored as text ("" when it can): invalid UTF-8 or a
// NUL byte.
func badText(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "không phải UTF-8 hợp lệ"
	case strings.IndexByte(s, 0) >= 0:
		return "chứa ký tự NUL"
	}
	return ""
}

// checkDossierText checks every text of a dossier; it returns the refusal in
// Vietnamese, or "".
func checkDossierText(d *wire.Dossier) string {
	var problems []string
	check := func(what, s string) {
		if why := badText(s); why != "" {
			problems = append(problems, fmt.Sprintf("%s %s", what, why))
		}
	}
	check("mã biên nhận", d.ReceiptCode)
	check("mã thủ tục", d.ProcedureCode)
	check("người hỗ trợ", d.AssistedBy)
	check("ngôn ngữ", d.Language)
	a := d.Applicant
	for _, f := range []struct{ what, v string }{{"họ tên", a.Name}, {"số định danh", a.IDNumber}, {"số CMND cũ", a.OldIDNumber},
		{"ngày sinh", a.DOB}, {"giới tính", a.Sex}, {"địa chỉ", a.Address}, {"ngày cấp", a.IssueDate}, {"điện thoại", a.Phone}} {
		check(f.what, f.v)
	}
	for k, v := range d.Fields {
		check(fmt.Sprintf("tên trường %q", k), k)
		check(fmt.Sprintf("trường %q", k), v)
	}
	for _, p := range d.Pages {
		check(fmt.Sprintf("trang %d: giấy tờ", p.Seq), p.DocumentID)
		check(fmt.Sprintf("trang %d: định dạng", p.Seq), p.Format)
	}
	return catalog.RefusalMessage(problems)
}

// checkUsage checks a day's usage figures; it returns the refusal in Vietnamese, or "".
func checkUsage(u wire.Usage) string {
	if !nonNegative(u) {
		return "Số liệu sử dụng không được âm."
	}
	figures := []int{u.Sessions, u.Completed, u.Abandoned, u.DossiersStarted, u.DossiersSubmitted, u.AssistedDossiers, u.PagesScanned, u.Lookups}
	figures = append(figures, u.Ratings[:]...)
	for _, m := range []map[string]int{u.ProcedureViews, u.DossiersByProcedure} {
		for k, v := range m {
			if why := badText(k); why != "" {
				return "Mã thủ tục trong số liệu sử dụng " + why + "."
			}
			figures = append(figures, v)
		}
	}
	for _, v := range figures {
		if v > maxFigure {
			return fmt.Sprintf("Số liệu sử dụng vượt quá %d.", maxFigure)
		}
	}
	return ""
}
