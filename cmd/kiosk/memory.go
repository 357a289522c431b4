package main

import (
	"os"
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
func releaseAfterWipe() {
	go releaseMemory()
	time.AfterFunc(fyneCacheKeep()+5*time.Second, releaseMemory)
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
