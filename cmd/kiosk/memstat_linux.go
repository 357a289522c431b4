//go:build linux

package main

// #include <malloc.h>
// #include <stdio.h>
// #include <stdlib.h>
// #include <string.h>
//
// // arenas counts glibc's malloc arenas (malloc_info's <heap> elements).
// static int arenas(void) {
// 	char *buf = NULL; size_t len = 0; int n = 0;
// 	FILE *f = open_memstream(&buf, &len);
// 	if (!f) return -1;
// 	malloc_info(0, f);
// 	fclose(f);
// 	for (char *p = buf; p && (p = strstr(p, "<heap nr=")); p++) n++;
// 	free(buf);
// 	return n;
// }
import "C"

import (
	"bufio"
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
)

// memBreakdown is the memory bench's breakdown of where the resident set is (bench
// only, KIOSK_BENCH_EVERY): /proc/self/smaps grouped by mapping (Go's arenas, glibc's
// main heap, glibc's other arenas, other anonymous mappings, shared memory,
// file-backed), Rss and Private_Dirty in MB; Go's runtime/metrics memory classes
// (go_prof: the heap profile's buckets, go_meta: all metadata);
// glibc's mallinfo2 (in use, free, mmapped) and arena count; threads and goroutines.
func memBreakdown() string {
	var b strings.Builder
	b.WriteString(smapsLine(""))
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/stacks:bytes"},
		{Name: "/memory/classes/os-stacks:bytes"},
		{Name: "/memory/classes/other:bytes"},
		{Name: "/memory/classes/profiling/buckets:bytes"},
		{Name: "/memory/classes/metadata/other:bytes"},
		{Name: "/memory/classes/metadata/mspan/inuse:bytes"},
		{Name: "/memory/classes/metadata/mspan/free:bytes"},
		{Name: "/memory/classes/metadata/mcache/inuse:bytes"},
		{Name: "/memory/classes/metadata/mcache/free:bytes"},
		{Name: "/sched/goroutines:goroutines"},
	}
	metrics.Read(samples)
	names := []string{"go_objects", "go_unused", "go_free", "go_released", "go_stacks", "os_stacks", "go_other", "go_prof", "go_meta"}
	for i, n := range names {
		v := samples[i].Value.Uint64()
		if n == "go_meta" { // all metadata classes
			for _, m := range samples[i+1 : len(samples)-1] {
				v += m.Value.Uint64()
			}
		}
		fmt.Fprintf(&b, " %s=%.1f", n, float64(v)/(1<<20))
	}
	mi := C.mallinfo2()
	fmt.Fprintf(&b, " malloc_used=%.1f malloc_free=%.1f malloc_mmap=%.1f malloc_arenas=%d threads=%d goroutines=%d",
		float64(mi.uordblks)/(1<<20), float64(mi.fordblks)/(1<<20), float64(mi.hblkhd)/(1<<20), int(C.arenas()),
		procStatus("Threads:"), samples[len(samples)-1].Value.Uint64())
	return strings.TrimSpace(b.String())
}

// smapsLine is smapsGroups' figures, each name prefixed.
func smapsLine(prefix string) string {
	var b strings.Builder
	groups, order := smapsGroups()
	for _, g := range order {
		v := groups[g]
		fmt.Fprintf(&b, " %s%s=%.1f/%.1f", prefix, g, float64(v[0])/1024, float64(v[1])/1024)
	}
	return b.String()
}

// smapsGroups sums Rss and Private_Dirty (kB) of /proc/self/smaps by kind of mapping,
// MB in the names: smaps_go (anonymous below the shared libraries' region: the Go
// heap's arenas), smaps_brk (glibc's
// main arena), smaps_arena (64 MB-aligned anonymous heaps: glibc's other arenas),
// smaps_anon (other anonymous: big mallocs, thread stacks), smaps_shm (SysV/POSIX
// shared memory, the X server's image buffers), smaps_file (binaries, fonts).
func smapsGroups() (map[string][2]int, []string) {
	order := []string{"smaps_go", "smaps_brk", "smaps_arena", "smaps_anon", "smaps_shm", "smaps_file"}
	g := map[string][2]int{}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return g, nil
	}
	defer f.Close()
	cur := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fs := strings.Fields(line)
		if len(fs) == 0 {
			continue
		}
		if k, ok := strings.CutSuffix(fs[0], ":"); ok && len(fs) >= 2 && (k == "Rss" || k == "Private_Dirty") {
			v, _ := strconv.Atoi(fs[1])
			e := g[cur]
			if k == "Rss" {
				e[0] += v
			} else {
				e[1] += v
			}
			g[cur] = e
			continue
		}
		if !strings.Contains(fs[0], "-") || len(fs) < 5 {
			continue
		}
		lo, _, _ := strings.Cut(fs[0], "-")
		start, _ := strconv.ParseUint(lo, 16, 64)
		path := ""
		if len(fs) >= 6 {
			path = strings.Join(fs[5:], " ")
		}
		switch {
		case path == "[heap]":
			cur = "smaps_brk"
		case strings.Contains(path, "SYSV") || strings.HasPrefix(path, "/dev/shm") || strings.HasPrefix(path, "/memfd:"):
			cur = "smaps_shm"
		case path != "" && !strings.HasPrefix(path, "["):
			cur = "smaps_file"
		case path == "" && start < 0x7e0000000000:
			cur = "smaps_go"
		case path == "" && start%(64<<20) == 0:
			cur = "smaps_arena"
		default:
			cur = "smaps_anon"
		}
	}
	return g, order
}
