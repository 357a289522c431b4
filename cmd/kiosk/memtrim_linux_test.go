//go:build linux

package main

import "testing"

// After keepFreedCHeap a texture-sized block freed by the GL driver stays with the C
// heap for the next one, instead of going back to the system and being faulted in
// again; malloc_trim still gives it back (between sessions).
func TestKeepFreedCHeap(t *testing.T) {
	keepFreedCHeap()
	for _, n := range []int{256 << 10, 4 << 20, 12 << 20} {
		if !cHeapKeepsFreed(n) {
			t.Errorf("%d kB freed went back to the system", n>>10)
		}
	}
	trimCHeap()
}
