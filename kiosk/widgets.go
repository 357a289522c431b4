package kiosk

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bigButton is a button no shorter than a finger target.
type bigButton struct {
	widget.Button
	minH float32
}

func newBigButton(label string, icon fyne.Resource, tapped func()) *bigButton {
	b := &bigButton{minH: touchTarget}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *bigButton) MinSize() fyne.Size {
	s := b.Button.MinSize()
	if s.Height < b.minH {
		s.Height = b.minH
	}
	if s.Width < b.minH {
		s.Width = b.minH
	}
	return s
}

// kit makes the kiosk's widgets and words for the views: a tap on its buttons counts
// as resident activity, its entries bring up the on-screen keyboard, its labels follow
// the resident's language.
type kit struct {
	touch  func()            // resident activity
	attach func(*kioskEntry) // the keyboard for a focused entry
	lang   func() string     // the resident's language
	now    func() time.Time  // bounds typed dates
}

// button makes a big button whose tap also counts as resident activity.
func (k kit) button(label string, icon fyne.Resource, tapped func()) *bigButton {
	return newBigButton(label, icon, func() {
		k.touch()
		if tapped != nil {
			tapped()
		}
	})
}

// primary is a button in the accent colour, for the one step forward on a screen.
func (k kit) primary(label string, icon fyne.Resource, tapped func()) *bigButton {
	b := k.button(label, icon, tapped)
	b.Importance = widget.HighImportance
	return b
}

// tile is a large square-ish button for home and field choices.
func (k kit) tile(label string, icon fyne.Resource, tapped func()) *bigButton {
	b := k.button(label, icon, tapped)
	b.minH = 150
	b.IconPlacement = widget.ButtonIconLeadingText
	return b
}

