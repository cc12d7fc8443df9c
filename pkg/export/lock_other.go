//go:build !unix

package export

import (
	"errors"
	"os"
)

// errNoLock is returned where flock(2) does not exist.
var errNoLock = errors.New("folder locking needs a Unix system")

func tryLock(*os.File, lockMode) (bool, error) { return false, errNoLock }

func unlock(*os.File) error { return nil }
