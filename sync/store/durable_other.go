//go:build !windows

package store

import (
	"errors"
	"os"
	"syscall"
)

// renameDurable renames old to new. The rename is made durable by syncDir on the
// directory afterwards, which is how POSIX systems persist a directory entry.
func renameDurable(old, new string) error { return os.Rename(old, new) }

// syncDir fsyncs a directory so that a rename or create in it survives a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return diskErr(err)
	}
	return nil
}

// isDiskFull reports whether err says the disk or the user's quota is full.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