// text is a wrapped body-size label.
func text(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bold is a wrapped bold body label.
func bold(s string) *widget.Label {
	l := text(s)
	l.TextStyle.Bold = true
	return l
}

// heading is a wrapped screen-title label.
func heading(s string) *widget.Label {
	l := text(s)
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle.Bold = true
	return l
}

// subheading is a wrapped section-title label.
func subheading(s string) *widget.Label {
	l := text(s)
	l.SizeName = theme.SizeNameSubHeadingText
	l.TextStyle.Bold = true
	return l
}

// message is a wrapped label with an importance colour (errors in red, etc.).
func message(s string, imp widget.Importance) *widget.Label {
	l := bold(s)
	l.Importance = imp
	return l
}

// huge is a very large centred text, for codes and countdowns.
func huge(s string, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = hugeSize
	t.TextStyle.Bold = true
	t.Alignment = fyne.TextAlignCenter
	return t
}

// box frames content with a light background, for message panels.
func box(bg color.Color, content fyne.CanvasObject) fyne.CanvasObject {
	r := canvas.NewRectangle(bg)
	r.CornerRadius = 8
	return container.NewStack(r, container.NewPadded(content))
}

// scrollPanel is a vertical scroll area with big "up"/"down" buttons beside it, because
// Fyne's desktop scroller ignores finger drags.
type scrollPanel struct {
	scroll     *container.Scroll
	up, down   *bigButton
	obj        fyne.CanvasObject
	stepFactor float32
}

func (k kit) scrollPanel(content fyne.CanvasObject) *scrollPanel {
	return k.newScrollPanel(content, false)
}

// narrowScrollPanel is a scrollPanel for a column beside the keyboard: its buttons
// carry arrows only, leaving the width to the content.
func (k kit) narrowScrollPanel(content fyne.CanvasObject) *scrollPanel {
	return k.newScrollPanel(content, true)
}

func (k kit) newScrollPanel(content fyne.CanvasObject, narrow bool) *scrollPanel {
	p := &scrollPanel{scroll: container.NewVScroll(container.New(narrowable{}, container.New(clearOfScrollBar{}, content))), stepFactor: 0.8}
	up, down := T("common.scroll_up"), T("common.scroll_down")
	if narrow {
		up, down = "", ""
	}
	p.up = k.button(up, theme.MoveUpIcon(), func() { p.by(-1) })
	p.down = k.button(down, theme.MoveDownIcon(), func() { p.by(1) })
	p.up.IconPlacement = widget.ButtonIconTrailingText
	p.down.IconPlacement = widget.ButtonIconTrailingText
	buttons := container.NewGridWithRows(2, p.up, p.down)
	if narrow {
		p.obj = container.NewBorder(nil, nil, nil, buttons, p.scroll)
	} else {
		p.obj = container.NewBorder(nil, nil, nil, container.NewPadded(buttons), p.scroll)
	}
	return p
}

func (p *scrollPanel) by(dir float32) {
	step := p.scroll.Size().Height * p.stepFactor
	off := p.scroll.Offset
	off.Y += dir * step
	max := p.scroll.Content.MinSize().Height - p.scroll.Size().Height
	if off.Y > max {
		off.Y = max
	}
	if off.Y < 0 {
		off.Y = 0
	}
	p.scroll.ScrollToOffset(off)
}

// pager shows a long list a page at a time with big "previous page"/"next page" buttons.
type pager struct {
	n    int                           // items in the list
	item func(i int) fyne.CanvasObject // builds item i when its page is shown
	// With slots set, the page's widgets are made once and refilled (fill) instead of
	// rebuilt: a search refreshes the list on every keystroke.
	slots   []fyne.CanvasObject
	fill    func(slot fyne.CanvasObject, i int)
	perPage int
	page    int
	list    *fyne.Container
	info    *widget.Label
	prev    *bigButton
	next    *bigButton
	// The narrow navigation, shown when the wide one does not fit (byWidth).
	prevShort, nextShort *bigButton
	infoShort            *canvas.Text
	obj                  fyne.CanvasObject
	onChange             func(page int)

	// With fit set, a page holds as many of its perPage items as its view shows
	// whole (fitColumn): starts are the first items of the pages seen so far, shown
	// how many the current page holds.
	fit    bool
	starts []int
	shown  int
	view   *guardScroll
	gap    float32 // between a fitted page's items; 0: the theme's padding
}

func (k kit) pager(perPage int) *pager {
	p := &pager{perPage: perPage}
	p.list = container.New(wrapColumn{})
	p.info = widget.NewLabel("")
	p.info.Alignment = fyne.TextAlignCenter
	p.info.SizeName = theme.SizeNameCaptionText
	p.prev = k.button(T("common.page_prev"), nil, func() { p.setPage(p.page - 1) })
	p.next = k.button(T("common.page_next"), nil, func() { p.setPage(p.page + 1) })
	// Beside the keyboard a list is narrow: short words with arrows there.
	p.prevShort = k.button(T("common.page_prev_short"), theme.NavigateBackIcon(), func() { p.setPage(p.page - 1) })
	p.nextShort = k.button(T("common.page_next_short"), theme.NavigateNextIcon(), func() { p.setPage(p.page + 1) })
	p.nextShort.IconPlacement = widget.ButtonIconTrailingText
	p.infoShort = canvas.NewText("", colForeground)
	p.infoShort.TextSize = theme.Size(theme.SizeNameCaptionText)
	p.infoShort.Alignment = fyne.TextAlignCenter
	nav := byWidth(container.NewBorder(nil, nil, p.prev, p.next, p.info),
		container.NewBorder(nil, nil, p.prevShort, p.nextShort, p.infoShort))
	// The scroll only guards against an unusually tall item pushing the screen off the
	// display; the page size keeps items within view.
	p.view = newGuardScroll(container.New(narrowable{}, container.NewVBox(p.list, layout.NewSpacer())))
	p.obj = container.NewBorder(nil, nav, nil, nil, p.view)
	return p
}

// fitToView makes the pages as long as the view shows whole: a page of search results
// beside the keyboard holds one long title or two short ones, never a cut one.
func (p *pager) fitToView() {
	p.fit = true
	p.list.Layout = fitColumn{p}
}

func (p *pager) pages() int {
	if p.fit && len(p.starts) > 0 && p.page >= 0 && p.page < len(p.starts) {
		// The pages seen, then the rest at perPage items each (a count that can grow
		// by one as longer pages turn up).
		rest := p.n - (p.starts[p.page] + p.shown)
		return max(p.page+1+(rest+p.perPage-1)/p.perPage, 1)
	}
	n := (p.n + p.perPage - 1) / p.perPage
	if n == 0 {
		n = 1
	}
	return n
}

// showNav writes the page number and enables the page buttons for the page shown.
func (p *pager) showNav() {
	n := p.page
	info := T("common.page_of", Args("Page", n+1, "Pages", p.pages()))
	if p.pages() == 1 {
		info = ""
	}
	p.info.SetText(info)
	p.infoShort.Text = info
	p.infoShort.Refresh()
	for _, b := range []*bigButton{p.prev, p.prevShort} {
		enableIf(b, n > 0)
	}
	for _, b := range []*bigButton{p.next, p.nextShort} {
		enableIf(b, n < p.pages()-1)
	}
}

// fitColumn lays a fitted pager's page out as wrapColumn does, showing only the items
// whose whole height is in the view (the first one always): the others wait for the
// next page.
type fitColumn struct{ p *pager }

func (f fitColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return stackMin(objs, f.p.itemGap())
}

// itemGap is the space between a fitted page's items: the theme's padding, or gap.
func (p *pager) itemGap() float32 {
	if p.gap > 0 {
		return p.gap
	}
	return theme.Padding()
}

func (f fitColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	limit := f.p.view.Size().Height
	y := float32(0)
	shown := 0
	for i, o := range objs {
		if o.Size().Width != size.Width {
			o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		}
		h := o.MinSize().Height
		if i > 0 && limit > 0 && (shown < i || y+h > limit) {
			o.Hide()
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + f.p.itemGap()
		shown++
	}
	if f.p.page >= 0 && len(objs) > 0 && shown != f.p.shown {
		f.p.shown = shown
		f.p.showNav()
	}
}

// setItems replaces the list and shows its first page.
func (p *pager) setItems(items []fyne.CanvasObject) {
	p.setList(len(items), func(i int) fyne.CanvasObject { return items[i] })
}

// setSlots makes the pager reuse perPage widgets from newSlot, refilled by fill.
func (p *pager) setSlots(newSlot func() fyne.CanvasObject, fill func(slot fyne.CanvasObject, i int)) {
	p.slots = make([]fyne.CanvasObject, p.perPage)
	for i := range p.slots {
		p.slots[i] = newSlot()
	}
	p.fill = fill
}

// setList replaces the list with n items built on demand (only the shown page's items
// are ever built: a search refreshes on every keystroke).
func (p *pager) setList(n int, item func(i int) fyne.CanvasObject) {
	p.n, p.item = n, item
	p.page = -1
	p.starts, p.shown = []int{0}, 0
	p.setPage(0)
}

// first is the first item of page n, -1 when not known (a fitted page not reached
// from the one before).
func (p *pager) first(n int) int {
	if !p.fit {
		return n * p.perPage
	}
	if n < len(p.starts) {
		return p.starts[n]
	}
	if n == len(p.starts) && p.page == n-1 && p.starts[n-1]+p.shown < p.n {
		p.starts = append(p.starts, p.starts[n-1]+p.shown)
		return p.starts[n]
	}
	return -1
}

func (p *pager) setPage(n int) {
	if n >= p.pages() {
		n = p.pages() - 1
	}
	if n < 0 {
		n = 0
	}
	for n > 0 && p.first(n) < 0 {
		n--
	}
	p.page = n
	lo := p.first(n)
	hi := lo + p.perPage
	if hi > p.n {
		hi = p.n
	}
	p.list.Objects = p.list.Objects[:0]
	for i := lo; i < hi; i++ {
		if p.fill != nil {
			slot := p.slots[i-lo]
			p.fill(slot, i)
			p.list.Objects = append(p.list.Objects, slot)
			continue
		}
		p.list.Objects = append(p.list.Objects, p.item(i))
	}
	// Before the layout: a fitted page's layout counts the items it shows whole.
	p.shown = hi - lo
	heights := p.slotHeights()
	p.list.Refresh()
	if p.fill != nil && !slices.Equal(heights, p.slotHeights()) {
		// A reused slot's wrapped title knows its new line count only once laid out
		// at its width (a slot not laid out yet, a new width): lay the list out again
		// so a longer title gets its room. Slots already at their width measured
		// right the first time: no second layout on every keystroke.
		p.list.Refresh()
	}
	p.showNav()
	if p.onChange != nil {
		p.onChange(n)
	}
}

// slotHeights are the minimum heights of the slots on the page (nil without slots).
func (p *pager) slotHeights() []float32 {
	if p.fill == nil {
		return nil
	}
	hs := make([]float32, len(p.list.Objects))
	for i, o := range p.list.Objects {
		hs[i] = o.MinSize().Height
	}
	return hs
}

// turnTo shows page n, or the last page when the list got shorter. A fitted page
// starts where the one before ended once laid out, so the pages before it are turned
// in order (a list refreshed after an action stays on its page).
func (p *pager) turnTo(n int) {
	for p.page < n {
		at := p.page
		p.setPage(at + 1)
		if p.page == at {
			return
		}
	}
}

// kioskEntry is a text entry that brings up the on-screen keyboard when touched.
type kioskEntry struct {
	widget.Entry
	onFocus  func(*kioskEntry)
	numeric  bool
	capWords bool         // names and addresses: a capital starts each word
	kbdMode  KeyboardMode // the keys it wants when not numeric (ModeCode for codes); ModeText by default
}

func (k kit) entry(placeholder string, numeric bool) *kioskEntry {
	e := &kioskEntry{numeric: numeric}
	e.PlaceHolder = placeholder
	e.ExtendBaseWidget(e)
	e.onFocus = func(e *kioskEntry) { k.touch(); k.attach(e) }
	return e
}

func (e *kioskEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.onFocus != nil {
		e.onFocus(e)
	}
}

func (e *kioskEntry) MinSize() fyne.Size {
	s := e.Entry.MinSize()
	if s.Height < touchTarget-8 {
		s.Height = touchTarget - 8
	}
	return s
}

// fixedHeight lays its content out at least h tall.
type fixedHeight struct{ h float32 }

func (f fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	if s.Height < f.h {
		s.Height = f.h
	}
	return s
}

func (f fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// cardSlot is a card whose texts and action can be changed in place (a search
// result: its texts are one image, card_text.go).
type cardSlot struct {
	obj    fyne.CanvasObject
	btn    *bigButton
	texts  *cardText // title over detail
	tapped func()
}

func (k kit) newCardSlot() *cardSlot {
	c := &cardSlot{}
	c.btn = k.button("", nil, func() {
		if c.tapped != nil {
			c.tapped()
		}
	})
	c.btn.minH = 84
	// A square card: the button draws no background of its own (only while pressed or
	// hovered), a plain rectangle does. On software GL a rounded rectangle is shaded
	// per pixel: five rounded cards doubled the CPU time of every frame of the search
	// screen at 1920×1080 (18 → 39 ms). (A theme override with a zero radius did the
	// same but leaks: Fyne caches fonts per override scope, for good.)
	c.btn.Importance = widget.LowImportance
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameButton))
	arrow := widget.NewIcon(theme.NavigateNextIcon())
	// Compact: the two texts keep tightInset around them (not the labels' 14 px each),
	// and the card pads them by the theme's 8 px: a one-line result is 98 px high
	// instead of 133, so three results fit the column beside the keyboard at 768 lines.
	c.texts = newCardText()
	c.obj = container.NewStack(bg, c.btn, container.NewPadded(container.NewBorder(nil, nil, nil, arrow, c.texts)))
	return c
}

// set shows a new item in the slot (the texts only redraw when they changed; the
// pager lays the list out again for a title that wraps to more or fewer lines).
func (c *cardSlot) set(title, detail string, tapped func()) {
	c.texts.set(title, detail)
	c.tapped = tapped
}

// card is a large tappable panel with a wrapped title and a detail line, for lists
// whose items are too long for a button's single line.
func (k kit) card(title, detail string, tapped func()) fyne.CanvasObject {
	b := k.button("", nil, tapped)
	b.minH = 84
	t := bold(title)
	var inner fyne.CanvasObject = t
	if detail != "" {
		d := text(detail)
		d.SizeName = theme.SizeNameCaptionText
		inner = container.New(wrapColumn{}, t, d)
	}
	arrow := widget.NewIcon(theme.NavigateNextIcon())
	return container.NewStack(b, container.NewBorder(nil, nil, nil, arrow, inner))
}

// narrowable reports no minimum width, so a long unbreakable line (a choice, a
// placeholder) is clipped inside its scroll panel instead of pushing the screen wider
// than the display.
type narrowable struct{}

func (narrowable) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = fyne.Max(h, o.MinSize().Height)
	}
	return fyne.NewSize(0, h)
}

