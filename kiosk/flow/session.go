package flow

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// PageData is one page image as it arrived from the scanner (or a file).
type PageData struct {
	Format string // "jpeg" or "png"
	Width  int
	Height int
	Data   []byte
}

// Page is a page scanned in this session and not yet submitted. Its bytes wait in a
// temp file so that a long dossier does not sit in memory, and so that a wipe can
// prove they are gone.
type Page struct {
	DocumentID string
	Format     string
	Width      int
	Height     int
	Path       string
	Thumb      image.Image // small preview (Options.Thumb), nil without one
}

// session is what the current resident has entered. Nothing of it outlives a wipe.
type session struct {
	seq        int64  // identifies the session (Token)
	dossier    int64  // counts procedures chosen in it (Token)
	dir        string // temp page directory; created on the first page
	started    bool
	submitted  bool
	procedure  *catalog.Procedure
	applicant  store.Applicant
	fromCCCD   bool
	answers    map[string]string // by form field id; present = answered (maybe "")
	pages      []Page
	consent    bool
	consentAt  time.Time // when the box was ticked
	consentTxt string    // which text it was (SetConsentText)
	receipt    *store.Dossier
	assistedBy string
	cursor     int  // the question asked (NextQuestion, …)
	reviewing  bool // an edit from the review returns there
}

var sessionSeq atomic.Int64

func newSession(tempRoot string) *session {
	n := sessionSeq.Add(1)
	return &session{
		seq:     n,
		dir:     filepath.Join(tempRoot, fmt.Sprintf("session-%d-%d", os.Getpid(), n)),
		answers: map[string]string{},
	}
}

// addPage stores a scanned page in the session's temp directory.
func (s *session) addPage(docID string, p PageData, thumb func([]byte) image.Image) (Page, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return Page{}, fmt.Errorf("session pages: %w", err)
	}
	ext := p.Format
	if ext == "" {
		ext = "bin"
	}
	f, err := os.CreateTemp(s.dir, docID+"-*."+ext)
	if err != nil {
		return Page{}, fmt.Errorf("session page: %w", err)
	}
	if _, err := f.Write(p.Data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return Page{}, fmt.Errorf("session page: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return Page{}, fmt.Errorf("session page: %w", err)
	}
	sp := Page{DocumentID: docID, Format: p.Format, Width: p.Width, Height: p.Height, Path: f.Name()}
	if thumb != nil {
		sp.Thumb = thumb(p.Data)
	}
	s.pages = append(s.pages, sp)
	return sp, nil
}

func (s *session) pagesOf(docID string) []Page {
	var out []Page
	for _, p := range s.pages {
		if p.DocumentID == docID {
			out = append(out, p)
		}
	}
	return out
}

func (s *session) removePage(path string) bool {
	for i, p := range s.pages {
		if p.Path == path {
			s.pages = append(s.pages[:i:i], s.pages[i+1:]...)
			os.Remove(path)
			return true
		}
	}
	return false
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

func (s *session) clearPages() {
	for _, p := range s.pages {
		os.Remove(p.Path)
	}
	s.pages = nil
}

// wipe forgets everything the resident entered and deletes the unsaved page files.
func (s *session) wipe() error {
	s.clearPages()
	err := os.RemoveAll(s.dir)
	*s = session{seq: s.seq, dir: s.dir, answers: map[string]string{}}
	if err != nil {
		return fmt.Errorf("wipe session pages: %w", err)
	}
	return nil
}
