package wire

import (
	"errors"
	"time"
)

// BasePath is the path every endpoint lives under.
const BasePath = "/api/v1"

// Header names of the contract.
const (
	HeaderKioskID          = "X-Kiosk-ID"
	HeaderTimestamp        = "X-Kiosk-Timestamp"
	HeaderSignature        = "X-Kiosk-Signature"
	HeaderNonce            = "X-Kiosk-Nonce"          // a fresh random value per request: replays are refused
	HeaderContentSHA256    = "X-Kiosk-Content-SHA256" // hex SHA-256 of the body, covered by the signature
	HeaderGatewaySignature = "X-Gateway-Signature"
)

// Limits and fixed values of the contract.
const (
	// MaxSkew is how far a request's timestamp may be from the gateway's clock.
	MaxSkew = 300 * time.Second
	// MaxPageSize is the largest page the gateway accepts (413 above it).
	MaxPageSize = 20 << 20
	// MaxJSONSize is the largest JSON body (dossier, usage) the gateway reads.
	MaxJSONSize = 1 << 20
	// GatewayName is the "gateway" value of the health answer.
	GatewayName = "dvc-gateway"
	// DefaultAgencyCode is the agency part of official codes unless configured.
	DefaultAgencyCode = "000.00.21.H13"
	// ContentTypeJSON is the content type of every JSON body.
	ContentTypeJSON = "application/json"
	// DayLayout is the layout of a day (kiosk local time): the {day} path segment of
	// usage, the usage and report figures.
	DayLayout = time.DateOnly
)

// Error codes of the "error" member of an error body.
const (
	CodeUnauthorized     = "unauthorized"       // 401
	CodeConflict         = "conflict"           // 409: a different body under the same dossier id
	CodePagesMissing     = "pages_missing"      // 424: see Error.Missing
	CodeInvalid          = "invalid"            // 422: permanent refusal, Message in Vietnamese
	CodeHashMismatch     = "hash_mismatch"      // 422: page bytes do not hash to the path's sha256
	CodeTooLarge         = "too_large"          // 413
	CodeNotFound         = "not_found"          // 404
	CodeBadRequest       = "bad_request"        // 400: malformed path or JSON
	CodeInternal         = "internal"           // 500
	CodeUnavailable      = "unavailable"        // 503
	CodeTimeout          = "timeout"            // 408: the body did not arrive within its deadline
	CodeMethodNotAllowed = "method_not_allowed" // 405
)

// Sentinel errors; callers decide with errors.Is.
var (
	ErrMissingAuth       = errors.New("wire: authentication headers missing")
	ErrBadTimestamp      = errors.New("wire: timestamp is not unix seconds")
	ErrStale             = errors.New("wire: timestamp outside the allowed clock skew")
	ErrBadSignature      = errors.New("wire: signature does not verify")
	ErrBadNonce          = errors.New("wire: nonce missing or malformed")
	ErrLengthRequired    = errors.New("wire: a signed request declares its Content-Length")
	ErrNotGateway        = errors.New("wire: not the gateway's answer")
	ErrBadOfficialCode   = errors.New("wire: not an official code")
	ErrBadPath           = errors.New("wire: path outside " + BasePath)
	ErrInvalidTransition = errors.New("wire: status change not allowed")
)

// Health is the answer of GET /api/v1/health.
type Health struct {
	Status  string    `json:"status"` // "ok"
	Time    time.Time `json:"time"`
	Gateway string    `json:"gateway"` // GatewayName
}

// Error is the body of every error answer.
type Error struct {
	Code    string   `json:"error"`
	Message string   `json:"message,omitempty"`
	Missing []string `json:"missing,omitempty"` // pages_missing: the sha256 of each page not uploaded
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "gateway: " + e.Code
	}
	return "gateway: " + e.Code + ": " + e.Message
}

// Applicant is who a dossier is filed for, as read from the CCCD or typed. The kiosk's
// store keeps the same type (store.Applicant is an alias).
type Applicant struct {
	Name        string `json:"name"`
	IDNumber    string `json:"id_number"`
	OldIDNumber string `json:"old_id_number,omitempty"`
	DOB         string `json:"dob,omitempty"` // YYYY-MM-DD
	Sex         string `json:"sex,omitempty"` // Nam or Nữ
	Address     string `json:"address,omitempty"`
	IssueDate   string `json:"issue_date,omitempty"` // YYYY-MM-DD
	Phone       string `json:"phone,omitempty"`
}

