package pagestore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Dir keeps pages as files under a directory: root/ab/abcdef… with a root/tmp for
// pages being written. It is the layout the gateway has always used under DATA/pages.
type Dir struct{ root string }

// NewDir opens (creating if needed) the page directory root and removes temporary
// files older than an hour (left by a crash; younger ones may be another process's
// write in progress, e.g. a CLI command beside the server).
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("page directory: %w", err)
	}
	d := &Dir{root: root}
	d.removeStaleTemps(time.Hour)
	return d, nil
}

func (d *Dir) path(sha string) string { return filepath.Join(d.root, sha[:2], sha) }

// Put writes the page to a temporary file while hashing it, checks size and hash,
// fsyncs, renames it into place and fsyncs the directory. A page already there is
// replaced by identical bytes.
func (d *Dir) Put(ctx context.Context, sha string, size int64, r io.Reader) error {
	if err := checkKey(sha); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	final := d.path(sha)
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	tmp, err := os.CreateTemp(filepath.Join(d.root, "tmp"), sha[:8]+"-*")
	if err != nil {
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename this fails harmlessly
	v := newVerifier(io.LimitReader(r, size+1))
	if _, err := io.Copy(tmp, v); err != nil {
		tmp.Close()
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	if err := v.check(sha, size); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	if err := os.Rename(name, final); err != nil {
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	return syncDir(dir)
}

// Open returns the page's bytes to read; ErrNotFound when absent.
func (d *Dir) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	if err := checkKey(sha); err != nil {
		return nil, err
	}
	f, err := os.Open(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("page %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", sha, err)
	}
	return f, nil
}

// Stat returns the stored page's size; ErrNotFound when absent.
func (d *Dir) Stat(ctx context.Context, sha string) (int64, error) {
	if err := checkKey(sha); err != nil {
		return 0, err
	}
	fi, err := os.Stat(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("page %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("page %s: %w", sha, err)
	}
	return fi.Size(), nil
}

// Delete removes the page file (and syncs its directory); an absent page is no error.
func (d *Dir) Delete(ctx context.Context, sha string) error {
	if err := checkKey(sha); err != nil {
		return err
	}
	err := os.Remove(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete page %s: %w", sha, err)
	}
	return syncDir(filepath.Dir(d.path(sha)))
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func (d *Dir) removeStaleTemps(age time.Duration) {
	dir := filepath.Join(d.root, "tmp")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > age {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
