package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoFolder is returned when the export folder does not exist or is not a folder
// (a USB stick pulled out, for instance).
var ErrNoFolder = errors.New("export folder not found")

// Export writes the figures' CSV into dir under FileName, durably (temp file, fsync,
// rename), replacing an earlier export of the same period. It returns the file's path.
func Export(dir string, f *Figures) (string, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("report: export to %s: %w", dir, ErrNoFolder)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, f); err != nil {
		return "", err
	}
	path := filepath.Join(dir, f.FileName())
	tmp, err := os.CreateTemp(dir, ".thong-ke-*.tmp")
	if err != nil {
		return "", fmt.Errorf("report: export: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return "", fmt.Errorf("report: export: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("report: export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("report: export: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("report: export: %w", err)
	}
	if d, err := os.Open(dir); err == nil { // best effort: the rename survives a power cut
		d.Sync()
		d.Close()
	}
	return path, nil
}

// DefaultDriveRoots are where Linux desktops mount USB sticks: /media/USER/LABEL,
// /run/media/USER/LABEL, and /media/LABEL or /mnt/LABEL by hand.
var DefaultDriveRoots = []string{"/media", "/run/media", "/mnt"}

// Drive is a mounted removable drive (or any folder offered for exports).
type Drive struct {
	Name string // the label, e.g. "USB_XA"
	Path string
}

// Drives lists the writable drives mounted under roots (from /proc/self/mountinfo on
// Linux). When none is mounted there (or on other systems) it lists the writable
// folders directly under the roots instead, so an installer can point a root at a
// folder of their choice.
//
// On Windows, the removable drives the system reports (USB sticks as E:\, F:\ …) come
// first; roots still work there for a folder of the installer's choice.
func Drives(roots []string) []Drive {
	var out []Drive
	seen := map[string]bool{}
	add := func(path string) {
		if !seen[path] && isDir(path) && writable(path) {
			seen[path] = true
			out = append(out, Drive{Name: filepath.Base(path), Path: path})
		}
	}
	for _, root := range removableDrives() {
		if !seen[root] && writable(root) {
			seen[root] = true
			out = append(out, Drive{Name: strings.TrimRight(root, `\`), Path: root})
		}
	}
	for _, m := range mountPoints() {
		for _, root := range roots {
			if strings.HasPrefix(m, strings.TrimRight(root, "/")+"/") {
				add(m)
			}
		}
	}
	if len(out) == 0 {
		for _, root := range roots {
			entries, err := os.ReadDir(root)
			if err != nil {
				continue
			}
			for _, e := range entries {
				add(filepath.Join(root, e.Name()))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// mountPoints reads the mount points of /proc/self/mountinfo (nil elsewhere).
func mountPoints() []string {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) > 4 {
			out = append(out, unescapeMount(f[4]))
		}
	}
	return out
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space in a label).
func unescapeMount(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// writable reports whether a file can be created in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".kiosk-probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
