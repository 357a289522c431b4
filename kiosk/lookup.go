package kiosk

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// lookupScreen finds a dossier by its receipt or official code, typed or read from the
// receipt's QR, and shows its local state and, when online, the gateway's status.
type lookupScreen struct {
	kit      kit
	nav      navigator
	kb       keyboardHost
	ops      ops
	dossiers interface {
		FindDossier(ctx context.Context, code string) (*store.Dossier, error)
	}
	isNotFound func(error) bool
	up         Uplink // nil without a gateway
	hasQR      bool   // a QR reader is configured
	procName   func(d *store.Dossier) string
	done       func(what string)             // a gateway answer was shown (tests)
	feeLine    func(d *store.Dossier) string // fee.go: paid or not, "" without a fee

	code   string
	entry  *kioskEntry
	result *fyne.Container
	remote *widget.Label
	found  *store.Dossier
	gen    int // invalidates late gateway answers
}

func (s *lookupScreen) id() screenID  { return scrLookup }
func (s *lookupScreen) title() string { return T("lookup.title") }

func (s *lookupScreen) build() fyne.CanvasObject {
	s.entry = s.kit.entry(T("lookup.placeholder"), false)
	s.entry.kbdMode = ModeCode // receipt codes: plain letters and digits, nothing composed
	s.entry.SetText(s.code)
	s.entry.OnChanged = func(v string) { s.kit.touch(); s.code = v }
	s.entry.OnSubmitted = func(string) { s.onFind() }
	find := s.kit.primary(T("lookup.find"), theme.SearchIcon(), s.onFind)
	s.result = container.NewVBox()
	s.remote = bold("")
	hint := T("lookup.hint")
	if !s.hasQR {
		hint = T("lookup.hint_no_qr")
	}
	top := container.NewVBox(text(hint), s.entry, find)
	if s.found != nil || s.code != "" {
		s.lookup(false)
	}
	s.kb.focus(s.entry)
	return s.kb.withKeyboard(container.NewBorder(top, nil, nil, nil, s.kit.scrollPanel(s.result).obj), nil)
}

func (s *lookupScreen) onKeyboardDone() { s.onFind() }

func (s *lookupScreen) onQR(code string) {
	c, ok := scanner.ParseReceiptQR(code)
	if !ok {
		s.result.Objects = []fyne.CanvasObject{message(T("lookup.qr_bad"), widget.DangerImportance)}
		s.result.Refresh()
		return
	}
	s.code = c
	s.entry.SetText(c)
	s.onFind()
}

func (s *lookupScreen) onFind() {
	s.kit.touch()
	s.lookup(true)
}

// lookup shows the local record, then asks the gateway in the background.
func (s *lookupScreen) lookup(record bool) {
	code := strings.TrimSpace(s.code)
	s.result.Objects = nil
	defer s.result.Refresh()
	if code == "" {
		s.result.Add(message(T("lookup.empty"), widget.DangerImportance))
		return
	}
	if record {
		s.ops.record(store.EvLookup, "", 0)
	}
	ctx, cancel := s.ops.ctx()
	d, err := s.dossiers.FindDossier(ctx, code)
	cancel()
	switch {
	case err != nil && s.isNotFound(err):
		d = nil
	case err != nil:
		s.ops.logf("lookup: %v", err)
		s.result.Add(message(s.ops.plain(err), widget.DangerImportance))
		return
	}
	s.found = d
	// Official codes are sequential: found by one, only the status shows (the next
	// person could type a neighbour's); the receipt code, which only its holder has,
	// shows the procedure, receipt and time too.
	byReceipt := false
	if rc, ok := store.NormalizeReceiptCode(code); ok && d != nil && rc == d.ReceiptCode {
		byReceipt = true
	}
	if d != nil {
		if byReceipt {
			s.result.Add(subheading(s.procName(d)))
			s.result.Add(kvStacked(T("lookup.receipt_code"), d.ReceiptCode))
			s.result.Add(kvStacked(T("lookup.submitted_at"), d.CreatedAt.Local().Format("02/01/2006 15:04")))
		}
		s.result.Add(kvStacked(T("lookup.local_state"), T("state."+string(d.State))))
		if d.OfficialCode != "" {
			s.result.Add(kvStacked(T("lookup.official_code"), d.OfficialCode))
		}
		if d.Status != "" {
			s.result.Add(kvStacked(T("lookup.status"), statusText(d.Status)))
		}
		if f := s.feeLine(d); f != "" { // fee.go
			s.result.Add(kvStacked(T("lookup.fee"), f))
		}
		if d.State == store.Rejected {
			s.result.Add(message(T("lookup.rejected_help"), widget.WarningImportance))
		}
	}
	s.remote.SetText("")
	s.result.Add(s.remote)
	if s.up == nil || !s.up.Online() {
		if d == nil {
			s.result.Add(message(T("lookup.not_found_offline"), widget.DangerImportance))
		} else {
			s.remote.SetText(T("lookup.offline"))
		}
		return
	}
	ask := code
	if d != nil && d.OfficialCode != "" {
		ask = d.OfficialCode
	} else if d != nil {
		ask = d.ReceiptCode
	}
	s.remote.SetText(T("lookup.asking"))
	s.gen++
	gen := s.gen
	go func() {
		ctx, cancel := s.ops.ctx()
		rs, err := s.up.Lookup(ctx, ask)
		cancel()
		fyne.Do(func() {
			defer s.done("lookup")
			if gen != s.gen || !s.nav.showing(s) {
				return
			}
			switch {
			case err != nil && d == nil:
				s.ops.logf("gateway lookup: %v", err)
				s.remote.SetText(T("lookup.not_found"))
				s.remote.Importance = widget.DangerImportance
			case err != nil:
				s.ops.logf("gateway lookup: %v", err)
				s.remote.SetText(T("lookup.gateway_unknown"))
			default:
				t := T("lookup.gateway_status", Args("Status", statusText(rs.Status)))
				if rs.OfficialCode != "" {
					t += "\n" + T("lookup.official_code") + ": " + rs.OfficialCode
				}
				if f := s.feeLine(d); f != "" { // the lookup brought the fee down too
					t += "\n" + f
				}
				s.remote.SetText(t)
			}
			s.remote.Refresh()
		})
	}()
}

// statusText translates the gateway's processing status.
func statusText(st wire.Status) string {
	key := "remote." + string(st)
	if t := T(key); t != key {
		return t
	}
	return string(st)
}

func (s *lookupScreen) refreshRemote() {
	if s.found != nil {
		s.lookup(false)
	}
}
