// Package atomicfile writes files so that readers only ever see the old
// content or the complete new content: a temporary file in the same folder,
// written, synced, closed and renamed over the target, then the folder
// synced. On any error the temporary file is removed and the target is left
// as it was.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File is a pending atomic write. Write to it (it is an *os.File, so it also
// seeks), then Commit or Abort. Abort after Commit does nothing, so
// `defer f.Abort()` is the normal pattern.
type File struct {
	*os.File
	target string
	done   bool
}

// Create starts an atomic write of path with permissions perm.
func Create(path string, perm os.FileMode) (*File, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return &File{File: tmp, target: path}, nil
}

// Commit syncs, closes and renames the file into place, then syncs the folder.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: already finished")
	}
	f.done = true
	name := f.File.Name()
	if err := f.File.Sync(); err != nil {
		f.File.Close()
		os.Remove(name)
		return err
	}
	if err := f.File.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, f.target); err != nil {
		os.Remove(name)
		return err
	}
	return SyncDir(filepath.Dir(f.target))
}

// Abort discards the temporary file. It is safe to call after Commit.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.File.Name())
}

// Target is the final path.
func (f *File) Target() string { return f.target }

// SyncDir fsyncs a folder so a rename in it survives a crash.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write creates path atomically from what fill writes.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := fill(f); err != nil {
		return err
	}
	return f.Commit()
}
