package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

// releaseMemory runs after a session's wipe: the session's decoded pages, thumbnails
// and screens are garbage from then on. Collecting them at once and handing the freed
// Go and C heap back keeps the kiosk's footprint flat between sessions, where the
// collector alone lets garbage grow to the size of the live heap before it runs.
func releaseMemory() {
	debug.FreeOSMemory()
	trimCHeap()
}

// releaseAfterWipe releases memory now, and again once Fyne's renderer cache has
// dropped the session's screens (their text and image textures go to the C heap then).
// Fyne drops expired renderers only while painting a frame, at most every 10 s
// (internal/cache.Clean); between sessions the attract screen paints at least every
// 10 s (its slides, the status strip), so the screens are gone at most about 20 s after
// they expire: the last release comes after that.
func releaseAfterWipe() {
	go releaseMemory()
	time.AfterFunc(fyneCacheKeep()+5*time.Second, releaseMemory)
	time.AfterFunc(releasedBy(), releaseMemory)
}

// releasedBy is how long after a wipe releaseAfterWipe's last release comes.
func releasedBy() time.Duration { return fyneCacheKeep() + 25*time.Second }

// heapProfileEnv names the file the session bench writes a heap profile to; without
// it, the kiosk keeps no heap profile (noHeapProfile).
const heapProfileEnv = "KIOSK_BENCH_HEAPPROFILE"

// noHeapProfile turns Go's heap profiling off (it is on by default: one allocation in
// 512 kB is sampled). The profile keeps a record for every distinct allocation site,
// stack and size it ever sampled and never frees one: in the kiosk, which allocates
// through deep, varied Fyne call stacks, the records grew by about 40 kB per session
// (8 MB over 200 sessions, runtime/metrics /memory/classes/profiling/buckets), without
// end. Nothing in the field reads the profile; the memory bench asks for one with
// heapProfileEnv. It runs first in main, before the allocations it would record.
func noHeapProfile() {
	if os.Getenv(heapProfileEnv) == "" {
		runtime.MemProfileRate = 0
	}
}

// fyneCacheKeep is how long Fyne keeps the renderers of objects no longer shown
// (FYNE_CACHE, 1 min by default); it cleans them when the canvas paints.
func fyneCacheKeep() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("FYNE_CACHE")); err == nil {
		return d
	}
	return time.Minute
}

// guiGCPercent is the window's garbage-collection target (Go's default is 100): the
// kiosk's live heap is small (about 30 MB) but a session's real-size pages and
// thumbnails pass through it, and at 100 the freed memory stayed mapped, about
// 190-200 MB resident between sessions with 200 dpi scans against 183-186 MB at 50
// (scripts/bench.d/ui.sh, 10 sessions); the collector's extra work falls between
// sessions and page decodes, not on keystrokes.
const guiGCPercent = 50

// tuneGC sets guiGCPercent unless GOGC says otherwise.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(guiGCPercent)
	}
}
