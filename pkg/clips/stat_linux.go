//go:build linux

package clips

import (
	"fmt"
	"os"
	"syscall"
)

// changeTime is the file's change time and inode: an edit that restores
// the modification time still changes them.
func changeTime(fi os.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d|%d", st.Ctim.Nano(), st.Ino)
	}
	return ""
}
