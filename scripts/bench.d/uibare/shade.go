package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// shadeLayers is how many opaque whole-window rectangles the shading figure paints.
const shadeLayers = 4

// shade measures what this machine's GL costs a Fyne window of size: the process's
// CPU time per frame of an empty window (clearing and presenting the frame), and per
// pixel shaded, from frames of shadeLayers opaque rectangles covering the window. With
// a GPU, shading costs the process next to no CPU; software GL (llvmpipe) several ns a
// pixel. It prints one line for scripts/bench.d/ui.sh.
func shade(size fyne.Size) error {
	a := app.NewWithID("vn.gov.cantho.dvckiosk.benchbare")
	w := a.NewWindow("bare")
	// As the kiosk's window (cmd/kiosk/gl_buffers.go): no depth or stencil buffer to
	// clear with every frame.
	glfw.WindowHint(glfw.DepthBits, 0)
	glfw.WindowHint(glfw.StencilBits, 0)
	w.SetPadded(false)
	w.Resize(size)
	var frames atomic.Int64
	probe := canvas.NewRaster(func(_, _ int) image.Image {
		frames.Add(1)
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSize(1, 1))
	// Every frame tick refreshes the probe, so the window is painted whole at each.
	tick := fyne.NewAnimation(time.Hour, func(float32) { probe.Refresh() })
	tick.RepeatCount = fyne.AnimationRepeatForever
	w.SetContent(container.NewWithoutLayout(probe))

	var empty, layered time.Duration
	var err error
	go func() {
		defer fyne.Do(a.Quit)
		fyne.DoAndWait(tick.Start)
		if empty, err = cpuPerFrame(&frames); err != nil {
			return
		}
		fyne.DoAndWait(func() {
			objs := []fyne.CanvasObject{probe}
			for i := range shadeLayers {
				r := canvas.NewRectangle(color.NRGBA{R: uint8(200 + 10*i), G: 220, B: 240, A: 255})
				r.Resize(size)
				objs = append([]fyne.CanvasObject{r}, objs...)
			}
			w.SetContent(container.NewWithoutLayout(objs...))
		})
		layered, err = cpuPerFrame(&frames)
	}()
	w.ShowAndRun()
	if err != nil {
		return err
	}
	px := float64(size.Width*size.Height) * shadeLayers
	fmt.Printf("gl_size=%.0fx%.0f gl_empty_frame_cpu_ms=%.2f gl_shade_ns_per_px=%.2f\n",
		size.Width, size.Height, float64(empty.Microseconds())/1000, float64((layered-empty).Nanoseconds())/px)
	return nil
}

// cpuPerFrame lets the window settle, then returns the process's CPU time per frame
// painted over a few seconds.
func cpuPerFrame(frames *atomic.Int64) (time.Duration, error) {
	time.Sleep(time.Second)
	c0, err := processCPU()
	if err != nil {
		return 0, err
	}
	f0 := frames.Load()
	time.Sleep(3 * time.Second)
	c1, err := processCPU()
	if err != nil {
		return 0, err
	}
	n := frames.Load() - f0
	if n < 10 {
		return 0, fmt.Errorf("only %d frames painted in 3 s", n)
	}
	return (c1 - c0) / time.Duration(n), nil
}

// processCPU is the process's user and system CPU time, all threads (the software
// rasterizer's too), from /proc (Linux, where the UI bench runs).
func processCPU() (time.Duration, error) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, err
	}
	// The fields after the command's closing parenthesis; utime and stime are the
	// 12th and 13th of them, in clock ticks (USER_HZ, 100 on Linux).
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("/proc/self/stat: no command field")
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0, errors.New("/proc/self/stat: too few fields")
	}
	var ticks int64
	for _, s := range f[11:13] {
		v, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/self/stat: %w", err)
		}
		ticks += v
	}
	return time.Duration(ticks) * time.Second / 100, nil
}
