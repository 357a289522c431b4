// Command uibare is the baseline of the UI cold-start bench (scripts/bench.d/ui.sh):
// a bare Fyne window with one label, timed the same way as the kiosk's --first-frame.
package main

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
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
