package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"loa/pkg/atomicfile"
	"loa/pkg/i18n"
)

// writeError names the file that could not be written and says why in
// plain words for the two causes people can fix: a full disk and missing
// permissions.
func writeError(path string, err error) error {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return err
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return i18n.Wrap(err, "export.disk_full", path, err.Error())
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return i18n.Wrap(err, "export.permission", path, err.Error())
	}
	return i18n.Wrap(err, "export.write_failed", path, err.Error())
}

// writeAtomic writes data to path atomically, creating its folder.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return writeError(path, err)
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return writeError(path, err)
	}
	return nil
}

// sameContent reports whether path holds exactly data.
func sameContent(path string, data []byte) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}

// hashFile returns the hex sha256 and size of a file.
func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// copyAtomic copies src to dst atomically and returns the sha256 of what
// was copied, so that a damaged source is caught (the copy is then
// discarded and errBadCopy returned).
func copyAtomic(src, dst, wantSHA string) error {
	in, err := os.Open(src)
	if err != nil {
		return i18n.Wrap(err, "export.read_failed", src, err.Error())
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return writeError(dst, err)
	}
	f, err := atomicfile.Create(dst, 0o644)
	if err != nil {
		return writeError(dst, err)
	}
	defer f.Abort()
	h := sha256.New()
	if _, err := io.Copy(f.File, io.TeeReader(in, h)); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == src {
			return i18n.Wrap(err, "export.read_failed", src, err.Error())
		}
		return writeError(dst, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); wantSHA != "" && got != wantSHA {
		return errBadCopy
	}
	if err := f.Commit(); err != nil {
		return writeError(dst, err)
	}
	return nil
}

// errBadCopy: the cached file does not match its recorded checksum.
var errBadCopy = errors.New("cached file does not match its checksum")

// isTemp reports whether a file name is an atomicfile temporary.
func isTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// removeTemps deletes temporary files left by killed runs in dir and its
// subfolders (when deep), keeping those younger than minAge (0: all go).
func removeTemps(dir string, deep bool, minAge time.Duration) {
	now := time.Now()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && !deep {
				return filepath.SkipDir
			}
			return nil
		}
		if !isTemp(d.Name()) {
			return nil
		}
		if minAge > 0 {
			if info, err := d.Info(); err != nil || now.Sub(info.ModTime()) < minAge {
				return nil
			}
		}
		_ = os.Remove(p)
		return nil
	})
}

// removeEmptyDirs removes dir and then its parents up to (not including)
// stop while they are empty.
func removeEmptyDirs(dir, stop string) {
	for dir != stop && strings.HasPrefix(dir, stop) {
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			return
		}
		if err := os.Remove(dir); err != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}
