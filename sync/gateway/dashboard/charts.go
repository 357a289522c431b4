package dashboard

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts are drawn here as inline SVG: no script, no image request, readable on any
// browser that shows SVG, and printable. Every chart repeats its figures in a table
// next to it, so nothing depends on reading a chart. Colours are dark enough for
// contrast on white; lines also differ by dash pattern, for colour-blind readers.

// series is one line of a line chart.
type series struct {
	Name   string
	Color  string
	Dash   string // stroke-dasharray, "" for solid
	Values []int
}

// barItem is one bar of a bar chart.
type barItem struct {
	Label string
	Value int
	Color string // "" for the chart's colour
}

// Palette (WCAG contrast ≥ 4.5 on white).
const (
	colBlue   = "#0b4f9c"
	colGreen  = "#17663a"
	colRed    = "#b3261e"
	colOrange = "#a34700"
	colGrey   = "#555555"
)

// esc escapes text for SVG content and attributes.
func esc(s string) string { return template.HTMLEscapeString(s) }

// niceMax rounds v up to 1, 2 or 5 times a power of ten (at least 1), and returns
// the tick step giving 4 or 5 intervals.
func niceMax(v int) (top, step int) {
	if v <= 4 {
		return 4, 1
	}
	mag := int(math.Pow(10, math.Floor(math.Log10(float64(v)/4))))
	for _, m := range []int{1, 2, 5, 10} {
		step = m * mag
		if step*5 >= v {
			break
		}
	}
	top = (v + step - 1) / step * step
	return top, step
}

// lineChart draws series over labels (one point per label) with a y axis from 0.
func lineChart(title string, labels []string, ss []series, format func(int) string) template.HTML {
	const w, h = 960, 300
	const left, right, top, bottom = 64, 16, 44, 40
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	maxV := 0
	for _, s := range ss {
		for _, v := range s.Values {
			maxV = max(maxV, v)
		}
	}
	ymax, step := niceMax(maxV)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	// Legend.
	x := float64(left)
	for _, s := range ss {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="16" x2="%.0f" y2="16" stroke="%s" stroke-width="4" stroke-dasharray="%s"/>`, x, x+28, s.Color, s.Dash)
		fmt.Fprintf(&b, `<text x="%.0f" y="21" font-size="15" fill="#111">%s</text>`, x+34, esc(s.Name))
		x += 34 + 9*float64(len([]rune(s.Name))) + 28
	}
	// Grid and y labels.
	for v := 0; v <= ymax; v += step {
		y := float64(top) + ph - ph*float64(v)/float64(ymax)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#cccccc" stroke-width="1"/>`, left, y, w-right, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="13" fill="#333" text-anchor="end">%s</text>`, left-8, y+4, esc(format(v)))
	}
	n := len(labels)
	px := func(i int) float64 {
		if n <= 1 {
			return float64(left) + pw/2
		}
		return float64(left) + pw*float64(i)/float64(n-1)
	}
	// X labels: at most 8, evenly spread, always the first and the last.
	if n > 0 {
		every := max(1, int(math.Ceil(float64(n)/8)))
		for i := 0; i < n; i++ {
			if i%every != 0 && i != n-1 || (i != n-1 && n-1-i < every/2) {
				continue
			}
			anchor := "middle"
			if n > 1 && i == 0 {
				anchor = "start"
			} else if n > 1 && i == n-1 {
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13" fill="#333" text-anchor="%s">%s</text>`, px(i), h-bottom+20, anchor, esc(labels[i]))
		}
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#111" stroke-width="1.5"/>`, left, h-bottom, w-right, h-bottom)
	for _, s := range ss {
		py := func(v int) float64 { return float64(top) + ph - ph*float64(v)/float64(ymax) }
		if n == 1 {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="5" fill="%s"/>`, px(0), py(s.Values[0]), s.Color)
			continue
		}
		var pts strings.Builder
		for i, v := range s.Values {
			fmt.Fprintf(&pts, "%.1f,%.1f ", px(i), py(v))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round" stroke-dasharray="%s" points="%s"/>`,
			s.Color, s.Dash, strings.TrimSpace(pts.String()))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barChart draws horizontal bars, one row per item, labels on the left and values
// at the end of each bar.
func barChart(title string, items []barItem, color string, format func(int) string) template.HTML {
	const w, row, top, valueW = 960, 30, 8, 90
	h := top*2 + row*max(1, len(items))
	maxV, longest := 1, 0
	for _, it := range items {
		maxV = max(maxV, it.Value)
		longest = max(longest, len([]rune(truncate(it.Label, 46))))
	}
	// Room for the longest label (about 8 px a character at 14 px), within bounds.
	labelW := min(380, max(90, 20+8*longest))
	pw := float64(w - labelW - valueW)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	for i, it := range items {
		y := top + i*row
		c := it.Color
		if c == "" {
			c = color
		}
		bw := pw * float64(it.Value) / float64(maxV)
		if it.Value > 0 && bw < 2 {
			bw = 2
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" fill="#111" text-anchor="end">%s</text>`, labelW-10, y+20, esc(truncate(it.Label, 46)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, y+4, bw, row-8, c)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="14" font-weight="bold" fill="#111">%s</text>`, float64(labelW)+bw+8, y+20, esc(format(it.Value)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// truncate shortens s to n characters with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
