//go:build linux

package export

import (
	"os"
	"syscall"
)

// statKey is what tells that a file is unchanged since it was recorded:
// size, modification and change times and inode. The change time cannot
// be set by programs, so an edit that restores the modification time is
// still seen.
func statKey(fi os.FileInfo) fileStamp {
	s := fileStamp{Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s.CTime = st.Ctim.Nano()
		s.Ino = st.Ino
	}
	return s
}
