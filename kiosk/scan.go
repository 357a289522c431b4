package kiosk

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// scanJobs is what the scan view needs of the app for a job: a context bound to the
// app's life whose cancel a wipe can reach, and where to say what the job told of the
// scanner (deviceUnknown when the job ended as a failure that says nothing of it).
type scanJobs interface {
	startJob(timeout time.Duration) (context.Context, context.CancelFunc)
	jobDone(heard deviceState)
}

// scanJobTimeout bounds one scan job (the driver has its own 10 s silence limit).
const scanJobTimeout = 3 * time.Minute

// scanScreen scans each required document: progress while a page arrives, thumbnails,
// view large, rescan, remove, and plain messages when the scanner has a problem.
type scanScreen struct {
	kit     kit
	nav     navigator
	ops     ops
	flow    *flow.Flow
	scanner Scanner // nil when not configured
	jobs    scanJobs
	done    func(what string) // a page or a job's end was shown (tests)

	docIdx   int
	scanning bool
	problem  string // translation key of the last problem
	cancel   context.CancelFunc

	progress *widget.ProgressBar
	status   *widget.Label
	thumbs   *fyne.Container
	scanBtn  *bigButton
	stopBtn  *bigButton // in place of scanBtn while a job runs
	stopped  bool       // the resident stopped the job ("Dừng")
	rescan   *bigButton
	next     *bigButton
	docList  *fyne.Container
	docView  *container.Scroll // docList's scroll
}

func (s *scanScreen) id() screenID  { return scrScan }
func (s *scanScreen) title() string { return T("scan.title") }

func (s *scanScreen) docs() []catalog.Document { return s.flow.Procedure().ScanDocuments() }

func (s *scanScreen) build() fyne.CanvasObject {
	docs := s.docs()
	if s.docIdx >= len(docs) {
		s.docIdx = len(docs) - 1
	}
	doc := docs[s.docIdx]
	s.progress = widget.NewProgressBar()
	s.progress.Hide()
	s.status = message("", widget.DangerImportance)
	s.thumbs = container.NewGridWrap(fyne.NewSize(thumbCellWidth, thumbImage))
	s.scanBtn = s.kit.primary(T("scan.scan"), theme.MediaPlayIcon(), s.onScan)
	s.stopBtn = s.kit.button(T("scan.stop"), theme.MediaStopIcon(), s.onStop)
	s.rescan = s.kit.button(T("scan.rescan"), theme.ViewRefreshIcon(), s.onRescan)
	s.next = s.kit.primary(T("common.next"), theme.NavigateNextIcon(), s.onNext)
	s.next.IconPlacement = widget.ButtonIconTrailingText
	s.docList = container.NewVBox()

	name := subheading(T("scan.document_of", Args("I", s.docIdx+1, "N", len(docs))) + " " + doc.Name)
	hint := text(T("scan.hint"))
	hint.SizeName = theme.SizeNameCaptionText
	if doc.Optional {
		hint.SetText(T("scan.hint") + " " + T("scan.optional"))
	}
	top := container.NewVBox(name, hint, s.progress, s.status)
	thumbs := s.kit.scrollPanel(s.thumbs)
	s.docView = container.NewVScroll(container.New(clearOfScrollBar{}, s.docList))
	// At 1366×768 the list shows about one chip: the current document's is scrolled
	// into view (in English the second one was cut in half under the first).
	list := container.New(revealLayout{scroll: s.docView, target: s.currentChip}, s.docView)
	side := container.NewBorder(nil, container.NewVBox(container.NewStack(s.scanBtn, s.stopBtn), s.rescan, s.next), nil, nil, list)
	s.refresh()
	// 400 px: the longest chip ("Document 2: not scanned", 371 px) beside the list's
	// scroll bar, which it used to run under.
	return container.NewBorder(top, nil, nil, container.New(fixedWidth{w: 400}, side), thumbs.obj)
}

// currentChip is the document list's chip of the document being scanned.
func (s *scanScreen) currentChip() fyne.CanvasObject {
	if s.docIdx < 0 || s.docIdx >= len(s.docList.Objects) {
		return nil
	}
	return s.docList.Objects[s.docIdx]
}

