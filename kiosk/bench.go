package kiosk

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// RunDemoSession walks one resident's whole session with demo data (the tour's
// steps: search, detail, CCCD, form, scanned pages, review, submit, receipt, lookup,
// rating) and ends it with the wipe. It drives the UI with fyne.DoAndWait from the
// caller's goroutine. It is the workload of the memory bench (make bench): its
// pages are real-size scans (A4 at 200 dpi, gray JPEG, as the scanners deliver),
// not the tour's small demo pages.
func (u *UI) RunDemoSession(ctx context.Context) error {
	for _, st := range residentTourSteps(a4ScanPage) {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		fyne.DoAndWait(func() { err = st.show(u) })
		if err != nil {
			return fmt.Errorf("session step %s: %w", st.name, err)
		}
	}
	fyne.DoAndWait(u.endSession)
	return nil
}

// KeyFigures are the keystroke bench's samples and the paint probe's own counts.
type KeyFigures struct {
	Keys []time.Duration // per keystroke: key → the driver's paint of its frame
	// Frames: per painted frame, from the painter reaching the window's first object
	// to the buffers swapped (the paint's own cost; layout before it excluded).
	Frames []time.Duration
	// FrameCPU is the process's CPU time (all threads: the software GL rasterizer's
	// too) per whole-window frame of the search screen, over forced repaints; 0 when
	// the caller gave no CPU clock.
	FrameCPU time.Duration
	// FrameCPUResults is the same with a query's results on screen.
	FrameCPUResults time.Duration
	// The probe's soundness: Asks refreshes asked of it, Paints generator calls (each a
	// painted frame that held a refresh), Spurious paints with no new refresh, Early
	// frames counted for a key that were painted before its results were applied.
	Asks, Paints, Spurious, Early uint64
}

// paintProbe tells when the GL driver has painted a frame: a 1×1 transparent raster in
// the window's corner whose generator runs only when the painter draws it after a
// Refresh (the driver frees a refreshed raster's texture and asks the generator again
// while painting the next frame; unchanged frames reuse the texture). ask refreshes it
// together with a change on screen, so the paint of the frame holding that change
// calls the generator; the time is taken once that frame's buffers were swapped: at
// the event loop's next turn after the paint, a function queued by the generator or
// the next frame tick's animations, whichever runs first (the loop picks at random
// between its queue and a tick that came while a long frame was painted, and a tick
// may paint a whole frame first: the queued function alone counted that frame too).
// A second raster painted first (head) marks when the paint began.
type paintProbe struct {
	raster, head *canvas.Raster
	obj, headObj fyne.CanvasObject
	img          *image.RGBA
	asked        atomic.Uint64 // refreshes asked (UI thread)
	painted      atomic.Uint64 // the last ask a swapped frame held
	paintedAt    atomic.Int64  // when that frame was swapped (unix ns)
	startAt      atomic.Int64  // when that frame's paint began (unix ns; debug output)
	drawnAt      atomic.Int64  // when its probe was drawn: the objects before it were (unix ns)
	calls        atomic.Uint64 // generator calls
	spurious     atomic.Uint64 // generator calls with no ask since the previous one
	lastSeen     uint64        // UI thread: the ask the previous generator call saw
	headStart    time.Time     // UI thread: when the paint under way began
	unswapped    *probeFrame   // UI thread: the frame painted last, until its swap is stamped
	frames       []time.Duration
}

func newPaintProbe() *paintProbe {
	p := &paintProbe{img: image.NewRGBA(image.Rect(0, 0, 1, 1)), lastSeen: ^uint64(0)}
	p.raster = canvas.NewRaster(p.generate)
	p.raster.Resize(fyne.NewSize(1, 1))
	p.obj = container.NewWithoutLayout(p.raster)
	p.head = canvas.NewRaster(func(_, _ int) image.Image {
		p.headStart = time.Now()
		return p.img
	})
	p.head.Resize(fyne.NewSize(1, 1))
	p.headObj = container.NewWithoutLayout(p.head)
	return p
}

// install puts the probe into the resident frame (UI thread): the head under
// everything, the probe on top of the body, both in the corner.
func (p *paintProbe) install(u *UI) func() {
	root := u.frame.root
	root.Objects = append(append([]fyne.CanvasObject{p.headObj}, root.Objects...), p.obj)
	root.Refresh()
	return func() {
		root.Remove(p.obj)
		root.Remove(p.headObj)
	}
}

