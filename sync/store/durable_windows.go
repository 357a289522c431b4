//go:build windows

package store

import (
	"errors"

	"golang.org/x/sys/windows"
)

// renameDurable renames old to new with MoveFileEx and MOVEFILE_WRITE_THROUGH, which
// does not return until the move is on the disk.
//
// Durability on Windows: a directory cannot be fsynced there (FlushFileBuffers on a
// directory handle answers "Access is denied"). NTFS journals metadata (creating a
// directory, renaming a file) in its log, and a write-through move flushes that log up
// to and including the move, so every earlier metadata change (the dossier's page
// directory) is on the disk too. The page's own bytes were fsynced (FlushFileBuffers)
// before the move. So when writePageFile returns, the page survives a power cut, as
// rename + directory fsync guarantee on Linux, and only then does the dossier's row
// commit.
func renameDurable(old, new string) error {
	from, err := windows.UTF16PtrFromString(old)
	if err != nil {
		return err
	}
	to, err := windows.UTF16PtrFromString(new)
	if err != nil {
		return err
	}
	return windows.MoveFileEx(from, to, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
}

// syncDir does nothing on Windows: see renameDurable for why the directory entries
// are durable without it.
func syncDir(string) error { return nil }

// isDiskFull reports whether err says the volume is full.
func isDiskFull(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}
