//go:build !windows

package main

import "golang.org/x/sys/unix"

// diskFree is the space available to the kiosk where dir is, in bytes (-1: unknown).
func diskFree(dir string) int64 {
	var s unix.Statfs_t
	if err := unix.Statfs(dir, &s); err != nil {
		return -1
	}
	return int64(s.Bavail) * int64(s.Bsize)
}
