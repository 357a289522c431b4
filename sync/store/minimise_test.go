package store_test

import (
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// Only what the procedure's form uses is stored (and so sent): every dossier used to
// carry the whole CCCD (old ID number, issue date, date of birth) whatever the form.
func TestSaveKeepsOnlyWhatTheFormUses(t *testing.T) {
	s := openStore(t, store.Options{})
	c := testCatalog()
	c.Procedures = append(c.Procedures, nameOnly(proc("2.000908", "Chứng thực bản sao điện tử", "Chứng thực")))
	if err := s.ImportCatalog(ctx(t), c); err != nil {
		t.Fatal(err)
	}
	cccd := store.Applicant{Name: "Nguyễn Thị Ngọc Hường", IDNumber: "092158001234", OldIDNumber: "361234567",
		DOB: "1958-03-05", Sex: "Nữ", Address: "12 Trần Hưng Đạo, Cần Thơ", IssueDate: "2022-01-01", Phone: "0912345678"}
	d, err := s.SaveDossier(ctx(t), store.NewDossier{ProcedureCode: "2.000908", Applicant: cccd,
		Fields: map[string]string{"ho_ten": cccd.Name, "not_in_form": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Dossier(ctx(t), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.Applicant{Name: cccd.Name}); got.Applicant != want {
		t.Errorf("name-only form: applicant stored %+v, want %+v", got.Applicant, want)
	}
	if len(got.Fields) != 1 || got.Fields["ho_ten"] != cccd.Name {
		t.Errorf("fields stored %v, want only ho_ten", got.Fields)
	}
	// A form that asks for the ID number, sex, address and phone keeps those, and
	// still drops the old ID number, date of birth and issue date it does not use.
	d, err = s.SaveDossier(ctx(t), store.NewDossier{ProcedureCode: "1.001193", Applicant: cccd})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = s.Dossier(ctx(t), d.ID)
	want := store.Applicant{Name: cccd.Name, IDNumber: cccd.IDNumber, Sex: cccd.Sex, Address: cccd.Address, Phone: cccd.Phone}
	if got.Applicant != want {
		t.Errorf("applicant stored %+v, want %+v", got.Applicant, want)
	}
}

// The resident's consent is stored with the dossier (time, text version).
func TestConsentStoredWithTheDossier(t *testing.T) {
	s := openStore(t, store.Options{})
	at := time.Date(2026, 11, 27, 2, 30, 0, 0, time.UTC)
	d, err := s.SaveDossier(ctx(t), store.NewDossier{ProcedureCode: "1.001193", Applicant: store.Applicant{Name: "A"},
		Consent: &store.Consent{At: at, Version: "vi-3f2a9c01b7de"}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Dossier(ctx(t), d.ID)
	if got.Consent == nil || !got.Consent.At.Equal(at) || got.Consent.Version != "vi-3f2a9c01b7de" {
		t.Fatalf("consent stored %+v", got.Consent)
	}
	d, _ = s.SaveDossier(ctx(t), store.NewDossier{ProcedureCode: "1.001193", Applicant: store.Applicant{Name: "A"}})
	if got, _ := s.Dossier(ctx(t), d.ID); got.Consent != nil {
		t.Fatalf("consent invented: %+v", got.Consent)
	}
}
