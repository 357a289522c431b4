package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// writePageFile writes data durably under dir as name: temp file, fsync, rename,
// fsync of the directory. It returns the SHA-256 of data in hex.
func writePageFile(dir, name string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	final := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return "", diskErr(err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return "", diskErr(err)
	}
	if err := tmp.Sync(); err != nil {
		return "", diskErr(err)
	}
	if err := tmp.Close(); err != nil {
		return "", diskErr(err)
	}
	if err := renameDurable(tmp.Name(), final); err != nil {
		return "", diskErr(err)
	}
	ok = true
	return hex.EncodeToString(sum[:]), syncDir(dir)
}

func diskErr(err error) error {
	if isDiskFull(err) {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	return err
}

func pageExt(format string) string {
	if format == "png" {
		return ".png"
	}
	return ".jpg"
}