func (narrowable) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// fixedWidth lays its content out exactly w wide (and as tall as it wants).
type fixedWidth struct{ w float32 }

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		// A wrapped text knows its height only at its width: give it that width first,
		// or a paragraph counted as one line overlaps what follows (the idle warning).
		if o.Size().Width != f.w {
			o.Resize(fyne.NewSize(f.w, o.MinSize().Height))
		}
		s = s.Max(o.MinSize())
	}
	s.Width = f.w
	return s
}

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// vfill stacks objs at the top of a vertical screen.
func vfill(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(append(objs, layout.NewSpacer())...)
}

// enableIf enables b when on holds, else disables it.
func enableIf(b *bigButton, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// byWidth shows the first of its objects that fits the width it is given, the last
// one when none does: a row laid out wide where there is room and narrow beside the
// keyboard. Its minimum width is the narrowest one's; its minimum height that of the
// one chosen at the width it last had (the tallest before its first layout, so that
// nothing is ever squeezed; the driver lays the parent out again when it shrinks).
func byWidth(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&widthChoice{}, objs...)
}

type widthChoice struct{ width float32 } // the width of the last layout, 0 before it

// choose is the index of the object shown at width w.
func (c *widthChoice) choose(objs []fyne.CanvasObject, w float32) int {
	for i, o := range objs {
		if o.MinSize().Width <= w {
			return i
		}
	}
	return len(objs) - 1
}

