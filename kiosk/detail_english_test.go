package kiosk

import "testing"

// In English the procedure's details come from the catalog's English (agency, time,
// steps, documents); what the catalog has no English for stays Vietnamese.
func TestDetailShowsCatalogEnglish(t *testing.T) {
	h := newHarness(t, nil)
	h.tapText("English")
	h.tapText("Touch to start")
	h.tapText("Find a procedure")
	s := h.ui.cur.(*proceduresScreen)
	s.entry.SetText("khai sinh")
	h.settleSearch()
	h.tapCard("Birth registration")
	h.mustBeOn(scrDetail)
	for _, want := range []string{"Commune People's Committee", "Within the working day", "Civil status",
		"1. Hand in the form and the birth notice", "3. Receive the birth certificate"} {
		h.mustSee(want)
	}
	if !h.seesPrefix("1. Birth registration form") || !h.seesPrefix("2. Birth notice") {
		t.Errorf("documents not in English: %q", h.screenText())
	}
	if !h.seesPrefix("3. Văn bản ủy quyền") {
		t.Errorf("a document without English must show its Vietnamese name: %q", h.screenText())
	}
	h.tapText("Tiếng Việt")
	h.mustBeOn(scrDetail)
	h.mustSee("UBND cấp xã")
	h.mustSee("1. Nộp tờ khai và giấy chứng sinh")
}

// The field tiles show the catalog's English field names.
func TestFieldTilesInEnglish(t *testing.T) {
	h := newHarness(t, nil)
	h.tapText("English")
	h.tapText("Touch to start")
	h.tapText("File a dossier")
	h.tapCard("Civil status")
	h.tapCard("Birth registration")
	h.mustBeOn(scrDetail)
}
