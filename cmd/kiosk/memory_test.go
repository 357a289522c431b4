package main

import (
	"runtime"
	"runtime/metrics"
	"testing"
)

// profileRecords is the memory the heap profile's records hold.
func profileRecords() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/profiling/buckets:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// recordMin is the least a profile record takes: its header, counts and stack. The
// runtime counts the GC's pointer masks for large stack frames in the same class, a few
// hundred bytes that come with the code that runs: hence the kiosk's growth is held
// below a tenth of the profiled one rather than at none.
const recordMin = 128

var sink []byte

// allocDistinct allocates n byte slices of n distinct page counts (the profile records
// a large object's size in pages) from one site: with profiling on, each size is a
// record of its own.
func allocDistinct(n, from int) {
	for i := 0; i < n; i++ {
		sink = make([]byte, from+8192*i)
	}
}

// The heap profile keeps a record per distinct allocation site, stack and size it ever
// sampled and frees none: the kiosk's resident memory crept by 8 MB over 200 sessions.
// The kiosk turns it off unless the memory bench asks for a profile.
func TestNoHeapProfileKeepsTheProfileFromGrowing(t *testing.T) {
	old := runtime.MemProfileRate
	defer func() { runtime.MemProfileRate = old }()

	// Control: profiling every allocation, distinct sizes add records.
	runtime.MemProfileRate = 1
	allocDistinct(10, 64<<10) // lets the new rate take effect
	before := profileRecords()
	allocDistinct(100, 40_000)
	control := profileRecords() - before
	if control < 100*recordMin {
		t.Fatalf("control: 100 allocations of distinct sizes, profiled, added %d bytes of records, want >= %d", control, 100*recordMin)
	}

	// The bench asks for a profile: profiling stays on.
	t.Setenv(heapProfileEnv, t.TempDir()+"/heap.pprof")
	noHeapProfile()
	if runtime.MemProfileRate != 1 {
		t.Fatalf("with %s set, MemProfileRate = %d, want it left at 1", heapProfileEnv, runtime.MemProfileRate)
	}

	// The kiosk: no records added, whatever it allocates.
	t.Setenv(heapProfileEnv, "")
	noHeapProfile()
	before = profileRecords()
	allocDistinct(100, 41_000)
	if grown := profileRecords() - before; grown >= control/10 {
		t.Fatalf("after noHeapProfile, 100 allocations of distinct sizes added %d bytes of profile records (profiled: %d)", grown, control)
	}
}