func (c *widthChoice) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		if i == 0 || m.Width < s.Width {
			s.Width = m.Width
		}
		s.Height = max(s.Height, m.Height)
	}
	if c.width > 0 && len(objs) > 0 {
		s.Height = objs[c.choose(objs, c.width)].MinSize().Height
	}
	return s
}

func (c *widthChoice) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	c.width = size.Width
	chosen := c.choose(objs, size.Width)
	for i, o := range objs {
		if i != chosen {
			o.Hide()
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// wrapColumn stacks its objects like a VBox, but gives each its width before asking
// its height: a wrapped title then takes the lines it really needs at that width
// instead of those it had at its previous one, and never covers the line below (a
// VBox places by the heights it measured before the width changed).
type wrapColumn struct{}

func (wrapColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return stackMin(objs, theme.Padding())
}

func (wrapColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	stackWrapped(objs, size, theme.Padding())
}

// stackMin is the size of the visible objects one under the other, gap apart.
func stackMin(objs []fyne.CanvasObject, gap float32) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	if n > 1 {
		s.Height += float32(n-1) * gap
	}
	return s
}

// stackWrapped lays the visible objects out one under the other, gap apart, each as
// high as it needs at the full width (measured after it was given that width).
func stackWrapped(objs []fyne.CanvasObject, size fyne.Size, gap float32) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		if o.Size().Width != size.Width {
			o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + gap
	}
}

