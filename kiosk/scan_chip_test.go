package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
)

// On the scan screen at 1366×768 the document list shows about one chip: the current
// document's chip is the one in view, whole, in English too (it was cut in half under
// the first document's when the "required" line showed).
func TestScanShowsTheCurrentDocumentsChip(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(2) })
	wait := asyncWaiter(h)
	t.Cleanup(func() { h.ui.setLanguage("vi") }) // the language is process-wide
	h.toForm()
	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam"})
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục") // to the second document
	h.tapText("English")
	h.mustBeOn(scrScan)
	// On to the optional third, then Continue brings back the required second with
	// its problem line, which takes the list's room.
	h.tapText("Continue")
	h.tapText("Continue")
	h.mustSee("This document is required. Please scan it before continuing.")
	h.shotIfAsked("scan-second-document-en")
	s := h.ui.cur.(*scanScreen)
	if s.docIdx != 1 {
		t.Fatalf("on document %d, want the second", s.docIdx+1)
	}
	chip := s.currentChip()
	list := s.docView
	d := fyne.CurrentApp().Driver()
	top, view := d.AbsolutePositionForObject(chip).Y, d.AbsolutePositionForObject(list).Y
	if top < view-1 || top+chip.Size().Height > view+list.Size().Height+1 {
		t.Errorf("the current chip (y %.0f–%.0f) is not wholly in the list's view (y %.0f–%.0f)",
			top, top+chip.Size().Height, view, view+list.Size().Height)
	}
}
