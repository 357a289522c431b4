package main

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// runGUI opens the kiosk window. (Placeholder until the resident's flow lands in kiosk/.)
func runGUI(ctx context.Context, env *cmdEnv, args []string) error {
	a := app.NewWithID("vn.gov.cantho.dvckiosk")
	w := a.NewWindow("Dịch vụ công trực tuyến")
	w.SetContent(widget.NewLabel("Chạm để bắt đầu"))
	w.Resize(fyne.NewSize(1366, 768))
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return nil
}
