package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Sizes of the touch design: elderly first-time users, fingers, reading glasses.
const (
	touchTarget = 72 // minimum height of anything a finger taps (≥ 64 px)
	textSize    = 27 // body text (≥ 20)
	headingSize = 36 // screen titles
	hugeSize    = 64 // receipt code, countdown
)

// Colours: light and high contrast (WCAG AAA for body text on the background).
var (
	colBackground = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	colForeground = color.NRGBA{R: 0x10, G: 0x10, B: 0x10, A: 0xFF}
	colPrimary    = color.NRGBA{R: 0x00, G: 0x4A, B: 0x9F, A: 0xFF} // deep blue, white text on it
	colButton     = color.NRGBA{R: 0xE3, G: 0xEA, B: 0xF4, A: 0xFF}
	colInput      = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xF4, A: 0xFF}
	colBorder     = color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xFF}
	colError      = color.NRGBA{R: 0xB0, G: 0x00, B: 0x20, A: 0xFF}
	colSuccess    = color.NRGBA{R: 0x0B, G: 0x6B, B: 0x2E, A: 0xFF}
	colWarning    = color.NRGBA{R: 0x8A, G: 0x4B, B: 0x00, A: 0xFF}
	colDisabled   = color.NRGBA{R: 0x6A, G: 0x6A, B: 0x6A, A: 0xFF}
	colHeader     = color.NRGBA{R: 0xF0, G: 0xF4, B: 0xFA, A: 0xFF}
	colStrip      = color.NRGBA{R: 0x1F, G: 0x2A, B: 0x3A, A: 0xFF}
)

// kioskTheme is the light, large, high-contrast theme of the resident's screens. It uses
// Fyne's bundled sans-serif font, which covers Vietnamese.
type kioskTheme struct{ base fyne.Theme }

// Theme returns the kiosk's theme. New applies it; the command applies it first too,
// so that the fonts it warms in the background are the theme's.
func Theme() fyne.Theme { return &kioskTheme{base: theme.DefaultTheme()} }

func (k *kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		return colBackground
	case theme.ColorNameForeground:
		return colForeground
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
		return colPrimary
	case theme.ColorNameButton:
		return colButton
	case theme.ColorNameDisabledButton:
		return color.NRGBA{R: 0xDD, G: 0xDD, B: 0xDD, A: 0xFF}
	case theme.ColorNameDisabled:
		return colDisabled
	case theme.ColorNamePlaceHolder:
		return color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xFF}
	case theme.ColorNameInputBackground:
		return colInput
	case theme.ColorNameInputBorder:
		return colBorder
	case theme.ColorNameError:
		return colError
	case theme.ColorNameSuccess:
		return colSuccess
	case theme.ColorNameWarning:
		return colWarning
	case theme.ColorNameHeaderBackground:
		return colHeader
	case theme.ColorNameSeparator:
		return color.NRGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xFF}
	case theme.ColorNameHover:
		return color.NRGBA{R: 0x00, G: 0x4A, B: 0x9F, A: 0x22}
	case theme.ColorNamePressed:
		return color.NRGBA{R: 0x00, G: 0x4A, B: 0x9F, A: 0x55}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0x00, G: 0x4A, B: 0x9F, A: 0x40}
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError, theme.ColorNameForegroundOnSuccess,
		theme.ColorNameForegroundOnWarning: // white on the deep brown: 6.8:1 (black was 3.1:1)
		return color.White
	case theme.ColorNameShadow:
		return color.NRGBA{A: 0x40}
	}
	return k.base.Color(n, theme.VariantLight)
}

func (k *kioskTheme) Font(s fyne.TextStyle) fyne.Resource {
	s.Monospace = false // the bundled monospace font lacks Vietnamese glyphs
	return k.base.Font(s)
}

func (k *kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return k.base.Icon(n) }

func (k *kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return textSize
	case theme.SizeNameHeadingText:
		return headingSize
	case theme.SizeNameSubHeadingText:
		return 30
	case theme.SizeNameCaptionText:
		return 24
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 14
	case theme.SizeNameInlineIcon:
		return 32
	case theme.SizeNameScrollBar:
		return 24
	case theme.SizeNameScrollBarSmall:
		return 12
	case theme.SizeNameInputBorder:
		return 3
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	case theme.SizeNameSeparatorThickness:
		return 2
	}
	return k.base.Size(n)
}
