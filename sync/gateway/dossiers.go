package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func (s *Server) putDossier(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	k := kioskOf(r)
	id := r.PathValue("id")
	if !wire.ValidDossierID(id) {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Mã hồ sơ không hợp lệ.")
		return
	}
	var d wire.Dossier
	dec := json.NewDecoder(bytes.NewReader(bodyOf(r)))
	if err := dec.Decode(&d); err != nil {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, "Nội dung hồ sơ không đọc được (JSON): "+err.Error())
		return
	}
	if d.ID != id {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, fmt.Sprintf("Mã hồ sơ trong nội dung (%q) khác mã trên đường dẫn (%q).", d.ID, id))
		return
	}
	body, err := wire.Canonical(d)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	bodySHA := wire.BodyHash(body)

	// A dossier already stored answers first: a resend never depends on the catalog
	// or on the pages still being acceptable.
	// Another kiosk's dossier under this id is treated as absent until the store
	// refuses the id: an invalid body gets the same 422, missing pages the same 424, as
	// under an unused id, so the answers do not tell which ids exist.
	if old, err := s.store.DossierByID(ctx, id); err == nil && old.KioskID == k.ID {
		s.answerExisting(w, r, old, k.ID, bodySHA)
		return
	} else if err != nil && !errors.Is(err, gwstore.ErrNotFound) {
		s.internalError(w, r, err)
		return
	}

	msg := checkDossierText(&d) // what one store would refuse, both refuse (validate.go)
	if msg == "" {
		msg = s.validate(&d)
	}
	if msg != "" {
		s.log.InfoContext(ctx, "dossier refused: invalid", "kiosk", k.ID, "dossier", id, "reason", msg)
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, msg)
		return
	}
	shas := make([]string, len(d.Pages))
	for i, p := range d.Pages {
		shas[i] = p.SHA256
	}
	sizes, err := s.store.PageSizes(ctx, shas)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	claimed, err := s.store.ClaimedPages(ctx, k.ID, shas)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	for sha := range sizes {
		if !claimed[sha] {
			delete(sizes, sha) // another kiosk's page: this one uploads its own copy first
		}
	}
	var missing []string
	seen := map[string]bool{}
	for _, p := range d.Pages {
		size, ok := sizes[p.SHA256]
		switch {
		case !ok:
			if !seen[p.SHA256] {
				missing = append(missing, p.SHA256)
				seen[p.SHA256] = true
			}
		case size != p.Size:
			writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid,
				fmt.Sprintf("Trang %d: kích thước khai báo %d byte khác với trang đã nhận (%d byte).", p.Seq, p.Size, size))
			return
		}
	}
	if len(missing) > 0 {
		writeJSON(w, http.StatusFailedDependency, wire.Error{Code: wire.CodePagesMissing, Message: "upload these pages, then resend the dossier", Missing: missing})
		return
	}

	now := s.now()
	stored, created, err := s.store.SubmitDossier(ctx, gwstore.NewDossier{
		KioskID: k.ID, Dossier: d, Body: body, BodySHA256: bodySHA,
		ReceivedAt: now, Day: now.In(s.loc), Agency: s.agency,
	})
	var pm *gwstore.PagesMissingError
	switch {
	case errors.Is(err, gwstore.ErrConflict):
		writeError(w, http.StatusConflict, wire.CodeConflict, "another dossier was received under this id")
		return
	case errors.As(err, &pm):
		writeJSON(w, http.StatusFailedDependency, wire.Error{Code: wire.CodePagesMissing, Message: "upload these pages, then resend the dossier", Missing: pm.Missing})
		return
	case err != nil:
		s.internalError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		s.log.InfoContext(ctx, "dossier received", "kiosk", k.ID, "dossier", id, "official_code", stored.OfficialCode,
			"procedure", d.ProcedureCode, "pages", len(d.Pages))
	}
	writeJSON(w, status, stored.Ack())
}

// answerExisting answers a submission under an id already stored.
func (s *Server) answerExisting(w http.ResponseWriter, r *http.Request, old gwstore.Dossier, kioskID, bodySHA string) {
	if old.KioskID != kioskID || old.BodySHA256 != bodySHA {
		s.log.WarnContext(r.Context(), "dossier refused: conflict", "kiosk", kioskID, "dossier", old.ID,
			"stored_kiosk", old.KioskID, "same_kiosk", old.KioskID == kioskID)
		writeError(w, http.StatusConflict, wire.CodeConflict, "another dossier was received under this id")
		return
	}
	writeJSON(w, http.StatusOK, old.Ack())
}

func (s *Server) getDossier(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.DossierByID(r.Context(), r.PathValue("id"))
	if err == nil && d.KioskID != kioskOf(r).ID {
		err = gwstore.ErrNotFound // only the asking kiosk's dossiers
	}
	s.answerStatus(w, r, d, err)
}

func (s *Server) findDossier(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	if code == "" {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "give ?code=<official or receipt code>")
		return
	}
	d, err := s.store.DossierByCode(r.Context(), kioskOf(r).ID, code)
	// Found by its official code, which is sequential and so guessable: the status, the
	// officials' note and the fee, nothing that leads further into another resident's
	// dossier (its receipt code, its id). The receipt code, which only its holder has,
	// shows all.
	s.writeStatus(w, r, d, err, err == nil && !strings.EqualFold(code, d.ReceiptCode))
}

func (s *Server) answerStatus(w http.ResponseWriter, r *http.Request, d gwstore.Dossier, err error) {
	s.writeStatus(w, r, d, err, false)
}

// writeStatus answers a status lookup; byOfficialCode leaves out the id and receipt code.
func (s *Server) writeStatus(w http.ResponseWriter, r *http.Request, d gwstore.Dossier, err error, byOfficialCode bool) {
	switch {
	case errors.Is(err, gwstore.ErrNotFound):
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "Không tìm thấy hồ sơ.")
	case err != nil:
		s.internalError(w, r, err)
	default:
		a := d.StatusAnswer()
		if a.FeeStatus, err = s.feeStatus(r.Context(), d); err != nil {
			s.internalError(w, r, err)
			return
		}
		if byOfficialCode {
			a.ID, a.ReceiptCode = "", ""
		}
		writeJSON(w, http.StatusOK, a)
	}
}
