package kiosk

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// receiptWarnBefore is how long before the receipt goes its countdown is shown.
const receiptWarnBefore = 15 * time.Second

// receiptCountdown is the receipt's last seconds: "Màn hình này sẽ đóng sau 12 giây"
// with "Giữ lại", which keeps the receipt for its whole time again. Hidden until then.
type receiptCountdown struct {
	left func() time.Duration // what remains of the receipt's time (flow.Timers)
	keep func()               // a touch: the time starts again
	says *widget.Label
	obj  *fyne.Container
	// around is the container holding obj: laid out again when obj shows or hides
	// (a container does not make room for a child that appears by itself).
	around *fyne.Container
}

func (k kit) newReceiptCountdown(left func() time.Duration, keep func()) *receiptCountdown {
	c := &receiptCountdown{left: left, keep: keep}
	c.says = message("", widget.WarningImportance)
	btn := k.primary(T("receipt.keep"), theme.HistoryIcon(), c.onKeep)
	c.obj = container.NewBorder(nil, nil, nil, btn, c.says)
	c.obj.Hide()
	return c
}

func (c *receiptCountdown) onKeep() {
	c.keep()
	c.tick()
}

// tick shows or hides the countdown for the time left (the UI's ticker calls it).
func (c *receiptCountdown) tick() {
	left := c.left()
	if left <= 0 || left > receiptWarnBefore {
		if c.obj.Visible() {
			c.obj.Hide()
			c.relayout()
		}
		return
	}
	n := int(math.Ceil(left.Seconds()))
	c.says.SetText(T(one(n, "receipt.closing_one", "receipt.closing"), Args("N", n)))
	if !c.obj.Visible() {
		c.obj.Show()
		c.relayout()
	}
}

func (c *receiptCountdown) relayout() {
	if c.around != nil {
		c.around.Refresh()
	}
}
