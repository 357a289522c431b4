// Package catalog holds the procedure catalog: the administrative procedures a kiosk
// offers, with what each needs and the form a resident fills. It is part of the wire
// contract (the gateway serves it, the kiosk caches it in sync/store) and has no I/O.
//
// # JSON format
//
// A catalog file is one JSON object:
//
//	{
//	  "version": "2026.11.1",          // free text, shown to staff; required
//	  "issuer": "UBND TP Cần Thơ",      // who publishes it; optional
//	  "procedures": [ Procedure, ... ], // at least one; codes unique
//	  "payees": [ Payee, ... ]          // optional: where fees are paid (fees.go)
//	}
//
// A Procedure:
//
//	{
//	  "code": "1.001193",              // national code: digits and dots, required, unique
//	  "code_unverified": false,        // true when the national code is not confirmed
//	  "name": "Đăng ký khai sinh",     // required
//	  "name_en": "Birth registration", // optional
//	  "field": "Hộ tịch",              // lĩnh vực, required
//	  "agency": "UBND cấp xã",         // handling agency, required
//	  "level": 3,                      // 3 (một phần) or 4 (toàn trình), required
//	  "processing_time": "Ngay trong ngày", // required
//	  "fees": [{"label": "...", "amount_vnd": 0, "note": "...", "when": FeeWhen}], // may be empty (free)
//	  "steps": ["...", "..."],         // at least one
//	  "documents": [Document, ...],    // at least one
//	  "form": [Field, ...]             // at least one; ids unique within the procedure
//	}
//
// A Document: {"id": "to-khai", "name": "...", "template": "Mẫu ...", "copies": 1,
// "original": true, "scan": true, "optional": false}. id is required and unique within
// the procedure; copies ≥ 1; scan says whether the kiosk must scan it.
//
// A Field: {"id": "ho_ten", "label": "...", "label_en": "...", "type": "text",
// "required": true, "choices": [...], "min_len": 0, "max_len": 100, "pattern": "...",
// "help": "...", "applicant": "name"}. type is one of text, longtext, date, number,
// choice, phone, cccd. choice needs at least two choices; pattern must compile as a Go
// regexp. applicant, when set, names the identity value that fills the field from the
// resident's CCCD: name, id_number, old_id_number, dob, sex, address, issue_date.
//
// # English
//
// Every resident-visible string has an optional English twin named with _en:
// name_en, field_en, agency_en, processing_time_en and steps_en (one per step) on the
// procedure; label_en and note_en on a fee; name_en and template_en on a document;
// label_en, help_en and choices_en (one per choice, same order) on a field. A twin
// left out (or empty) falls back to the Vietnamese text: Procedure.Localized("en")
// returns the procedure with every string in English where it has one and in
// Vietnamese where it has not, so a screen shows one procedure whatever its language.
// A choice's value stays the Vietnamese choice; Field.ChoiceLabel shows it.
//
// # Colloquial names and page caps
//
// "aliases" on a procedure lists the names residents use for it ("giấy độc thân",
// "làm khai sinh"); search indexes them like the name. "max_pages" on a document caps
// the pages scanned for it (0 or absent: no cap; at most MaxPagesLimit).
//
// Validate returns every problem it finds, each naming the procedure and the field.
package catalog

// Level is the service level of a procedure: 3 (partial online, "một phần") or
// 4 (end-to-end online, "toàn trình").
type Level int

// The two levels a kiosk offers.
const (
	Level3 Level = 3
	Level4 Level = 4
)

// FieldType is the kind of input a form field takes.
type FieldType string

// Field types of the form.
const (
	Text     FieldType = "text"
	LongText FieldType = "longtext"
	Date     FieldType = "date"
	Number   FieldType = "number"
	Choice   FieldType = "choice"
	Phone    FieldType = "phone"
	CCCD     FieldType = "cccd"
)

// Catalog is a whole procedure catalog as published by the city.
type Catalog struct {
	Version    string      `json:"version"`
	Issuer     string      `json:"issuer,omitempty"`
	Procedures []Procedure `json:"procedures"`
	// Payees are the bank accounts fees are paid into (fees.go); the gateway adds those
	// of its configuration that apply to the asking kiosk's commune.
	Payees []Payee `json:"payees,omitempty"`
}

