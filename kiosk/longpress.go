package kiosk

import (
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/widget"
)

// Long-press timings.
const (
	staffHold     = 3 * time.Second       // how long the staff corner must be held
	longPressTick = 40 * time.Millisecond // how often the ring is redrawn while held
)

// longPress is a patch that does something only when held down for its whole hold
// time: a ring fills around its mark while the finger stays, and the action runs once
// the ring is full. Lifting the finger early, or sliding off, empties the ring and
// does nothing; a tap does nothing. It is a deliberate gesture that residents do not
// stumble on (the staff corner of the status strip).
//
// Embed it in a widget and call initLongPress from the widget's constructor; the
// embedding widget is the object on the canvas. Time comes from now (injectable), and
// advance(t) moves the gesture to time t: a ticker calls it through fyne.Do while
// the patch is held, tests call it directly.
type longPress struct {
	widget.BaseWidget

	hold    time.Duration
	now     func() time.Time
	onLong  func()
	mark    string    // the glyph in the middle (the corner's discreet dot)
	minSize fyne.Size // defaults to longPressMinSize

	pressed  bool
	start    time.Time
	progress float32 // 0 … 1 of the hold done

	mu   sync.Mutex
	stop chan struct{} // closes the ticker of the current press; nil when none runs

	ring *canvas.Arc
}

// initLongPress sets the gesture up for self, the widget that embeds l.
func (l *longPress) initLongPress(self fyne.Widget, hold time.Duration, now func() time.Time, mark string, onLong func()) {
	if now == nil {
		now = time.Now
	}
	l.hold, l.now, l.onLong, l.mark = hold, now, onLong, mark
	l.ExtendBaseWidget(self)
}

// Progress is how much of the hold is done, 0 to 1 (0 when not held).
func (l *longPress) Progress() float32 { return l.progress }

// MouseDown implements desktop.Mouseable: a finger (or mouse button) goes down.
func (l *longPress) MouseDown(*desktop.MouseEvent) { l.press() }

// MouseUp implements desktop.Mouseable: the finger lifts.
func (l *longPress) MouseUp(*desktop.MouseEvent) { l.release() }

// MouseIn implements desktop.Hoverable.
func (l *longPress) MouseIn(*desktop.MouseEvent) {}

// MouseMoved implements desktop.Hoverable.
func (l *longPress) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable: sliding off the patch cancels the press.
func (l *longPress) MouseOut() { l.release() }

// TouchDown implements mobile.Touchable.
func (l *longPress) TouchDown(*mobile.TouchEvent) { l.press() }

// TouchUp implements mobile.Touchable.
func (l *longPress) TouchUp(*mobile.TouchEvent) { l.release() }

// TouchCancel implements mobile.Touchable.
func (l *longPress) TouchCancel(*mobile.TouchEvent) { l.release() }

func (l *longPress) press() {
	if l.pressed {
		return
	}
	l.pressed, l.start, l.progress = true, l.now(), 0
	l.showProgress()
	stop := make(chan struct{})
	l.mu.Lock()
	l.stop = stop
	l.mu.Unlock()
	go func() {
		t := time.NewTicker(longPressTick)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() { l.advance(l.now()) })
			}
		}
	}()
}

// release ends the press, done or not: the ring empties and the ticker stops.
func (l *longPress) release() {
	l.pressed, l.progress = false, 0
	l.stopTicker()
	l.showProgress()
}

func (l *longPress) stopTicker() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stop != nil {
		close(l.stop)
		l.stop = nil
	}
}

// ticking reports whether a ticker is running (tests).
func (l *longPress) ticking() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stop != nil
}

// advance moves a press to time t: the ring fills, and at the full hold the action
// runs, once per press.
func (l *longPress) advance(t time.Time) {
	if !l.pressed {
		return
	}
	p := float32(t.Sub(l.start)) / float32(l.hold)
	if p < 1 {
		l.progress = max(p, 0)
		l.showProgress()
		return
	}
	l.release()
	if l.onLong != nil {
		l.onLong()
	}
}

func (l *longPress) showProgress() {
	if l.ring == nil {
		return
	}
	l.ring.EndAngle = 360 * l.progress
	if l.progress > 0 {
		l.ring.Show()
	} else {
		l.ring.Hide()
	}
	l.ring.Refresh()
}

// Colours of the gesture: the ring on the dark status strip (contrast over 7:1).
var (
	colLongPressRing = color.NRGBA{R: 0x9C, G: 0xF0, B: 0xB0, A: 0xFF}
	colLongPressMark = color.NRGBA{R: 0x60, G: 0x6A, B: 0x78, A: 0xFF}
)

// longPressMinSize is a fingertip wide and as tall as the status strip's line, so
// that the strip does not grow for it; the ring may spill into the strip's padding
// (it is longPressRing across).
var longPressMinSize = fyne.NewSize(64, 30)

const longPressRing = 40

// MinSize is at least a fingertip wide.
func (l *longPress) MinSize() fyne.Size {
	if l.minSize.IsZero() {
		return longPressMinSize
	}
	return l.minSize
}

func (l *longPress) CreateRenderer() fyne.WidgetRenderer {
	l.ring = canvas.NewArc(0, 0, 0.75, colLongPressRing)
	l.ring.Hide()
	mark := canvas.NewText(l.mark, colLongPressMark)
	mark.TextSize = 20
	mark.Alignment = fyne.TextAlignCenter
	l.showProgress()
	return &longPressRenderer{l: l, mark: mark}
}

type longPressRenderer struct {
	l    *longPress
	mark *canvas.Text
}

func (r *longPressRenderer) Layout(size fyne.Size) {
	side := fyne.Min(size.Width, longPressRing)
	// Fyne 2.7's painters draw an arc in the square from its position (top left),
	// whatever canvas.Arc's comment says: centre that square on the patch.
	r.l.ring.Move(fyne.NewPos((size.Width-side)/2, (size.Height-side)/2))
	r.l.ring.Resize(fyne.NewSquareSize(side))
	r.mark.Move(fyne.NewPos(0, 0))
	r.mark.Resize(size)
}

func (r *longPressRenderer) MinSize() fyne.Size { return r.l.MinSize() }

func (r *longPressRenderer) Refresh() {
	r.l.showProgress()
	r.mark.Refresh()
}

func (r *longPressRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.l.ring, r.mark}
}

func (r *longPressRenderer) Destroy() { r.l.stopTicker() }