// refresh redraws thumbnails, the document list and the buttons from the session.
func (s *scanScreen) refresh() {
	docs := s.docs()
	doc := docs[s.docIdx]
	pages := s.flow.PagesOf(doc.ID)
	s.thumbs.Objects = nil
	cell := fyne.NewSize(thumbCellWidth, 0)
	for i, p := range pages {
		t := s.thumbnail(i+1, p)
		cell = cell.Max(t.MinSize())
		s.thumbs.Add(t)
	}
	// Each page's cell is as large as its picture, number and buttons need: a fixed
	// cell squeezed "Xem lớn" (27 px) into 146 px and let its text spill over.
	s.thumbs.Layout = layout.NewGridWrapLayout(cell)
	s.thumbs.Refresh()
	s.docList.Objects = nil
	for i, d := range docs {
		i := i
		n := len(s.flow.PagesOf(d.ID))
		label := T(one(n, "scan.doc_chip_one", "scan.doc_chip"), Args("I", i+1, "N", n))
		if n == 0 && !d.Optional {
			label = T("scan.doc_chip_missing", Args("I", i+1))
		}
		b := s.kit.button(label, nil, func() {
			if !s.scanning {
				s.docIdx = i
				s.problem = ""
				s.nav.replace(s)
			}
		})
		if i == s.docIdx {
			b.Importance = widget.WarningImportance
		}
		if n > 0 {
			b.Icon = theme.ConfirmIcon()
		}
		s.docList.Add(b)
	}
	s.docList.Refresh()
	switch {
	case s.scanner == nil:
		s.setProblem("scan.err_missing")
	case s.problem != "":
		s.setProblem(s.problem)
	default:
		s.status.Hide()
	}
	if s.scanning {
		s.scanBtn.Hide()
		s.stopBtn.Show()
	} else {
		s.stopBtn.Hide()
		s.scanBtn.Show()
	}
	if s.scanning || s.scanner == nil {
		s.scanBtn.Disable()
		s.rescan.Disable()
	} else {
		s.scanBtn.Enable()
		if len(pages) > 0 {
			s.rescan.Enable()
		} else {
			s.rescan.Disable()
		}
	}
	if s.scanning {
		s.next.Disable()
	} else {
		s.next.Enable()
	}
}

func (s *scanScreen) setProblem(key string) {
	s.status.SetText(T(key))
	s.status.Show()
}

// A page's cell on the scan screen: at least this wide, its picture this high, so that a
// whole cell (number, picture, buttons) shows in the pages panel at 1366×768.
const (
	thumbCellWidth = 300
	thumbImage     = 140
)

func (s *scanScreen) thumbnail(n int, p flow.Page) fyne.CanvasObject {
	var img *canvas.Image
	if p.Thumb != nil {
		img = canvas.NewImageFromImage(p.Thumb)
	} else {
		img = canvas.NewImageFromResource(theme.FileImageIcon())
	}
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(thumbImage, thumbImage))
	path := p.Path
	view := s.kit.button(T("scan.view"), theme.ZoomInIcon(), func() { s.nav.openPage(p) })
	del := s.kit.button(T("scan.remove"), theme.DeleteIcon(), func() {
		if err := s.flow.RemovePage(path); err != nil {
			s.ops.logf("remove page: %v", err)
		}
		s.refresh()
	})
	del.Importance = widget.DangerImportance
	label := bold(T("scan.page_n", Args("N", n)))
	label.Alignment = fyne.TextAlignCenter
	return container.NewBorder(label, container.NewGridWithColumns(2, view, del), nil, nil, img)
}

// scanErrorKey maps a scanner failure to the message that tells the resident what to do.
func scanErrorKey(err error) string {
	switch {
	case errors.Is(err, ErrNoPaper):
		return "scan.err_no_paper"
	case errors.Is(err, ErrPaperJam):
		return "scan.err_jam"
	case errors.Is(err, ErrCoverOpen):
		return "scan.err_cover"
	case errors.Is(err, ErrScannerBusy):
		return "scan.err_busy"
	case errors.Is(err, ErrScannerGone):
		return "scan.err_gone"
	case errors.Is(err, ErrScannerTimeout), errors.Is(err, context.DeadlineExceeded):
		return "scan.err_timeout"
	}
	return "scan.err_other"
}

