package kiosk

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// On the scan screen at 1366×768 the document list shows about one chip: the current
// document's chip is the one in view, whole, in English too (it was cut in half under
// the first document's when the "required" line showed), and no chip runs under the
// list's scroll bar.
func TestScanShowsTheCurrentDocumentsChip(t *testing.T) {
	h := scannedFirstDocument(t, 2)
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
	for _, p := range underScrollBar(h.w.Content()) { // "Document 2: not scanned" was
		t.Error(p)
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

// English chips count pages as English does: "1 page", "0 pages" (they said "page(s)").
func TestScanChipsSayPageOrPages(t *testing.T) {
	h := scannedFirstDocument(t, 1)
	h.mustSee("Giấy tờ 1: 1 trang")
	h.tapText("English")
	h.mustBeOn(scrScan)
	h.mustSee("Document 1: 1 page")
	h.tapText("Continue") // the second, required
	h.tapText("Continue") // the third, optional: its chip counts none
	h.mustSee("Document 3: 0 pages")
	for _, s := range h.screenText() {
		if strings.Contains(s, "page(s)") {
			t.Errorf("%q", s)
		}
	}
}

// scannedFirstDocument files a birth registration up to its scan screen with a scanner
// that feeds pages pages a job, and scans the first document.
func scannedFirstDocument(t *testing.T, pages int) *harness {
	t.Helper()
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(pages) })
	wait := asyncWaiter(h)
	t.Cleanup(func() { h.ui.setLanguage("vi") }) // the language is process-wide
	h.toForm()
	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam"})
	h.tapText("Quét")
	wait("scan")
	return h
}