// Value returns the identity value named by a catalog field's "applicant" key
// (catalog.ApplicantKeys), or "" for an unknown key.
func (a Applicant) Value(key string) string {
	switch key {
	case "name":
		return a.Name
	case "id_number":
		return a.IDNumber
	case "old_id_number":
		return a.OldIDNumber
	case "dob":
		return a.DOB
	case "sex":
		return a.Sex
	case "address":
		return a.Address
	case "issue_date":
		return a.IssueDate
	case "phone":
		return a.Phone
	}
	return ""
}

// Only returns a with every identity value whose key (as Value names them) is not in
// keys cleared: the applicant as a procedure's form uses it.
func (a Applicant) Only(keys map[string]bool) Applicant {
	keep := func(key, v string) string {
		if keys[key] {
			return v
		}
		return ""
	}
	return Applicant{Name: keep("name", a.Name), IDNumber: keep("id_number", a.IDNumber),
		OldIDNumber: keep("old_id_number", a.OldIDNumber), DOB: keep("dob", a.DOB), Sex: keep("sex", a.Sex),
		Address: keep("address", a.Address), IssueDate: keep("issue_date", a.IssueDate), Phone: keep("phone", a.Phone)}
}

// PageRef names one page of a dossier; its bytes go up separately with PUT /pages/{sha256}.
type PageRef struct {
	Seq        int    `json:"seq"` // 1-based order within the dossier
	DocumentID string `json:"document_id"`
	SHA256     string `json:"sha256"` // lowercase hex
	Size       int64  `json:"size"`
	Format     string `json:"format"` // "jpeg" or "png"
}

// Dossier is the body of PUT /api/v1/dossiers/{id}.
type Dossier struct {
	ID            string            `json:"id"`           // kiosk-generated UUID, equals the path's {id}
	ReceiptCode   string            `json:"receipt_code"` // the kiosk's local receipt code
	ProcedureCode string            `json:"procedure_code"`
	Applicant     Applicant         `json:"applicant"`
	Fields        map[string]string `json:"fields"`
	Pages         []PageRef         `json:"pages"`
	AssistedBy    string            `json:"assisted_by,omitempty"`
	Language      string            `json:"language,omitempty"`
	CreatedAt     time.Time         `json:"created_at"`
	// Consent is the resident's consent to the processing of their personal data, as
	// given on the kiosk's review screen; nil when none was recorded (staff tools).
	Consent *Consent `json:"consent,omitempty"`
}

// Consent records when a resident ticked the consent box and which text they were
// shown (Version: the language and a hash of the text, so a changed text is told
// apart from the old one).
type Consent struct {
	At      time.Time `json:"at"`
	Version string    `json:"version"`
}

// DossierAck is the answer of a dossier submission (201 first time, 200 after).
type DossierAck struct {
	ID           string    `json:"id"`
	OfficialCode string    `json:"official_code"`
	Status       Status    `json:"status"`
	ReceivedAt   time.Time `json:"received_at"`
}

// DossierStatus is the answer of a dossier status lookup.
type DossierStatus struct {
	ID           string    `json:"id"`
	OfficialCode string    `json:"official_code"`
	ReceiptCode  string    `json:"receipt_code,omitempty"`
	Status       Status    `json:"status"`
	UpdatedAt    time.Time `json:"updated_at"`
	Note         string    `json:"note"`
	FeeStatus              // the fee of a level 4 dossier (payment.go)
}

// Usage is the body of PUT /api/v1/usage/{day}: the absolute figures of one day for
// the signing kiosk (what the kiosk's store.Usage returns, sent as it is). Day, when set, must equal the path's.
type Usage struct {
	Day                 string         `json:"day,omitempty"`
	Sessions            int            `json:"sessions"`
	Completed           int            `json:"completed"`
	Abandoned           int            `json:"abandoned"`
	DossiersStarted     int            `json:"dossiers_started"` // completion is submitted / started
	DossiersSubmitted   int            `json:"dossiers_submitted"`
	AssistedDossiers    int            `json:"assisted_dossiers"`
	PagesScanned        int            `json:"pages_scanned"`
	Lookups             int            `json:"lookups"`
	Ratings             [5]int         `json:"ratings"` // count of ratings 1..5
	ProcedureViews      map[string]int `json:"procedure_views"`
	DossiersByProcedure map[string]int `json:"dossiers_by_procedure"`
}

// Transient reports whether an answer with this status code is worth retrying later.
// 424 (pages missing) is not transient: the uplink uploads the pages and resends.
func Transient(status int) bool {
	switch {
	case status == 408, status == 425, status == 429:
		return true
	case status >= 500:
		return true
	}
	return false
}
