package kiosk

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
)

// Chart colours: the theme's blue and a green that stays distinct for colour-blind eyes
// in print (dark vs light), both with white-background contrast.
var (
	colSeries1 = colPrimary
	colSeries2 = color.NRGBA{R: 0x2E, G: 0x9D, B: 0x5B, A: 0xFF}
	colAxis    = color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xFF}
	colGrid    = color.NRGBA{R: 0xD0, G: 0xD0, B: 0xD0, A: 0xFF}
)

// series is one set of bars of a chart.
type series struct {
	name   string
	color  color.Color
	values []int
}

// barChart draws grouped vertical bars with canvas rectangles and texts: one group per
// label, one bar per series, the value above each non-zero bar, the labels below (every
// labelEvery-th when they are many) and a legend. It is drawn, not a widget: tests read
// its texts and bar heights.
type barChart struct {
	labels     []string
	series     []series
	labelEvery int
	max        int

	bars   [][]*canvas.Rectangle // [series][group]
	values [][]*canvas.Text
	xs     []*canvas.Text
	axis   *canvas.Rectangle
	scale  *canvas.Text // the largest value at the top, when the bars' values are left out
	grid   []*canvas.Rectangle
	obj    fyne.CanvasObject
}

const (
	chartTextSize  = 24 // the help size
	chartMinHeight = 250
)

func newBarChart(labels []string, labelEvery int, ss ...series) *barChart {
	c := &barChart{labels: labels, series: ss, labelEvery: max(labelEvery, 1)}
	for _, s := range ss {
		for _, v := range s.values {
			c.max = max(c.max, v)
		}
	}
	var objs []fyne.CanvasObject
	for i := 0; i < 4; i++ {
		g := canvas.NewRectangle(colGrid)
		c.grid = append(c.grid, g)
		objs = append(objs, g)
	}
	c.axis = canvas.NewRectangle(colAxis)
	c.scale = canvas.NewText("", colForeground)
	c.scale.TextSize = chartTextSize
	c.scale.TextStyle.Bold = true
	objs = append(objs, c.axis, c.scale)
	c.bars = make([][]*canvas.Rectangle, len(ss))
	c.values = make([][]*canvas.Text, len(ss))
	for si, s := range ss {
		for gi := range labels {
			v := 0
			if gi < len(s.values) {
				v = s.values[gi]
			}
			r := canvas.NewRectangle(s.color)
			t := canvas.NewText("", colForeground)
			t.TextSize = chartTextSize
			t.Alignment = fyne.TextAlignCenter
			if v > 0 {
				t.Text = strconv.Itoa(v)
			}
			c.bars[si] = append(c.bars[si], r)
			c.values[si] = append(c.values[si], t)
			objs = append(objs, r, t)
		}
	}
	for gi, l := range labels {
		t := canvas.NewText("", colForeground)
		t.TextSize = chartTextSize
		t.Alignment = fyne.TextAlignCenter
		if gi%c.labelEvery == 0 {
			t.Text = l // Layout shows fewer when they do not fit
		}
		c.xs = append(c.xs, t)
		objs = append(objs, t)
	}
	plot := container.New(c, objs...)
	legend := container.NewHBox()
	if len(ss) > 1 || ss[0].name != "" {
		for _, s := range ss {
			sw := canvas.NewRectangle(s.color)
			sw.SetMinSize(fyne.NewSize(28, 28))
			legend.Add(container.NewCenter(sw))
			name := text(s.name)
			name.Wrapping = fyne.TextWrapOff
			legend.Add(name)
		}
	}
	c.obj = container.NewBorder(container.NewHBox(layout.NewSpacer(), legend), nil, nil, nil, plot)
	return c
}

// value returns the bar value shown for series si, group gi ("" for zero).
func (c *barChart) value(si, gi int) string { return c.values[si][gi].Text }

// MinSize: room for the bars, their values above and the labels below.
func (c *barChart) MinSize([]fyne.CanvasObject) fyne.Size {
	w := float32(len(c.labels)*(len(c.series)*10+8)) + 40
	return fyne.NewSize(w, chartMinHeight)
}

