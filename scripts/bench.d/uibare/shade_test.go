//go:build linux

package main

import (
	"syscall"
	"testing"
	"time"
)

// processCPU reads the same clock as the kernel's rusage for the process (user and
// system time, all threads), to its 10 ms tick: the right fields of /proc/self/stat.
func TestProcessCPUAgreesWithRusage(t *testing.T) {
	for rusage(t) < 150*time.Millisecond {
		spin()
	}
	got, err := processCPU()
	if err != nil {
		t.Fatal(err)
	}
	want := rusage(t)
	if d := want - got; d < -20*time.Millisecond || d > 30*time.Millisecond {
		t.Errorf("processCPU = %v, rusage %v: want them within a few 10 ms ticks", got, want)
	}
}

func rusage(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var sink int

// spin keeps the CPU busy for a moment.
func spin() {
	for i := range 1_000_000 {
		sink += i
	}
}
