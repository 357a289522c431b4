package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Deferred shredding of accepted dossiers' page files (MarkAcceptedMany). Shredding
// overwrites and syncs as many bytes as the uplink sent, and removing the files costs
// the file system as much again: done in the call, it bounded the uplink's drain (the
// drain waits for its records at the end of each batch; measured against a gateway
// stub: the records were busy for the whole drain). So the dossier's page directory is
// moved out of the page directory at once (a rename, beside it: PAGEDIR.shredding) and
// shredded there by a background goroutine. The files leave their paths before the
// call returns; their bytes are overwritten moments later. Nothing is lost on a crash:
// Open queues whatever waits in PAGEDIR.shredding again, and a rename the crash undid
// leaves the directory of a purged dossier in the page directory, which Open's sweep
// shreds too. Close waits for the queue.

const shreddingSuffix = ".shredding"

// shredQueue is the background shredder's work.
type shredQueue struct {
	mu      sync.Mutex
	dirs    []string
	running bool
}

func (s *Store) shreddingDir() string { return filepath.Clean(s.pageDir) + shreddingSuffix }

// shredLater takes the page directory of dossier id out of the page directory and
// queues it for shredding; when it cannot be moved (e.g. the store is closing, another
// file system) it is shredded now, and that failure returned.
func (s *Store) shredLater(id string) error {
	src := filepath.Join(s.pageDir, id)
	if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if s.bgCtx.Err() == nil {
		// The shredding directory is made only when the rename finds it missing (the
		// shredder removes it when done): not one mkdir a dossier.
		dst := filepath.Join(s.shreddingDir(), id)
		err := os.Rename(src, dst)
		if err != nil && os.MkdirAll(s.shreddingDir(), 0o700) == nil {
			err = os.Rename(src, dst)
		}
		if err == nil {
			s.queueShred(dst)
			return nil
		}
	}
	return shredDir(src)
}

// queueShred has dirs shredded by the background shredder, started when idle.
func (s *Store) queueShred(dirs ...string) {
	s.shreds.mu.Lock()
	defer s.shreds.mu.Unlock()
	s.shreds.dirs = append(s.shreds.dirs, dirs...)
	if s.shreds.running {
		return
	}
	s.shreds.running = true
	s.bg.Add(1)
	go s.runShredder()
}

// runShredder shreds the queue, shredAtOnce directories at a time, until it is empty.
// A directory it fails to remove stays in the shredding directory for the next Open.
func (s *Store) runShredder() {
	defer s.bg.Done()
	for {
		s.shreds.mu.Lock()
		dirs := s.shreds.dirs
		s.shreds.dirs = nil
		if len(dirs) == 0 {
			s.shreds.running = false
			os.Remove(s.shreddingDir()) // when empty; a rename racing this falls back to shredding at once
			s.shreds.mu.Unlock()
			return
		}
		s.shreds.mu.Unlock()
		var wg sync.WaitGroup
		slots := make(chan struct{}, shredAtOnce)
		for _, d := range dirs {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer func() { <-slots; wg.Done() }()
				shredDir(d)
			}()
		}
		wg.Wait()
	}
}

// queueLeftShreds queues what a previous process left in the shredding directory.
func (s *Store) queueLeftShreds() {
	entries, err := os.ReadDir(s.shreddingDir())
	if err != nil {
		return
	}
	var dirs []string
	for _, e := range entries {
		dirs = append(dirs, filepath.Join(s.shreddingDir(), e.Name()))
	}
	if len(dirs) > 0 {
		s.queueShred(dirs...)
	}
}
