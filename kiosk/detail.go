package kiosk

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// detailScreen shows what a procedure needs before the resident starts: level,
// agency, processing time, fees, documents and steps.
type detailScreen struct {
	kit   kit
	nav   navigator
	ops   ops
	flow  *flow.Flow
	procs interface {
		Procedure(ctx context.Context, code string) (*catalog.Procedure, error)
	}
	code   string
	proc   *catalog.Procedure
	viewed bool
}

func (s *detailScreen) id() screenID  { return scrDetail }
func (s *detailScreen) title() string { return T("detail.title") }

func (s *detailScreen) build() fyne.CanvasObject {
	if s.proc == nil {
		ctx, cancel := s.ops.ctx()
		p, err := s.procs.Procedure(ctx, s.code)
		cancel()
		if err != nil {
			s.ops.logf("procedure %s: %v", s.code, err)
			return vfill(message(s.ops.plain(err), widget.DangerImportance))
		}
		s.proc = p
	}
	if !s.viewed {
		s.viewed = true
		s.ops.record(store.EvProcedureViewed, s.code, 0)
	}
	p := s.proc.Localized(s.kit.lang()) // resident-visible text in the resident's language, Vietnamese where the catalog has no English
	info := container.NewVBox(
		subheading(s.kit.fullProcName(p)),
		kv(T("detail.code"), p.Code),
		kv(T("detail.level"), levelLabel(int(p.Level))),
		kv(T("detail.field"), p.Field),
		kv(T("detail.agency"), p.Agency),
		kv(T("detail.time"), p.ProcessingTime),
		kv(T("detail.fees"), feesLine(p.Fees)),
		bold(T("detail.documents")),
	)
	for i, d := range p.Documents {
		info.Add(text(fmt.Sprintf("%d. %s", i+1, documentLine(d))))
	}
	if len(p.Steps) > 0 {
		info.Add(bold(T("detail.steps")))
		for i, st := range p.Steps {
			info.Add(text(fmt.Sprintf("%d. %s", i+1, st)))
		}
	}
	panel := s.kit.scrollPanel(info)
	start := s.kit.primary(T("detail.start"), theme.NavigateNextIcon(), s.onStart)
	start.IconPlacement = widget.ButtonIconTrailingText
	return container.NewBorder(nil, start, nil, nil, panel.obj)
}

// kvStacked is a bold label with its value on the line below, for narrow columns.
func kvStacked(label, value string) fyne.CanvasObject {
	return container.NewVBox(bold(label), text(value))
}

// kv is a "label: value" line with the label in bold.
func kv(label, value string) fyne.CanvasObject {
	l := bold(label)
	l.Wrapping = fyne.TextWrapOff
	return container.NewBorder(nil, nil, l, nil, text(value))
}

// fees describes the fees in plain words, one fee a line (two fees joined by ";" made
// one long sentence with "Miễn phí (Miễn lệ phí ….);" in its middle).
func feesLine(fs []catalog.Fee) string {
	if len(fs) == 0 {
		return T("detail.free")
	}
	var parts []string
	for _, f := range fs {
		amount := T("detail.free")
		if f.AmountVND > 0 {
			amount = formatVND(f.AmountVND)
		}
		line := f.Label + ": " + amount
		if note := strings.TrimRight(strings.TrimSpace(f.Note), "."); note != "" {
			line += " (" + note + ")"
		}
		parts = append(parts, line)
	}
	return strings.Join(parts, "\n")
}

// formatVND writes 50000 as "50.000 đ", the Vietnamese way.
func formatVND(v int64) string {
	s := fmt.Sprint(v)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + " đ"
}

func documentLine(d catalog.Document) string {
	line := d.Name
	var notes []string
	if d.Copies > 1 {
		notes = append(notes, T("detail.copies", Args("N", d.Copies)))
	}
	if d.Original {
		notes = append(notes, T("detail.original"))
	}
	if d.Scan {
		notes = append(notes, T("detail.scan_here"))
	}
	if d.Optional {
		notes = append(notes, T("detail.optional"))
	}
	if len(notes) > 0 {
		line += " — " + strings.Join(notes, ", ")
	}
	return line
}

func (s *detailScreen) onStart() {
	ctx, cancel := s.ops.ctx()
	s.flow.Choose(ctx, s.proc)
	cancel()
	switch s.flow.FirstQuestion() {
	case flow.StepQuestion:
		s.nav.open(scrQuestion)
	case flow.StepScan:
		s.nav.open(scrScan)
	default:
		s.nav.open(scrReview)
	}
}
