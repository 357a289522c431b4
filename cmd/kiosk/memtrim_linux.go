//go:build linux

package main

// #include <malloc.h>
// #include <string.h>
// #include <stdlib.h>
import "C"

import "os"

// trimCHeap gives the C heap's free memory (SQLite's caches, the GL driver's buffers)
// back to the system. malloc_trim is glibc's: Debian and Ubuntu kiosks have it.
func trimCHeap() { C.malloc_trim(0) }

// The C heap keeps what is freed below these sizes for the next allocation, where
// glibc's defaults give it back to the system at once (blocks over 128 kB, at first,
// are mapped and unmapped one by one; a heap top over 128 kB free is trimmed).
const (
	cHeapMmapThreshold = 16 << 20
	cHeapTrimThreshold = 64 << 20
)

// keepFreedCHeap lets the C heap reuse what it frees. The GL driver makes and frees
// textures on every frame that shows new text (a keystroke's result cards); with
// glibc's defaults their memory went back to the system and was faulted in again at
// the next upload: about 100,000 page faults over the keystroke bench at 1920×1080
// (16,000 kept), a quarter of the kiosk's CPU time while typing. Between sessions
// releaseMemory trims the heap all the same (malloc_trim ignores the threshold).
// MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_ in the environment win.
func keepFreedCHeap() {
	if os.Getenv("MALLOC_MMAP_THRESHOLD_") == "" {
		C.mallopt(C.M_MMAP_THRESHOLD, cHeapMmapThreshold)
	}
	if os.Getenv("MALLOC_TRIM_THRESHOLD_") == "" {
		C.mallopt(C.M_TRIM_THRESHOLD, cHeapTrimThreshold)
	}
}

// cHeapKeepsFreed reports whether n bytes allocated, written and freed stay with the
// C heap as free memory (for the tests of keepFreedCHeap).
func cHeapKeepsFreed(n int) bool {
	p := C.malloc(C.size_t(n))
	C.memset(p, 1, C.size_t(n))
	C.free(p)
	return C.mallinfo2().fordblks >= C.size_t(n)
}
