//go:build linux

package main

// #include <malloc.h>
import "C"

// trimCHeap gives the C heap's free memory (SQLite's caches, the GL driver's buffers)
// back to the system. malloc_trim is glibc's: Debian and Ubuntu kiosks have it.
func trimCHeap() { C.malloc_trim(0) }
