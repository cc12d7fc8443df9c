//go:build unix

package export

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an flock(2) lock without blocking; false means another
// open file description holds a conflicting one.
func tryLock(f *os.File, mode lockMode) (bool, error) {
	how := syscall.LOCK_EX
	if mode == shared {
		how = syscall.LOCK_SH
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		}
		return false, err
	}
}

func unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
