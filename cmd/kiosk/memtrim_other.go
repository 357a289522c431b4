//go:build !linux

package main

// trimCHeap does nothing where there is no malloc_trim (Windows: the C runtime's heap
// gives whole free segments back by itself).
func trimCHeap() {}

// keepFreedCHeap does nothing where the C heap is not glibc's.
func keepFreedCHeap() {}
