package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Purged personal data must not survive in the database files, not even in their free
// space: the consent text promises deletion, and kiosk.db can be copied off a commune
// PC. Three things see to it:
//
//   - every connection runs PRAGMA secure_delete=ON, so SQLite overwrites the old bytes
//     of a purged or deleted row (and freed pages) with zeros instead of leaving them
//     in free space;
//   - after a purge the write-ahead log is checkpointed and truncated
//     (wal_checkpoint(TRUNCATE)) within a second: the WAL holds the pages as they were
//     before the purge until its frames are overwritten, and a plain checkpoint leaves
//     them there;
//   - kiosk.db is created 0600 (SQLite creates -wal and -shm with the database's mode),
//     and an older file is narrowed to 0600 at start;
//   - page files are overwritten with zeros and synced before they are unlinked, so
//     their blocks do not keep the scans (best effort: a flash drive's controller may
//     keep old copies; full-disk encryption is the deployment's answer to that).

// createPrivate creates the database file with owner-only permissions if it is missing,
// and narrows the permissions of an existing one and of its -wal and -shm files.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("store: restrict %s: %w", p, err)
		}
	}
	return nil
}

// checkpoint copies the WAL into the database and truncates it. It is best effort: a
// reader holding an old snapshot makes it stop early (the next purge or Close tries
// again), and a failure never undoes the purge that called it.
func (s *Store) checkpoint(ctx context.Context) {
	s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}

// checkpointEvery paces the checkpoints after purges: the first purge after a quiet
// second checkpoints at once, purges in a burst (a sync round accepting dozens of
// dossiers) share one checkpoint at most a second later. A checkpoint is an fsync of
// the database; one per dossier cost the uplink's bookkeeping a fifth of its speed.
const checkpointEvery = time.Second

// checkpointAfterPurge checkpoints now, or schedules one when the last was less than
// checkpointEvery ago (and none is scheduled yet).
func (s *Store) checkpointAfterPurge(ctx context.Context) {
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	if s.ckptTimer != nil || s.closed {
		return // the scheduled one covers this purge
	}
	if wait := time.Until(s.lastCkpt.Add(checkpointEvery)); wait > 0 {
		s.ckptTimer = time.AfterFunc(wait, func() {
			s.ckptMu.Lock()
			defer s.ckptMu.Unlock()
			s.ckptTimer = nil
			if !s.closed {
				s.checkpoint(context.Background())
				s.lastCkpt = time.Now()
			}
		})
		return
	}
	s.checkpoint(ctx)
	s.lastCkpt = time.Now()
}

// shredDir overwrites every regular file under dir with zeros, syncs it, and removes
// dir. A file that cannot be overwritten is still removed; the first error is returned.
func shredDir(dir string) error {
	var first error
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if err := shredFile(p); err != nil && first == nil {
			first = err
		}
		return nil
	})
	if err := os.RemoveAll(dir); err != nil && first == nil {
		first = err
	}
	return first
}

func shredFile(p string) error {
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	for off := int64(0); off < fi.Size(); off += int64(len(zeros)) {
		if _, err := f.WriteAt(zeros[:min(int64(len(zeros)), fi.Size()-off)], off); err != nil {
			return err
		}
	}
	return f.Sync()
}

// zeros is what shredFile writes: a scan page in one write (io.CopyN from a reader of
// zeros cleared and wrote 32 KB at a time).
var zeros = make([]byte, 1<<20)
