package kiosk

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/report"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// statsPeriod is the span of days the officials' statistics screen shows.
type statsPeriod int

// The periods.
const (
	periodToday statsPeriod = iota
	period30Days
	periodLastMonth
)

// statsTab is a tab of the officials' statistics screen.
type statsTab int

// The tabs.
const (
	tabSummary statsTab = iota
	tabChart
	tabProcedures
	tabExport
)

// statsView is the commune officials' screen: today, the last 30 days or last month —
// sessions, dossiers per procedure, completion and abandonment, pages scanned, ratings,
// what waits to sync — as a table, charts (per hour today, per day otherwise, per
// procedure) and a CSV export to a USB stick. Its figures come from kiosk/report, the
// same as the CSV and `kiosk stats`.
type statsView struct {
	d      *desk
	period statsPeriod
	tab    statsTab
	fig    *report.Figures
	body   *fyne.Container
	msg    *widget.Label
	chart  *barChart // the chart shown on the chart tab (tests read it)
	procs  *pager
	drives []report.Drive
}

func (d *desk) showStats() {
	s := &statsView{d: d, period: periodToday, tab: tabSummary}
	d.screen = s
	s.build()
}

// build makes the whole screen for the current period and tab.
func (s *statsView) build() {
	d := s.d
	if err := s.load(); err != nil {
		d.ops.logf("statistics: %v", err)
	}
	tool := func(label string, on bool, f func()) fyne.CanvasObject {
		b := d.kit.button(label, nil, f)
		if on {
			b.Importance = widget.HighImportance
		}
		return b
	}
	periods := func() *fyne.Container {
		return container.NewHBox(
			tool(T("official.today"), s.period == periodToday, func() { s.period = periodToday; s.build() }),
			tool(T("official.last30"), s.period == period30Days, func() { s.period = period30Days; s.build() }),
			tool(T("official.last_month"), s.period == periodLastMonth, func() { s.period = periodLastMonth; s.build() }))
	}
	tabs := []fyne.CanvasObject{
		tool(T("official.tab_summary"), s.tab == tabSummary, func() { s.tab = tabSummary; s.build() }),
		tool(T("official.tab_chart"), s.tab == tabChart, func() { s.tab = tabChart; s.build() }),
		tool(T("official.tab_procedures"), s.tab == tabProcedures, func() { s.tab = tabProcedures; s.build() }),
		tool(T("official.tab_export"), s.tab == tabExport, func() { s.tab = tabExport; s.build() }),
	}
	s.msg = message("", widget.HighImportance)
	s.msg.Hide()
	var content fyne.CanvasObject
	if s.fig == nil {
		content = message(T("error.generic"), widget.DangerImportance)
	} else {
		switch s.tab {
		case tabChart:
			content = s.chartTab()
		case tabProcedures:
			content = s.proceduresTab()
		case tabExport:
			content = s.exportTab()
		default:
			content = s.summaryTab()
		}
	}
	// The tabs share the tool row with who is signed in; the periods go on a line of
	// their own with the period shown (one row of seven buttons is wider than 1366 px).
	head := func() fyne.CanvasObject {
		l := bold(s.periodTitle())
		l.Wrapping = fyne.TextWrapOff
		return container.NewVBox(layout.NewSpacer(), l, layout.NewSpacer()) // level with the buttons
	}
	periodRow := byWidth(container.NewBorder(nil, nil, periods(), nil, head()), container.NewVBox(periods(), head()))
	s.body = container.NewBorder(container.NewVBox(periodRow, s.msg), nil, nil, nil, content)
	d.setContent(deskStats, d.frame(T("official.title"), tabs, s.body))
	s.body.Refresh() // the period row knows its height once laid out at its width
	d.refresh = s.build
}

// rangeOf is the period's first and last day at now.
func rangeOf(period statsPeriod, now time.Time) (from, to string) {
	switch period {
	case period30Days:
		return report.LastDays(now, 30)
	case periodLastMonth:
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
		last := first.AddDate(0, 0, -1)
		return last.Format(wire.DayLayout)[:8] + "01", last.Format(wire.DayLayout)
	}
	return report.LastDays(now, 1)
}

func (s *statsView) load() error {
	s.fig = nil
	from, to := rangeOf(s.period, s.d.now())
	ctx, cancel := s.d.ctx()
	defer cancel()
	f, err := report.Compute(ctx, s.d.bo, from, to)
	if err != nil {
		return err
	}
	s.fig = f
	return nil
}

// dayText writes 2026-11-20 as 20/11/2026.
func dayText(day string) string {
	t, err := time.Parse(wire.DayLayout, day)
	if err != nil {
		return day
	}
	return t.Format("02/01/2006")
}

func (s *statsView) periodTitle() string {
	if s.fig == nil {
		return ""
	}
	if s.fig.SingleDay() {
		return T("official.period_day", Args("Day", dayText(s.fig.From)))
	}
	return T("official.period_range", Args("From", dayText(s.fig.From), "To", dayText(s.fig.To)))
}

