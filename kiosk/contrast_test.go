package kiosk

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is the WCAG relative luminance of c (opaque).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Every text colour of the theme on the backgrounds it is drawn on reaches 4.5:1
// (disabled controls are exempt in WCAG and are not listed).
func TestThemeTextContrast(t *testing.T) {
	th := Theme()
	c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantLight) }
	pairs := []struct {
		what   string
		fg, bg color.Color
	}{
		{"body on background", c(theme.ColorNameForeground), c(theme.ColorNameBackground)},
		{"body on a button", c(theme.ColorNameForeground), c(theme.ColorNameButton)},
		{"body on the header", c(theme.ColorNameForeground), c(theme.ColorNameHeaderBackground)},
		{"typed text on an input", c(theme.ColorNameForeground), c(theme.ColorNameInputBackground)},
		{"placeholder on an input", c(theme.ColorNamePlaceHolder), c(theme.ColorNameInputBackground)},
		{"primary button", c(theme.ColorNameForegroundOnPrimary), c(theme.ColorNamePrimary)},
		{"current-document chip (warning button)", c(theme.ColorNameForegroundOnWarning), c(theme.ColorNameWarning)},
		{"danger button", c(theme.ColorNameForegroundOnError), c(theme.ColorNameError)},
		{"success button", c(theme.ColorNameForegroundOnSuccess), c(theme.ColorNameSuccess)},
		{"error text", c(theme.ColorNameError), c(theme.ColorNameBackground)},
		{"success text", c(theme.ColorNameSuccess), c(theme.ColorNameBackground)},
		{"warning text (receipt countdown)", c(theme.ColorNameWarning), c(theme.ColorNameBackground)},
		{"error text on the header", c(theme.ColorNameError), c(theme.ColorNameHeaderBackground)},
		{"link", c(theme.ColorNamePrimary), c(theme.ColorNameBackground)},
	}
	for _, p := range pairs {
		if r := contrast(p.fg, p.bg); r < 4.5 {
			t.Errorf("%s: %.2f:1, want ≥ 4.5:1", p.what, r)
		}
	}
}
