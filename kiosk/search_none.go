package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// noHits is what a search that finds nothing shows in place of the results: "Hỏi nhân
// viên bưu điện" and the field tiles, so the resident can still find the procedure by
// its field. Built on the first empty search (the fields are read once).
type noHits struct {
	s   *proceduresScreen
	obj *fyne.Container
}

func newNoHits(s *proceduresScreen) *noHits {
	n := &noHits{s: s, obj: container.NewStack()}
	n.obj.Hide()
	return n
}

// show fills the panel on first use and shows it; hide hides it.
func (n *noHits) show() {
	if len(n.obj.Objects) == 0 {
		n.obj.Objects = []fyne.CanvasObject{n.build()}
	}
	n.obj.Show()
	n.obj.Refresh()
}

func (n *noHits) hide() { n.obj.Hide() }

func (n *noHits) build() fyne.CanvasObject {
	s := n.s
	ask := message(T("procedures.ask_staff"), widget.MediumImportance)
	ctx, cancel := s.ops.ctx()
	fields, err := s.catalog.Fields(ctx)
	cancel()
	if err != nil {
		s.ops.logf("fields: %v", err)
		return container.NewVBox(ask)
	}
	grid := container.NewGridWithColumns(2)
	for _, f := range fields {
		f := f
		b := s.kit.button(catalog.InLang(s.kit.lang(), f.Name, f.NameEN), nil, func() {
			s.nav.openProcedures(s.filing, false, f.Name)
		})
		grid.Add(b)
	}
	return container.NewBorder(container.NewVBox(ask, text(T("procedures.or_pick_field"))), nil, nil, nil, container.NewVScroll(grid))
}
