package main

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// warmFonts has Fyne load the regular and bold faces in the background while the
// store opens, GLFW starts and the window is made, and returns a wait for them. Fyne
// parses a font (the theme's and a system fallback for the language) the first time
// text is measured in a style: tens of ms for each style, which the attract screen's
// first layout did on the UI thread one after the other. Waiting before building the
// screens keeps the UI thread from parsing the same faces again beside the warm-up.
// Fyne keeps the faces by text style, taken from the theme current when first asked:
// call it once the kiosk's theme is applied.
func warmFonts() (wait func()) {
	var wg sync.WaitGroup
	for _, s := range []fyne.TextStyle{{}, {Bold: true}} {
		wg.Go(func() { fyne.MeasureText("Ấ", theme.TextSize(), s) })
	}
	return wg.Wait
}
