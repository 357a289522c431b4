// Command uibare is the baseline of the UI benches (scripts/bench.d/ui.sh). Without
// arguments: a bare Fyne window with one label, timed to its first frame the same way
// as the kiosk's --first-frame. With -shade WxH: what the machine's GL costs a Fyne
// window of that size (shade.go), beside the kiosk's keystroke figures.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	shadeSize := flag.String("shade", "", "measure the GL's cost per frame and per pixel at this window size (WxH)")
	flag.Parse()
	if *shadeSize != "" {
		var w, h float32
		if _, err := fmt.Sscanf(*shadeSize, "%fx%f", &w, &h); err != nil || w < 1 || h < 1 {
			fmt.Fprintf(os.Stderr, "uibare: -shade %q: want WxH, e.g. 1920x1080\n", *shadeSize)
			os.Exit(2)
		}
		if err := shade(fyne.NewSize(w, h)); err != nil {
			fmt.Fprintln(os.Stderr, "uibare:", err)
			os.Exit(1)
		}
		return
	}
	a := app.NewWithID("vn.gov.cantho.dvckiosk.benchbare")
	w := a.NewWindow("bare")
	w.SetContent(widget.NewLabel("Chạm để bắt đầu"))
	w.Resize(fyne.NewSize(1366, 768))
	go func() {
		fyne.DoAndWait(func() {})
		fyne.DoAndWait(func() {})
		fmt.Printf("first_frame_unix_ms=%d\n", time.Now().UnixMilli())
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
}
