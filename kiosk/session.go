package kiosk

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// sessionPage is a page scanned in this session and not yet submitted. Its bytes wait in
// a temp file so that a long dossier does not sit in memory, and so that Wipe can prove
// they are gone.
type sessionPage struct {
	DocumentID string
	Format     string
	Width      int
	Height     int
	Path       string
	thumb      image.Image // small preview kept for the screen (the file holds the page)
}

// session is what the current resident has entered. Nothing of it outlives Wipe.
type session struct {
	dir       string // temp page directory of this session; created on the first page
	started   bool
	submitted bool
	procedure *catalog.Procedure
	applicant store.Applicant
	fromCCCD  bool
	fields    map[string]string
	pages     []sessionPage
	consent   bool
	receipt   *store.Dossier
	// assistedBy names the post office clerk filing for the resident (issue 6): the
	// dossier is marked as assisted by them and the session's usage events as assisted.
	assistedBy string
	lastQuery  string
}

var sessionSeq atomic.Int64

func newSession(tempRoot string) *session {
	return &session{
		dir:    filepath.Join(tempRoot, fmt.Sprintf("session-%d-%d", os.Getpid(), sessionSeq.Add(1))),
		fields: map[string]string{},
	}
}

// addPage stores a scanned page in the session's temp directory.
func (s *session) addPage(docID string, p ScannedPage) (sessionPage, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return sessionPage{}, fmt.Errorf("session pages: %w", err)
	}
	ext := p.Format
	if ext == "" {
		ext = "bin"
	}
	f, err := os.CreateTemp(s.dir, docID+"-*."+ext)
	if err != nil {
		return sessionPage{}, fmt.Errorf("session page: %w", err)
	}
	if _, err := f.Write(p.Data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return sessionPage{}, fmt.Errorf("session page: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return sessionPage{}, fmt.Errorf("session page: %w", err)
	}
	sp := sessionPage{DocumentID: docID, Format: p.Format, Width: p.Width, Height: p.Height, Path: f.Name(), thumb: makeThumb(p.Data)}
	s.pages = append(s.pages, sp)
	return sp, nil
}

// pagesOf returns the pages scanned for one document, in order.
func (s *session) pagesOf(docID string) []sessionPage {
	var out []sessionPage
	for _, p := range s.pages {
		if p.DocumentID == docID {
			out = append(out, p)
		}
	}
	return out
}

// removePage drops one page (by its file path) and deletes its file.
func (s *session) removePage(path string) {
	for i, p := range s.pages {
		if p.Path == path {
			s.pages = append(s.pages[:i:i], s.pages[i+1:]...)
			os.Remove(path)
			return
		}
	}
}

// removeDocument drops every page of a document (before a rescan).
func (s *session) removeDocument(docID string) {
	for _, p := range s.pagesOf(docID) {
		s.removePage(p.Path)
	}
}

// pageInputs reads the session's pages back for SaveDossier.
func (s *session) pageInputs() ([]store.PageInput, error) {
	out := make([]store.PageInput, 0, len(s.pages))
	for _, p := range s.pages {
		b, err := os.ReadFile(p.Path)
		if err != nil {
			return nil, fmt.Errorf("read scanned page: %w", err)
		}
		out = append(out, store.PageInput{DocumentID: p.DocumentID, Format: p.Format, Width: p.Width, Height: p.Height, Data: b})
	}
	return out, nil
}

// startDossier begins filling proc, keeping the identity already given.
func (s *session) startDossier(proc *catalog.Procedure) {
	if s.procedure == nil || s.procedure.Code != proc.Code {
		s.clearPages()
		s.fields = map[string]string{}
		s.consent = false
	}
	s.procedure = proc
}

func (s *session) clearPages() {
	for _, p := range s.pages {
		os.Remove(p.Path)
	}
	s.pages = nil
}

// Wipe forgets everything the resident entered and deletes the unsaved page files.
func (s *session) Wipe() error {
	s.clearPages()
	err := os.RemoveAll(s.dir)
	*s = session{dir: s.dir, fields: map[string]string{}}
	if err != nil {
		return fmt.Errorf("wipe session pages: %w", err)
	}
	return nil
}
