//go:build !linux

package export

import "os"

// statKey is what tells that a file is unchanged since it was recorded:
// size and modification time here.
func statKey(fi os.FileInfo) fileStamp {
	return fileStamp{Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
}
