package kiosk

import (
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/report"
)

// exportTab lists the mounted USB drives, big enough to touch; touching one writes the
// period's CSV onto it. A drive plugged in later appears with "look again".
func (s *statsView) exportTab() fyne.CanvasObject {
	d := s.d
	s.drives = report.Drives(s.d.driveRoots)
	list := container.NewVBox()
	for _, dr := range s.drives {
		dr := dr
		b := d.kit.button(T("official.export_to", Args("Name", dr.Name)), theme.DocumentSaveIcon(), func() { s.onExport(dr) })
		b.Alignment = widget.ButtonAlignLeading
		path := text(dr.Path)
		path.SizeName = theme.SizeNameCaptionText
		list.Add(container.NewVBox(b, path))
	}
	if len(s.drives) == 0 {
		list.Add(message(T("official.no_drive"), widget.WarningImportance))
	}
	again := d.kit.button(T("official.look_again"), theme.ViewRefreshIcon(), func() { s.build() })
	intro := text(T("official.export_intro", Args("File", s.fig.FileName())))
	return container.NewBorder(intro, container.NewHBox(again), nil, nil, d.kit.scrollPanel(list).obj)
}

func (s *statsView) onExport(dr report.Drive) {
	path, err := report.Export(dr.Path, s.fig)
	if err != nil {
		s.d.ops.logf("export: %v", err)
		text := T("official.export_failed")
		if errors.Is(err, report.ErrNoFolder) {
			text = T("official.export_gone")
		}
		s.msg.Importance = widget.DangerImportance
		s.msg.SetText(text)
		s.msg.Show()
		s.body.Refresh() // re-lay out around the shown message
		return
	}
	s.msg.Importance = widget.SuccessImportance
	s.msg.SetText(T("official.exported", Args("File", filepath.Base(path), "Name", dr.Name)))
	s.msg.Show()
	s.body.Refresh()
}
