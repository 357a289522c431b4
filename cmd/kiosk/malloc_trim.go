package main

// #include <malloc.h>
import "C"

// trimCHeap gives free C heap (SQLite, the GL driver) back to the system, so that a
// day of sessions does not creep up on a modest PC. It needs glibc's malloc_trim.
func trimCHeap() { C.malloc_trim(0) }