// generate runs on the UI thread while the painter draws the probe.
func (p *paintProbe) generate(_, _ int) image.Image {
	p.calls.Add(1)
	n := p.asked.Load()
	if n == p.lastSeen {
		p.spurious.Add(1)
	}
	p.lastSeen = n
	p.unswapped = &probeFrame{ask: n, start: p.headStart, drawn: time.Now()}
	p.headStart = time.Time{}
	// The loop swaps the buffers after this paint, then runs what was queued or
	// ticks: swapped runs at whichever comes first.
	fyne.Do(p.swapped)
	return p.img
}

// probeFrame is a painted frame the probe saw: the last ask it held, when its paint
// began and when the probe was drawn.
type probeFrame struct {
	ask          uint64
	start, drawn time.Time
}

// swapped stamps the frame painted last, if not done yet (UI thread, at the event
// loop's first turn after that frame's paint: its buffers were swapped).
func (p *paintProbe) swapped() {
	f := p.unswapped
	if f == nil {
		return
	}
	p.unswapped = nil
	now := time.Now()
	p.startAt.Store(f.start.UnixNano())
	p.drawnAt.Store(f.drawn.UnixNano())
	if !f.start.IsZero() {
		p.frames = append(p.frames, now.Sub(f.start))
	}
	p.paintedAt.Store(now.UnixNano())
	p.painted.Store(f.ask)
}

// ask marks a change on screen (UI thread) and returns its number.
func (p *paintProbe) ask() uint64 {
	n := p.asked.Add(1)
	p.raster.Refresh()
	p.head.Refresh()
	return n
}

// waitPaint waits until a frame holding ask n was swapped and returns when.
func (p *paintProbe) waitPaint(ctx context.Context, n uint64) (time.Time, error) {
	t0 := time.Now()
	for p.painted.Load() < n {
		if err := ctx.Err(); err != nil {
			return time.Time{}, err
		}
		if time.Since(t0) > 10*time.Second {
			return time.Time{}, fmt.Errorf("bench: no frame painted for change %d after 10 s", n)
		}
		time.Sleep(50 * time.Microsecond)
	}
	return time.Unix(0, p.paintedAt.Load()), nil
}

// tickKeys types keys the way the driver delivers a touch on the on-screen keyboard:
// a key that comes in between two frames is handled at the next frame tick, right
// before that frame is painted (an animation's tick runs there, after the driver
// polled its input events). Each tick first stamps the probe's frame painted last,
// if its queued stamp has not run yet: that frame was swapped before this tick.
type tickKeys struct {
	pending atomic.Pointer[string]
	anim    *fyne.Animation
}

func startTickKeys(probe *paintProbe, typeKey func(text string)) *tickKeys {
	k := &tickKeys{}
	k.anim = fyne.NewAnimation(time.Hour, func(float32) {
		probe.swapped()
		if t := k.pending.Swap(nil); t != nil {
			typeKey(*t)
		}
	})
	k.anim.RepeatCount = fyne.AnimationRepeatForever
	k.anim.Start()
	return k
}

// frameCPUSamples is how many forced whole-window repaints FrameCPU averages over.
const frameCPUSamples = 40

// frameCPU repaints the window frameCPUSamples times (after one paint to settle) and
// returns the CPU time per frame; 0 without a clock.
func (p *paintProbe) frameCPU(ctx context.Context, cpu func() time.Duration) (time.Duration, error) {
	var c0 time.Duration
	for i := 0; i <= frameCPUSamples; i++ {
		if i == 1 && cpu != nil {
			c0 = cpu()
		}
		var n uint64
		fyne.DoAndWait(func() { n = p.ask() })
		if _, err := p.waitPaint(ctx, n); err != nil {
			return 0, err
		}
	}
	if cpu == nil {
		return 0, nil
	}
	return (cpu() - c0) / frameCPUSamples, nil
}

