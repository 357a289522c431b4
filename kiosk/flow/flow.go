package flow

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// Store is what the flow needs from the local database (sync/store's *Store
// satisfies it).
type Store interface {
	SaveDossier(ctx context.Context, nd store.NewDossier) (*store.Dossier, error)
	Record(ctx context.Context, ev store.Event) error
}

// Options configure a Flow. Only Store is required.
type Options struct {
	Store    Store
	Now      func() time.Time // default time.Now
	Timeouts Timeouts
	// TempDir holds the pages of the current session until they are saved; default
	// dvc-kiosk-sessions in the system's temp directory.
	TempDir  string
	Language string // "vi" (default) or "en"; a wipe returns to it
	Logf     func(format string, args ...any)
	// Thumb makes a page's preview when it is added; nil keeps none.
	Thumb func(data []byte) image.Image
}

// Errors of the use cases. Submit's refusal of an invalid dossier is an *InvalidError.
var (
	ErrNoProcedure = errors.New("flow: no procedure chosen")
	ErrNoConsent   = errors.New("flow: consent to personal-data processing not given")
	ErrReceiptQR   = errors.New("flow: a kiosk receipt's QR code, not a CCCD")
	ErrUnknownPage = errors.New("flow: no such page in the session")
)

// InvalidError is Submit's refusal of a dossier the city gateway would refuse, with
// the gateway's own words (catalog.Procedure.Refusal).
type InvalidError struct{ Message string }

func (e *InvalidError) Error() string { return e.Message }

// Flow is one kiosk's resident session and its use cases.
type Flow struct {
	o      Options
	s      *session
	timers *Timers
	lang   string
}