// lineOrColumn lays its objects out on one line when their minimum widths fit the
// width it has (the first one takes what the others leave), else one under the other.
// Its minimum height is that of the way it was last laid out (a column before that).
type lineOrColumn struct{ width float32 } // the width of the last layout, 0 before it

func (l *lineOrColumn) fits(objs []fyne.CanvasObject, w float32) bool {
	need := float32(0)
	for i, o := range objs {
		if i > 0 {
			need += theme.Padding()
		}
		need += o.MinSize().Width
	}
	return need <= w
}

func (l *lineOrColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var line, col fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		line.Height = max(line.Height, m.Height)
		col.Width = max(col.Width, m.Width)
		col.Height += m.Height
		if i > 0 {
			col.Height += theme.Padding()
		}
	}
	if l.width > 0 && l.fits(objs, l.width) {
		return fyne.NewSize(col.Width, line.Height)
	}
	return col
}

func (l *lineOrColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	if !l.fits(objs, size.Width) {
		y := float32(0)
		for _, o := range objs {
			h := o.MinSize().Height
			o.Move(fyne.NewPos(0, y))
			o.Resize(fyne.NewSize(size.Width, h))
			y += h + theme.Padding()
		}
		return
	}
	rest := size.Width
	for i, o := range objs {
		if i > 0 {
			rest -= o.MinSize().Width + theme.Padding()
		}
	}
	x := float32(0)
	for i, o := range objs {
		w := o.MinSize().Width
		if i == 0 {
			w = rest
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + theme.Padding()
	}
}

// guardScroll is a vertical scroll around content that is meant to fit without
// scrolling (a pager's page, a slide): it only keeps an unusually tall item from
// pushing the screen off the display. Being its own type, the fit test can tell it
// from the scroll panels that scroll by design and fail on a text it cuts.
type guardScroll struct{ container.Scroll }

func newGuardScroll(content fyne.CanvasObject) *guardScroll {
	s := &guardScroll{}
	s.Content = content
	s.Direction = container.ScrollVerticalOnly
	s.ExtendBaseWidget(s)
	return s
}