// Procedure is one administrative procedure (thủ tục hành chính).
type Procedure struct {
	Code           string     `json:"code"`
	CodeUnverified bool       `json:"code_unverified,omitempty"`
	Name           string     `json:"name"`
	NameEN         string     `json:"name_en,omitempty"`
	Field          string     `json:"field"`
	Agency         string     `json:"agency"`
	Level          Level      `json:"level"`
	ProcessingTime string     `json:"processing_time"`
	Fees           []Fee      `json:"fees"`
	Steps          []string   `json:"steps"`
	Documents      []Document `json:"documents"`
	Form           []Field    `json:"form"`

	// English for the resident-visible text (see Localized); each may be left out.
	FieldEN          string   `json:"field_en,omitempty"`
	AgencyEN         string   `json:"agency_en,omitempty"`
	ProcessingTimeEN string   `json:"processing_time_en,omitempty"`
	StepsEN          []string `json:"steps_en,omitempty"` // as many as steps when given
	// Aliases are the colloquial names residents use for the procedure ("giấy độc
	// thân" for the marital-status certificate, "làm khai sinh"): search finds the
	// procedure by them as by its name.
	Aliases []string `json:"aliases,omitempty"`
	// Groups name the screens on which closely related short fields are asked
	// together (group.go); a field joins one with "group".
	Groups []Group `json:"groups,omitempty"`
}

// Fee is one fee or charge of a procedure.
type Fee struct {
	Label     string `json:"label"`
	AmountVND int64  `json:"amount_vnd"`
	Note      string `json:"note,omitempty"`
	LabelEN   string `json:"label_en,omitempty"`
	NoteEN    string `json:"note_en,omitempty"`
	// When says when the fee applies; nil: always (fees.go).
	When *FeeWhen `json:"when,omitempty"`
}

// Document is one item of the dossier (thành phần hồ sơ).
type Document struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Template   string `json:"template,omitempty"`
	Copies     int    `json:"copies"`
	Original   bool   `json:"original,omitempty"`
	Scan       bool   `json:"scan"`
	Optional   bool   `json:"optional,omitempty"`
	NameEN     string `json:"name_en,omitempty"`
	TemplateEN string `json:"template_en,omitempty"`
	// MaxPages caps how many pages the kiosk scans for this document (0: no cap).
	MaxPages int `json:"max_pages,omitempty"`
}

// Field is one input of the procedure's form.
type Field struct {
	ID        string    `json:"id"`
	Label     string    `json:"label"`
	LabelEN   string    `json:"label_en,omitempty"`
	Type      FieldType `json:"type"`
	Required  bool      `json:"required,omitempty"`
	Choices   []string  `json:"choices,omitempty"`
	MinLen    int       `json:"min_len,omitempty"`
	MaxLen    int       `json:"max_len,omitempty"`
	Pattern   string    `json:"pattern,omitempty"`
	Help      string    `json:"help,omitempty"`
	Applicant string    `json:"applicant,omitempty"`
	HelpEN    string    `json:"help_en,omitempty"`
	// ChoicesEN are the choices as shown in English, in the order of Choices (the
	// value kept in the dossier stays the Vietnamese choice).
	ChoicesEN []string `json:"choices_en,omitempty"`
	// Relation, on a choice field, names the person each choice makes the applicant
	// ({"Mẹ": "me"}); Person marks a field as that person's value "applicant" (see
	// ApplicantKey): filled from the applicant when the relation answer names them.
	Relation map[string]string `json:"relation,omitempty"`
	Person   string            `json:"person,omitempty"`
	// Group is the id of the procedure's Group the field is asked with, "" for a
	// screen of its own.
	Group string `json:"group,omitempty"`
	// Past, on a date field, says the date cannot be after today (a birth, a death);
	// the applicant's date of birth and ID issue date are past without it.
	Past bool `json:"past,omitempty"`
}

// Find returns the procedure with the given code.
func (c *Catalog) Find(code string) (*Procedure, bool) {
	for i := range c.Procedures {
		if c.Procedures[i].Code == code {
			return &c.Procedures[i], true
		}
	}
	return nil, false
}

// ScanDocuments returns the documents of p that the kiosk scans.
func (p *Procedure) ScanDocuments() []Document {
	var out []Document
	for _, d := range p.Documents {
		if d.Scan {
			out = append(out, d)
		}
	}
	return out
}

// ApplicantKeys returns the identity values (catalog.ApplicantKeys) p's form uses, plus
// "name", which every dossier carries to say whose it is. Only these leave the kiosk:
// a CCCD's QR code holds more (old ID number, issue date…) than most forms ask for.
func (p *Procedure) ApplicantKeys() map[string]bool {
	keys := map[string]bool{"name": true}
	for _, f := range p.Form {
		if f.Applicant != "" {
			keys[f.Applicant] = true
		}
	}
	return keys
}

// FormFields returns the ids of p's form fields.
func (p *Procedure) FormFields() map[string]bool {
	ids := make(map[string]bool, len(p.Form))
	for _, f := range p.Form {
		ids[f.ID] = true
	}
	return ids
}