// Layout places bars proportionally to the largest value. Each label and value keeps
// to its own group's or bar's width, so none touches its neighbour: when the labels
// are wider than a group, every second (third, ...) one is shown; when a value is
// wider than its bar, the values are left out and the largest one labels the top of
// the scale instead (the summary and the CSV have them all).
func (c *barChart) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	const labelH, valueH, left = 34, 32, 8
	plotH := size.Height - labelH - valueH
	base := valueH + plotH
	for i, g := range c.grid {
		y := valueH + plotH*float32(i)/float32(len(c.grid))
		g.Move(fyne.NewPos(left, y))
		g.Resize(fyne.NewSize(size.Width-2*left, 1))
	}
	c.axis.Move(fyne.NewPos(left, base))
	c.axis.Resize(fyne.NewSize(size.Width-2*left, 2))
	n := len(c.labels)
	if n == 0 {
		return
	}
	groupW := (size.Width - 2*left) / float32(n)
	gap := groupW * 0.2
	barW := (groupW - gap) / float32(len(c.series))
	every := c.labelEvery
	for every < n && c.widestLabel() > groupW*float32(every)-chartTextGap {
		every++
	}
	showValues := c.widestValue() <= barW-chartTextGap
	for gi := 0; gi < n; gi++ {
		x0 := left + float32(gi)*groupW + gap/2
		for si, s := range c.series {
			v := 0
			if gi < len(s.values) {
				v = s.values[gi]
			}
			h := float32(0)
			if c.max > 0 {
				h = plotH * float32(v) / float32(c.max)
			}
			r := c.bars[si][gi]
			x := x0 + float32(si)*barW
			r.Move(fyne.NewPos(x, base-h))
			r.Resize(fyne.NewSize(barW-1, h))
			t := c.values[si][gi]
			t.Move(fyne.NewPos(x, base-h-valueH))
			t.Resize(fyne.NewSize(barW, valueH))
			setVisible(t, showValues && t.Text != "")
		}
		t := c.xs[gi]
		t.Text = ""
		if gi%every == 0 {
			t.Text = c.labels[gi]
		}
		t.Move(fyne.NewPos(left+float32(gi)*groupW, base+4))
		t.Resize(fyne.NewSize(groupW*float32(min(every, n-gi)), labelH))
		t.Alignment = fyne.TextAlignCenter
		if every > 1 {
			// A label standing for several groups sits under its own group.
			t.Alignment = fyne.TextAlignLeading
		}
		t.Refresh()
	}
	c.scale.Text = ""
	if !showValues && c.max > 0 {
		c.scale.Text = strconv.Itoa(c.max)
	}
	c.scale.Move(fyne.NewPos(left+4, 0))
	c.scale.Resize(fyne.NewSize(size.Width-2*left, valueH))
	c.scale.Refresh()
}

// chartTextGap is the least room between two of a chart's texts.
const chartTextGap = 6

// widestLabel is the width of the widest group label.
func (c *barChart) widestLabel() float32 {
	w := float32(0)
	for _, l := range c.labels {
		w = max(w, fyne.MeasureText(l, chartTextSize, fyne.TextStyle{}).Width)
	}
	return w
}

// widestValue is the width of the widest bar value.
func (c *barChart) widestValue() float32 {
	w := float32(0)
	for _, vs := range c.values {
		for _, t := range vs {
			if t.Text != "" {
				w = max(w, fyne.MeasureText(t.Text, chartTextSize, t.TextStyle).Width)
			}
		}
	}
	return w
}

func setVisible(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// hbar is one row of a horizontal bar chart: a label, a bar as long as value is of max,
// and the value.
func hbar(label string, value, maxValue int, col color.Color, labelW float32) fyne.CanvasObject {
	l := text(label) // wrapped: a long procedure name takes two lines, never an ellipsis
	r := canvas.NewRectangle(col)
	v := canvas.NewText(strconv.Itoa(value), colForeground)
	v.TextSize = textSize
	v.TextStyle.Bold = true
	frac := float32(0)
	if maxValue > 0 {
		frac = float32(value) / float32(maxValue)
	}
	bar := container.New(&hbarLayout{frac: frac}, r, v)
	return container.New(&columns{widths: []float32{labelW}}, l, bar)
}

// hbarLayout sizes the bar to frac of the room left after the value text.
type hbarLayout struct{ frac float32 }

func (h *hbarLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(200, 40)
}

func (h *hbarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	r, v := objs[0], objs[1]
	vw := v.MinSize().Width + 12
	w := (size.Width - vw) * h.frac
	r.Move(fyne.NewPos(0, 6))
	r.Resize(fyne.NewSize(w, size.Height-12))
	v.Move(fyne.NewPos(w+8, (size.Height-v.MinSize().Height)/2))
	v.Resize(v.MinSize())
}

// columns lays objects side by side: the first ones at fixed widths, the last one
// taking the rest.
type columns struct{ widths []float32 }

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		if i < len(c.widths) {
			s.Width += c.widths[i]
		} else {
			s.Width += m.Width
		}
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := size.Width - x
		if i < len(c.widths) {
			w = c.widths[i]
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}