// onStop stops the job at once: its context is cancelled, which tells the scanner to
// cancel (the drivers send their cancel on it); the pages already in are kept.
func (s *scanScreen) onStop() {
	if !s.scanning || s.cancel == nil {
		return
	}
	s.stopped = true
	s.cancel()
}

func (s *scanScreen) onRescan() {
	s.flow.RemoveDocument(s.docs()[s.docIdx].ID)
	s.onScan()
}

// onScan runs one scan job in the background; pages join the current document.
func (s *scanScreen) onScan() {
	if s.scanner == nil || s.scanning {
		return
	}
	doc := s.docs()[s.docIdx]
	token := s.flow.Token()
	ctx, cancel := s.jobs.startJob(scanJobTimeout)
	s.cancel = cancel
	s.scanning = true
	s.stopped = false
	s.problem = ""
	s.progress.SetValue(0)
	s.progress.Show()
	s.refresh()
	scanned := 0
	go func() {
		defer cancel()
		err := s.scanner.Scan(ctx,
			func(done, total int) {
				fyne.Do(func() {
					if total > 0 {
						s.progress.SetValue(float64(done) / float64(total))
					}
					s.kit.touch() // a page arriving counts as activity
				})
			},
			func(p ScannedPage) {
				fyne.Do(func() {
					if s.flow.Token() != token {
						// The session was wiped, or the resident chose another procedure,
						// meanwhile: drop the page and stop the job, so the scanner is free
						// (not "busy") for the next scan.
						cancel()
						return
					}
					defer s.done("page")
					if doc.MaxPages > 0 && len(s.flow.PagesOf(doc.ID)) >= doc.MaxPages {
						// The document has all its pages: stop the feeder (a full
						// tray must not give 21 pages of a two-page card).
						s.problem = "scan.max_pages"
						cancel()
						return
					}
					if _, err := s.flow.AddPage(doc.ID, p); err != nil {
						s.ops.logf("%v", err)
						s.problem = "scan.err_other"
						return
					}
					scanned++
					s.progress.SetValue(0)
					s.refresh()
				})
			})
		fyne.Do(func() {
			if s.flow.Token() != token {
				s.done("scan")
				return
			}
			s.scanning = false
			s.progress.Hide()
			heard := deviceUnknown // a failure says nothing of the scanner unless it is gone
			switch {
			case s.stopped || s.problem == "scan.max_pages":
				// Stopped on purpose: the job's cancellation is no failure.
				if s.stopped {
					s.problem = "scan.stopped"
				}
			case err != nil:
				s.ops.logf("scan: %v", err)
				s.problem = scanErrorKey(err)
				if errors.Is(err, ErrScannerGone) {
					heard = deviceGone
				}
			default:
				heard = deviceOK
				if scanned == 0 {
					s.problem = "scan.err_no_paper"
				}
			}
			s.jobs.jobDone(heard)
			s.refresh()
			s.done("scan")
		})
	}()
}

// onNext goes to the next document still missing pages, or to the review.
func (s *scanScreen) onNext() {
	docs := s.docs()
	if s.docIdx+1 < len(docs) {
		s.docIdx++
		s.problem = ""
		s.nav.replace(s)
		return
	}
	if i := s.flow.MissingDocument(); i >= 0 {
		s.docIdx = i
		s.problem = "scan.missing_required"
		s.nav.replace(s)
		return
	}
	s.nav.open(scrReview)
}

// pageScreen shows one scanned page large.
type pageScreen struct {
	kit  kit
	nav  navigator
	page flow.Page
}

func (s *pageScreen) id() screenID  { return scrPage }
func (s *pageScreen) title() string { return T("scan.view_title") }

func (s *pageScreen) build() fyne.CanvasObject {
	img := canvas.NewImageFromFile(s.page.Path)
	img.FillMode = canvas.ImageFillContain
	back := s.kit.primary(T("common.close"), theme.CancelIcon(), s.nav.back)
	return container.NewBorder(nil, back, nil, nil, img)
}
