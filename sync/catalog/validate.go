package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ErrInvalid is wrapped by every validation or decoding failure.
var ErrInvalid = errors.New("invalid catalog")

// Problem is one thing wrong in a catalog, located by procedure and field.
type Problem struct {
	Procedure string // code (or #index when the code is missing)
	Where     string // "form.ho_ten", "documents[2]", "level", …; empty for the procedure itself
	Message   string
}

func (p Problem) String() string {
	loc := "procedure " + p.Procedure
	if p.Procedure == "" {
		loc = "catalog"
	}
	if p.Where != "" {
		loc += ", " + p.Where
	}
	return loc + ": " + p.Message
}

// ValidationError lists every problem found; errors.Is(err, ErrInvalid) holds.
type ValidationError struct{ Problems []Problem }

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid catalog: %d problem(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == 20 {
			fmt.Fprintf(&b, "; … and %d more", len(e.Problems)-20)
			break
		}
		b.WriteString("; ")
		b.WriteString(p.String())
	}
	return b.String()
}

func (e *ValidationError) Unwrap() error { return ErrInvalid }

// MaxSize bounds a catalog file (Cần Thơ publishes ~2,200 procedures, a few MB).
const MaxSize = 64 << 20

// Parse decodes and validates a catalog. Unknown JSON fields are refused so that a
// misspelt key does not silently drop data.
func Parse(data []byte) (*Catalog, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w: %d bytes is over the %d-byte limit", ErrInvalid, len(data), MaxSize)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not UTF-8 text", ErrInvalid)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the catalog object", ErrInvalid)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func describeJSONError(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("JSON syntax error on line %d: %v", line, se)
	case errors.As(err, &te):
		line := 1 + bytes.Count(data[:min(int(te.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("line %d: %s must be %s, not %s", line, te.Field, te.Type, te.Value)
	}
	return err.Error()
}

var (
	codePattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)+$`)
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
)

var fieldTypes = map[FieldType]bool{Text: true, LongText: true, Date: true, Number: true, Choice: true, Phone: true, CCCD: true}

// ApplicantKeys are the identity values a form field may be filled from.
var ApplicantKeys = map[string]bool{
	"name": true, "id_number": true, "old_id_number": true, "dob": true,
	"sex": true, "address": true, "issue_date": true, "phone": true,
}

// Validate checks the whole catalog and returns a *ValidationError listing every problem.
func (c *Catalog) Validate() error {
	var ps []Problem
	add := func(proc, where, format string, a ...any) {
		ps = append(ps, Problem{Procedure: proc, Where: where, Message: fmt.Sprintf(format, a...)})
	}
	if strings.TrimSpace(c.Version) == "" {
		add("", "version", "is required")
	}
	if len(c.Procedures) == 0 {
		add("", "procedures", "the catalog has no procedure")
	}
	seen := map[string]int{}
	for i := range c.Procedures {
		p := &c.Procedures[i]
		id := p.Code
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
		}
		if !codePattern.MatchString(p.Code) {
			add(id, "code", "must be digits separated by dots (like 1.001193), got %q", p.Code)
		} else if j, dup := seen[p.Code]; dup {
			add(id, "code", "is used again by procedure #%d", j+1)
		} else {
			seen[p.Code] = i
		}
		req := func(where, v string) {
			if strings.TrimSpace(v) == "" {
				add(id, where, "is required")
			}
		}
		req("name", p.Name)
		req("field", p.Field)
		req("agency", p.Agency)
		req("processing_time", p.ProcessingTime)
		if p.Level != Level3 && p.Level != Level4 {
			add(id, "level", "must be 3 or 4, got %d", p.Level)
		}
		for j, f := range p.Fees {
			if strings.TrimSpace(f.Label) == "" {
				add(id, fmt.Sprintf("fees[%d].label", j), "is required")
			}
			if f.AmountVND < 0 {
				add(id, fmt.Sprintf("fees[%d].amount_vnd", j), "must not be negative")
			}
		}
		if len(p.Steps) == 0 {
			add(id, "steps", "at least one step is required")
		}
		for j, s := range p.Steps {
			if strings.TrimSpace(s) == "" {
				add(id, fmt.Sprintf("steps[%d]", j), "is empty")
			}
		}
		validateFeeWhens(id, p, add)
		validateDocuments(id, p.Documents, add)
		validateForm(id, p.Form, add)
		validateEnglishAndAliases(id, p, add)
		validateGroups(id, p, add)
	}
	validatePayees(c.Payees, add)
	if len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

type addFunc func(proc, where, format string, a ...any)

func validateDocuments(id string, docs []Document, add addFunc) {
	if len(docs) == 0 {
		add(id, "documents", "at least one document is required")
	}
	ids := map[string]bool{}
	for j, d := range docs {
		where := fmt.Sprintf("documents[%d]", j)
		if d.ID != "" {
			where = "documents." + d.ID
		}
		if !idPattern.MatchString(d.ID) {
			add(id, where, "id must be lower-case letters, digits, - or _, got %q", d.ID)
		} else if ids[d.ID] {
			add(id, where, "id is used twice")
		}
		ids[d.ID] = true
		if strings.TrimSpace(d.Name) == "" {
			add(id, where, "name is required")
		}
		if d.Copies < 1 {
			add(id, where, "copies must be at least 1, got %d", d.Copies)
		}
	}
}

func validateForm(id string, form []Field, add addFunc) {
	if len(form) == 0 {
		add(id, "form", "at least one field is required")
	}
	ids := map[string]bool{}
	for j, f := range form {
		where := fmt.Sprintf("form[%d]", j)
		if f.ID != "" {
			where = "form." + f.ID
		}
		if !idPattern.MatchString(f.ID) {
			add(id, where, "id must be lower-case letters, digits, - or _, got %q", f.ID)
		} else if ids[f.ID] {
			add(id, where, "id is used twice")
		}
		ids[f.ID] = true
		if strings.TrimSpace(f.Label) == "" {
			add(id, where, "label is required")
		}
		if !fieldTypes[f.Type] {
			add(id, where, "type must be one of text, longtext, date, number, choice, phone, cccd; got %q", f.Type)
		}
		if f.Type == Choice && len(f.Choices) < 2 {
			add(id, where, "a choice field needs at least two choices")
		}
		if f.Type != Choice && len(f.Choices) > 0 {
			add(id, where, "choices are only for type choice")
		}
		if f.MinLen < 0 || f.MaxLen < 0 || (f.MaxLen > 0 && f.MinLen > f.MaxLen) {
			add(id, where, "min_len %d and max_len %d do not make a range", f.MinLen, f.MaxLen)
		}
		if f.Pattern != "" {
			if _, err := regexp.Compile(f.Pattern); err != nil {
				add(id, where, "pattern does not compile: %v", err)
			}
		}
		if f.Applicant != "" && !ApplicantKeys[f.Applicant] {
			add(id, where, "applicant %q is not one of name, id_number, old_id_number, dob, sex, address, issue_date, phone", f.Applicant)
		}
	}
	validateRelations(id, form, add)
}