// New returns a Flow with an empty session. Pages a crashed or killed kiosk left in
// TempDir belong to a resident long gone: they are deleted.
func New(o Options) (*Flow, error) {
	if o.Store == nil {
		return nil, errors.New("flow: Store is required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.TempDir == "" {
		o.TempDir = filepath.Join(os.TempDir(), "dvc-kiosk-sessions")
	}
	if o.Language == "" {
		o.Language = "vi"
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
	o.Timeouts = o.Timeouts.WithDefaults()
	if stale, _ := filepath.Glob(filepath.Join(o.TempDir, "session-*")); len(stale) > 0 {
		for _, dir := range stale {
			if err := os.RemoveAll(dir); err != nil {
				o.Logf("flow: remove stale session pages: %v", err)
			}
		}
	}
	return &Flow{o: o, s: newSession(o.TempDir), timers: newTimers(o.Now, o.Timeouts), lang: o.Language}, nil
}

func (f *Flow) now() time.Time { return f.o.Now() }

// Timers are the session's idle and receipt clocks.
func (f *Flow) Timers() *Timers { return f.timers }

// Token identifies the session and the procedure being filed in it: a background job
// (a scan) started under one token drops its results once the token has changed.
type Token struct{ session, dossier int64 }

// Token returns the current session's token.
func (f *Flow) Token() Token { return Token{f.s.seq, f.s.dossier} }

// Record stores a usage event of this session (marked assisted when a clerk files);
// failures are logged, never shown: usage is not the resident's business.
func (f *Flow) Record(ctx context.Context, kind store.EventKind, procedure string, value int) {
	if err := f.o.Store.Record(ctx, store.Event{At: f.now(), Kind: kind, Procedure: procedure, Value: value, Assisted: f.s.assistedBy != ""}); err != nil {
		f.o.Logf("flow: record %s: %v", kind, err)
	}
}

// Start begins a resident's session (from the attract screen); assistedBy names the
// clerk filing on the resident's behalf, "" for a resident alone.
func (f *Flow) Start(ctx context.Context, assistedBy string) {
	f.wipe()
	f.s = newSession(f.o.TempDir)
	f.s.started = true
	f.s.assistedBy = assistedBy
	f.timers.Touch()
	f.Record(ctx, store.EvSessionStarted, "", 0)
}

// End closes the session: it records whether the resident finished (a dossier
// submitted) or walked away, then wipes it, and returns to the default language.
func (f *Flow) End(ctx context.Context) {
	if f.s.started {
		if f.s.submitted {
			f.Record(ctx, store.EvSessionCompleted, "", 0)
		} else {
			f.Record(ctx, store.EvSessionAbandoned, "", 0)
		}
	}
	f.wipe()
	f.s = newSession(f.o.TempDir)
	f.lang = f.o.Language
}

// Wipe forgets the session without recording anything (the kiosk closing).
func (f *Flow) Wipe() { f.wipe() }

func (f *Flow) wipe() {
	if err := f.s.wipe(); err != nil {
		f.o.Logf("flow: %v", err)
	}
	f.timers.reset()
}

// Choose begins filling proc, keeping the identity already given; a different
// procedure than the one being filled starts its answers, pages and consent afresh.
func (f *Flow) Choose(ctx context.Context, proc *catalog.Procedure) {
	s := f.s
	if s.procedure == nil || s.procedure.Code != proc.Code {
		s.clearPages()
		s.answers = map[string]string{}
		s.consent = false
	}
	s.procedure = proc
	s.dossier++
	s.cursor, s.reviewing = -1, false
	f.Record(ctx, store.EvDossierStarted, proc.Code, 0)
}

// ParseCCCD reads a CCCD card's QR code as an applicant; a receipt's QR is
// ErrReceiptQR, anything else an error matching scanner.ErrNotCCCD.
func ParseCCCD(code string) (store.Applicant, error) {
	if _, ok := scanner.ParseReceiptQR(code); ok {
		return store.Applicant{}, ErrReceiptQR
	}
	c, err := scanner.ParseCCCD(code)
	if err != nil {
		return store.Applicant{}, err
	}
	a := store.Applicant{Name: c.Name, IDNumber: c.IDNumber, OldIDNumber: c.OldIDNumber, Sex: c.Sex, Address: c.Address}
	if !c.DOB.IsZero() {
		a.DOB = c.DOB.Format("2006-01-02")
	}
	if !c.IssueDate.IsZero() {
		a.IssueDate = c.IssueDate.Format("2006-01-02")
	}
	return a, nil
}

// ApplyCCCD fills the applicant from a CCCD card's QR code, keeping the phone number
// already typed (the card has none). Errors are those of ParseCCCD; the applicant is
// unchanged then.
func (f *Flow) ApplyCCCD(code string) error {
	a, err := ParseCCCD(code)
	if err != nil {
		return err
	}
	a.Phone = f.s.applicant.Phone
	f.s.applicant, f.s.fromCCCD = a, true
	return nil
}

// IsOtherPerson reports that code is a CCCD of someone else than the applicant: the
// last resident has gone and the next one is at the kiosk.
func (f *Flow) IsOtherPerson(code string) bool {
	a, err := ParseCCCD(code)
	return err == nil && a.IDNumber != f.s.applicant.IDNumber
}

// SetAssistedBy names the clerk filing for the resident ("" for nobody).
func (f *Flow) SetAssistedBy(clerk string) { f.s.assistedBy = clerk }

// SetApplicant replaces the identity as typed on the identity screen.
func (f *Flow) SetApplicant(a store.Applicant) { f.s.applicant = a }

// AnswerField records the value of a form field by its id, as stored (dates
// YYYY-MM-DD), known to the form or not (Submit refuses unknown fields).
func (f *Flow) AnswerField(id, v string) { f.s.answers[id] = v }

// AddPage keeps a scanned page of document docID in the session's temp directory.
func (f *Flow) AddPage(docID string, p PageData) (Page, error) {
	return f.s.addPage(docID, p, f.o.Thumb)
}

// RemovePage drops one page (by its file path) and deletes its file.
func (f *Flow) RemovePage(path string) error {
	if !f.s.removePage(path) {
		return ErrUnknownPage
	}
	return nil
}

// RemoveDocument drops every page of a document (before a rescan).
func (f *Flow) RemoveDocument(docID string) {
	for _, p := range f.s.pagesOf(docID) {
		f.s.removePage(p.Path)
	}
}

// MissingDocument returns the index among the procedure's scanned documents of the
// first required one without pages, or -1.
func (f *Flow) MissingDocument() int {
	if f.s.procedure == nil {
		return -1
	}
	for i, d := range f.s.procedure.ScanDocuments() {
		if !d.Optional && len(f.s.pagesOf(d.ID)) == 0 {
			return i
		}
	}
	return -1
}

// SetConsent records the resident's consent to personal-data processing, and when.
func (f *Flow) SetConsent(on bool) {
	f.s.consent = on
	if on {
		f.s.consentAt = f.o.Now()
	}
}

// SetConsentText names the consent text the resident was shown (the view knows the
// words); it is recorded with the dossier beside the time of the consent.
func (f *Flow) SetConsentText(version string) { f.s.consentTxt = version }

// SetLanguage switches the session's language ("vi" or "en").
func (f *Flow) SetLanguage(l string) { f.lang = l }

// Fields returns the form's values as they will be saved: every field of the form,
// answered or filled from the identity, plus any other answer recorded.
func (f *Flow) Fields() map[string]string {
	out := make(map[string]string, len(f.s.answers))
	for k, v := range f.s.answers {
		out[k] = v
	}
	for _, q := range f.FormQuestions() {
		out[q.Field.ID] = f.Value(q)
	}
	return out
}

// Refusal returns the city gateway's refusal of the dossier as it stands, in its words,
// or "" when the gateway would accept it.
func (f *Flow) Refusal() string {
	p := f.s.procedure
	if p == nil {
		return ""
	}
	fl := catalog.Filing{ApplicantName: f.s.applicant.Name, Applicant: f.s.applicant.Value, Fields: map[string]string{}}
	for k, v := range f.Fields() {
		if strings.TrimSpace(v) != "" || !isFormField(p, k) {
			fl.Fields[k] = v
		}
	}
	for i, pg := range f.s.pages {
		fl.Pages = append(fl.Pages, catalog.FiledPage{Seq: i + 1, DocumentID: pg.DocumentID, Format: pg.Format})
	}
	return p.Refusal(fl)
}

func isFormField(p *catalog.Procedure, id string) bool {
	for _, fl := range p.Form {
		if fl.ID == id {
			return true
		}
	}
	return false
}

// Submit files the dossier: it refuses (with *InvalidError) what the gateway would
// refuse, saves it in the local outbox (the receipt is only given once the store has
// it on disk), records the usage events without personal data, and drops the
// session's temp pages (the store has its own copies). Consent is asked afresh for a
// next dossier. Store errors are returned as they are (store.ErrDiskFull included);
// the session is then unchanged.
func (f *Flow) Submit(ctx context.Context) (*store.Dossier, error) {
	s := f.s
	if s.procedure == nil {
		return nil, ErrNoProcedure
	}
	if !s.consent {
		return nil, ErrNoConsent
	}
	if msg := f.Refusal(); msg != "" {
		return nil, &InvalidError{Message: msg}
	}
	pages, err := s.pageInputs()
	if err != nil {
		return nil, err
	}
	nd := store.NewDossier{
		ProcedureCode: s.procedure.Code,
		Applicant:     s.applicant,
		Fields:        f.Fields(),
		Pages:         pages,
		Language:      f.lang,
		AssistedBy:    s.assistedBy,
		Consent:       &store.Consent{At: s.consentAt.UTC(), Version: s.consentTxt},
	}
	if nd.Consent.Version == "" {
		nd.Consent.Version = "unnamed" // a caller that never said which text (tests, tours)
	}
	d, err := f.o.Store.SaveDossier(ctx, nd)
	if err != nil {
		return nil, fmt.Errorf("save dossier: %w", err)
	}
	s.submitted = true
	s.receipt = d
	s.consent = false
	f.Record(ctx, store.EvDossierSubmitted, d.ProcedureCode, 0)
	if len(pages) > 0 {
		f.Record(ctx, store.EvPagesScanned, d.ProcedureCode, len(pages))
	}
	s.clearPages()
	return d, nil
}
