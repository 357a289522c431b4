package flow

import (
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// What the views read of the session.

// Started reports that a resident's session is running (left the attract screen).
func (f *Flow) Started() bool { return f.s.started }

// Submitted reports that a dossier of this session has been saved.
func (f *Flow) Submitted() bool { return f.s.submitted }

// Procedure is the procedure being filed, nil before Choose.
func (f *Flow) Procedure() *catalog.Procedure { return f.s.procedure }

// Applicant is the identity given so far.
func (f *Flow) Applicant() store.Applicant { return f.s.applicant }

// FromCCCD reports that the identity came from a CCCD card.
func (f *Flow) FromCCCD() bool { return f.s.fromCCCD }

// Answers returns a copy of the form answers given, by field id.
func (f *Flow) Answers() map[string]string {
	out := make(map[string]string, len(f.s.answers))
	for k, v := range f.s.answers {
		out[k] = v
	}
	return out
}

// Pages returns the session's pages, in the order scanned.
func (f *Flow) Pages() []Page { return append([]Page(nil), f.s.pages...) }

// PagesOf returns the pages scanned for one document, in order.
func (f *Flow) PagesOf(docID string) []Page { return f.s.pagesOf(docID) }

// PageDir is the session's temp page directory (it may not exist yet).
func (f *Flow) PageDir() string { return f.s.dir }

// Consent reports the resident's consent (never given in advance).
func (f *Flow) Consent() bool { return f.s.consent }

// Receipt is the dossier saved by Submit, nil before.
func (f *Flow) Receipt() *store.Dossier { return f.s.receipt }

// AssistedBy names the clerk filing for the resident, "" for a resident alone.
func (f *Flow) AssistedBy() string { return f.s.assistedBy }

// Language is the session's language.
func (f *Flow) Language() string { return f.lang }