// BenchSearchKeystrokes opens the search screen and types each query one character
// at a time, returning for every keystroke the time from the key to the GL driver's
// paint of the frame that shows it: the key's text and its search's results (when
// they changed the list). Keys come at random moments between frames (a resident's
// rhythm is not the display's) and are handled at the next frame tick, as the driver
// handles a touch. With search false the entry has no handler: the cost of a key's
// own frame, the floor. cpu, if not nil, reads the process's CPU time, for FrameCPU.
func (u *UI) BenchSearchKeystrokes(ctx context.Context, queries []string, search bool, cpu func() time.Duration) (KeyFigures, error) {
	var s *proceduresScreen
	var f KeyFigures
	probe := newPaintProbe()
	var shownAt atomic.Int64 // when the last results were applied (unix ns)
	var uninstall func()
	fyne.DoAndWait(func() {
		u.startSession("")
		u.openProcedures(false, true, "")
		s = u.cur.(*proceduresScreen)
		if !search {
			s.entry.OnChanged = nil
		}
		s.shown = func() {
			shownAt.Store(time.Now().UnixNano())
			probe.ask()
		}
		uninstall = probe.install(u)
	})
	defer fyne.DoAndWait(func() { uninstall() })

	// The search screen's whole-window frame, repainted on demand: its CPU time.
	var err error
	if f.FrameCPU, err = probe.frameCPU(ctx, cpu); err != nil {
		return f, err
	}

	var tickAt, handledAt atomic.Int64 // the last key's handling began and ended (unix ns)
	keys := startTickKeys(probe, func(text string) {
		tickAt.Store(time.Now().UnixNano())
		defer func() { handledAt.Store(time.Now().UnixNano()) }()
		s.entry.SetText(text)
		probe.ask()
	})
	defer keys.anim.Stop()
	rng := rand.New(rand.NewPCG(16, 1))
	debug := os.Getenv("KIOSK_BENCH_DEBUG") != ""
	for _, q := range queries {
		rs := []rune(q)
		for i := 1; i <= len(rs); i++ {
			if err := ctx.Err(); err != nil {
				return f, err
			}
			// A pause of one to three frames, so that keys fall anywhere between ticks.
			time.Sleep(time.Second/60 + time.Duration(rng.Int64N(int64(2*time.Second/60))))
			prefix := string(rs[:i])
			before := probe.asked.Load()
			t0 := time.Now()
			keys.pending.Store(&prefix)
			for keys.pending.Load() != nil || probe.asked.Load() == before {
				if time.Since(t0) > 10*time.Second {
					return f, fmt.Errorf("bench: key %q not handled after 10 s", prefix)
				}
				time.Sleep(50 * time.Microsecond)
			}
			for search && !s.searchSettled() {
				if time.Since(t0) > 10*time.Second {
					return f, fmt.Errorf("bench: no results for %q after 10 s", prefix)
				}
				time.Sleep(50 * time.Microsecond)
			}
			tSettled := time.Since(t0)
			want := probe.asked.Load() // the key's own change, or its results' if they changed the list later
			painted, err := probe.waitPaint(ctx, want)
			if err != nil {
				return f, err
			}
			if at := shownAt.Load(); at > t0.UnixNano() && painted.UnixNano() < at {
				f.Early++
			}
			f.Keys = append(f.Keys, painted.Sub(t0))
			if debug {
				// Milliseconds from the key to: its frame tick, its handler's end (search
				// and results included when they came within the budget), the paint's
				// start, the window's objects drawn, the buffers swapped (llvmpipe
				// rasterizes there).
				ms := func(ns int64) float64 { return float64(ns-t0.UnixNano()) / 1e6 }
				fmt.Fprintf(os.Stderr, "key %q search=%v tick=%.1f handled=%.1f paint=%.1f drawn=%.1f swapped=%.1f settled=%v hits=%d listChanged=%v\n",
					prefix, search, ms(tickAt.Load()), ms(handledAt.Load()), ms(probe.startAt.Load()), ms(probe.drawnAt.Load()), ms(painted.UnixNano()), tSettled, len(s.hits), shownAt.Load() > t0.UnixNano())
			}
		}
	}
	// The same with the last query's results on screen.
	if f.FrameCPUResults, err = probe.frameCPU(ctx, cpu); err != nil {
		return f, err
	}
	fyne.DoAndWait(u.endSession)
	f.Asks, f.Paints, f.Spurious = probe.asked.Load(), probe.calls.Load(), probe.spurious.Load()
	fyne.DoAndWait(func() { f.Frames = probe.frames })
	return f, nil
}