// figureRow is one line of the summary table: drawn texts, so that ten lines fit
// the screen without scrolling.
func (s *statsView) figureRow(f report.Figure) fyne.CanvasObject {
	lang := s.d.res.Language()
	return statRow(f.Label(lang), f.Text(lang))
}

// statTextSize is the summary table's text: the help size, so that its twenty lines
// fit a 768-line screen in two columns without scrolling.
const statTextSize = 24

// statRow is a summary line: a label and its value, right-aligned.
func statRow(label, value string) fyne.CanvasObject {
	l := canvas.NewText(label, colForeground)
	l.TextSize = statTextSize
	v := canvas.NewText(value, colForeground)
	v.TextSize = statTextSize
	v.TextStyle.Bold = true
	v.Alignment = fyne.TextAlignTrailing
	return container.New(statLine{}, l, v)
}

// statLine lays a label out on the left and its value on the right, the value at its
// own width and the label taking the rest (a fixed label column cut the values beside
// a scroll panel).
type statLine struct{}

// statGap is the least room between a label and its value.
const statGap = 24

func (statLine) MinSize(objs []fyne.CanvasObject) fyne.Size {
	l, v := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(l.Width+statGap+v.Width, max(l.Height, v.Height))
}

func (statLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	vw := objs[1].MinSize().Width
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width-vw-statGap, size.Height))
	objs[1].Move(fyne.NewPos(size.Width-vw, 0))
	objs[1].Resize(fyne.NewSize(vw, size.Height))
}

func (s *statsView) summaryTab() fyne.CanvasObject {
	figs := s.fig.Summary()
	// Lines close together (the rows are read across, not tapped): twenty of them
	// and the fees fit under the tabs and periods at 768 lines.
	left, right := container.New(layout.NewCustomPaddedVBoxLayout(2)), container.New(layout.NewCustomPaddedVBoxLayout(2))
	for i, f := range figs {
		if i < 10 {
			left.Add(s.figureRow(f))
		} else {
			right.Add(s.figureRow(f))
		}
	}
	s.addFeeRows(right) // fee.go: fees collected, when any
	if len(right.Objects) > len(left.Objects) {
		// Fees on many days: their lines scroll beside the figures, the screen stays put.
		return container.NewGridWithColumns(2, box(colHeader, left), box(colHeader, s.d.kit.narrowScrollPanel(right).obj))
	}
	return container.NewGridWithColumns(2, container.NewVBox(box(colHeader, left)), container.NewVBox(box(colHeader, right)))
}

func (s *statsView) chartTab() fyne.CanvasObject {
	f := s.fig
	var labels []string
	var sessions, submitted []int
	var title string
	if f.SingleDay() {
		lo, hi := 7, 18 // opening hours, widened to where events are
		for _, h := range f.Hours {
			if h.Sessions > 0 || h.Submitted > 0 {
				lo, hi = min(lo, h.Hour), max(hi, h.Hour)
			}
		}
		for _, h := range f.Hours[lo : hi+1] {
			labels = append(labels, fmt.Sprintf("%dh", h.Hour))
			sessions = append(sessions, h.Sessions)
			submitted = append(submitted, h.Submitted)
		}
		title = T("official.chart_hours")
	} else {
		for _, d := range f.Days {
			labels = append(labels, strings.TrimLeft(d.Day[8:], "0"))
			sessions = append(sessions, d.Sessions)
			submitted = append(submitted, d.DossiersSubmitted)
		}
		title = T("official.chart_days")
	}
	every := 1
	if len(labels) > 31 {
		every = 2
	}
	s.chart = newBarChart(labels, every,
		series{name: T("official.series_sessions"), color: colSeries1, values: sessions},
		series{name: T("official.series_submitted"), color: colSeries2, values: submitted})
	return container.NewBorder(subheading(title), nil, nil, nil, s.chart.obj)
}

// procsPerPage is how many procedures (a name on up to two lines, its bar and its
// detail line: about 170 px) fit a page under the tabs and periods at the display's
// height.
func procsPerPage(height float32) int {
	switch {
	case height < 900:
		return 2
	case height < 1060:
		return 3
	}
	return 4
}

func (s *statsView) proceduresTab() fyne.CanvasObject {
	d := s.d
	f := s.fig
	if len(f.Procedures) == 0 {
		return text(T("official.no_dossiers"))
	}
	maxN := 0
	for _, p := range f.Procedures {
		maxN = max(maxN, p.Submitted, p.Started)
	}
	var rows []fyne.CanvasObject
	for _, p := range f.Procedures {
		detail := text(T("official.procedure_detail", Args("Code", p.Code, "Started", p.Started, "Submitted", p.Submitted,
			"Assisted", p.Assisted, "Pages", p.Pages)))
		detail.SizeName = theme.SizeNameCaptionText
		rows = append(rows, container.NewVBox(hbar(p.Name, p.Submitted, maxN, colSeries1, 560), detail))
	}
	s.procs = d.kit.pager(procsPerPage(d.w.Canvas().Size().Height))
	s.procs.setItems(rows)
	return container.NewBorder(subheading(T("official.chart_procedures")), nil, nil, nil, s.procs.obj)
}
