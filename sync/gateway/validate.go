package gateway

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"regexp"
	"strings"
	"unicode"
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
	// Issue 11's bounds, beyond the catalog's own checks: identity formats and lengths,
	// no control or bidi characters, bounded metadata and form values.
	filing.Extra = append(applicantProblems(d.Applicant), metaProblems(d)...)
	for i := range p.Form {
		if msg := fieldValueProblem(&p.Form[i], d.Fields[p.Form[i].ID]); msg != "" {
			filing.Extra = append(filing.Extra, msg)
		}
	}
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

// Bounds of the free text a dossier carries. The kiosk's own limits are tighter; these
// stop a kiosk (or whoever holds its secret) from storing a 900 KiB address, NUL bytes
// or right-to-left overrides that would garble the officials' screens.
const (
	maxNameRunes    = 100
	maxAddressRunes = 300
	maxFieldRunes   = 2000 // a form value without its own max_len
	maxIDLen        = 20
	maxShortLen     = 64 // receipt code, assisted_by, language
)

// printable reports whether s is valid UTF-8 without control, format (bidi overrides,
// zero-width characters), private-use or surrogate characters. Newlines are refused
// too: only multiline reports whether they are allowed.
func printable(s string) bool { return cleanText(s, false) }

// cleanText is printable, allowing '\n' (and "\r\n") when multiline.
func cleanText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r') {
			continue
		}
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) || r == utf8.RuneError || (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE {
			return false
		}
	}
	return true
}

var (
	idNumberRe = regexp.MustCompile(`^[A-Za-z0-9]{1,20}$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9 .-]{3,20}$`)
)

// applicantProblems checks the identity of a dossier's applicant: lengths, characters
// and formats. Each problem is a Vietnamese phrase for staff.
func applicantProblems(a wire.Applicant) []string {
	var p []string
	text := func(label, v string, max int) {
		switch {
		case utf8.RuneCountInString(v) > max:
			p = append(p, fmt.Sprintf("%s dài quá %d ký tự", label, max))
		case !printable(v):
			p = append(p, label+" chứa ký tự không hợp lệ")
		}
	}
	text("họ tên", a.Name, maxNameRunes)
	text("địa chỉ", a.Address, maxAddressRunes)
	for _, id := range []struct{ label, v string }{{"số định danh", a.IDNumber}, {"số CMND cũ", a.OldIDNumber}} {
		if id.v != "" && !idNumberRe.MatchString(id.v) {
			p = append(p, id.label+" không hợp lệ")
		}
	}
	if a.Phone != "" && !phoneRe.MatchString(a.Phone) {
		p = append(p, "số điện thoại không hợp lệ")
	}
	for _, d := range []struct{ label, v string }{{"ngày sinh", a.DOB}, {"ngày cấp", a.IssueDate}} {
		if d.v != "" && !wire.ValidDay(d.v) {
			p = append(p, d.label+" không đúng dạng YYYY-MM-DD")
		}
	}
	if a.Sex != "" && a.Sex != "Nam" && a.Sex != "Nữ" {
		p = append(p, "giới tính phải là Nam hoặc Nữ")
	}
	return p
}

// metaProblems checks a dossier's short free-text members.
func metaProblems(d *wire.Dossier) []string {
	var p []string
	for _, m := range []struct{ label, v string }{{"mã biên nhận", d.ReceiptCode}, {"người hỗ trợ", d.AssistedBy}, {"ngôn ngữ", d.Language}} {
		if len(m.v) > maxShortLen || !printable(m.v) {
			p = append(p, m.label+" không hợp lệ")
		}
	}
	if c := d.Consent; c != nil && (c.At.IsZero() || c.Version == "" || len(c.Version) > maxShortLen || !printable(c.Version)) {
		p = append(p, "bản ghi đồng ý xử lý dữ liệu cá nhân không hợp lệ")
	}
	return p
}

// fieldValueProblem checks one form value's length and characters (its own max_len,
// pattern and choices are checked by validate).
func fieldValueProblem(f *catalog.Field, v string) string {
	if f.MaxLen == 0 && utf8.RuneCountInString(v) > maxFieldRunes {
		return fmt.Sprintf("%q dài quá %d ký tự", f.Label, maxFieldRunes)
	}
	if !cleanText(v, f.Type == catalog.LongText) {
		return fmt.Sprintf("%q chứa ký tự không hợp lệ", f.Label)
	}
	return ""
}

// maxPagePixels bounds a page's dimensions before it is decoded: an A4 sheet at 600 dpi
// in colour is 35 Mpx; a forged header claiming more would make decoding a memory bomb.
const maxPagePixels = 40_000_000

// decodeSlots bounds the pages decoded at once (each may take ~100 MB while decoding).
var decodeSlots = make(chan struct{}, 2)

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// pageProblem checks that page bytes are the JPEG or PNG image they claim to be: the
// format's signature, a header with sane dimensions, and a full decode. It returns the
// reason of a refusal in Vietnamese, or "".
func pageProblem(data []byte) string {
	var decodeConfig func(io.Reader) (image.Config, error)
	var decode func(io.Reader) (image.Image, error)
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	case bytes.HasPrefix(data, pngMagic):
		decodeConfig, decode = png.DecodeConfig, png.Decode
	default:
		return "Trang quét không phải ảnh JPEG hoặc PNG."
	}
	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return "Trang quét hỏng: không đọc được đầu ảnh."
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPagePixels {
		return fmt.Sprintf("Trang quét có kích thước %d×%d điểm ảnh, ngoài giới hạn.", cfg.Width, cfg.Height)
	}
	decodeSlots <- struct{}{}
	defer func() { <-decodeSlots }()
	if _, err := decode(bytes.NewReader(data)); err != nil {
		return "Trang quét hỏng: ảnh không giải mã được."
	}
	return ""
}
