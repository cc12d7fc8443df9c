package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"loa/pkg/i18n"
)

// LockName is the lock file in the export folder.
const LockName = ".loa-export.lock"

// ErrLocked is matched by a *LockedError.
var ErrLocked = errors.New("export folder locked")

// LockedError says another run holds the export folder.
type LockedError struct {
	Path   string
	Holder Holder
}

func (e *LockedError) Error() string { return e.Localize(i18n.EN) }

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Localize implements i18n.Localizer.
func (e *LockedError) Localize(lang i18n.Lang) string {
	dir := filepath.Dir(e.Path)
	if e.Holder.PID == 0 {
		return i18n.T(lang, "export.locked_unknown", dir, e.Path)
	}
	return i18n.T(lang, "export.locked", dir, e.Holder.PID, e.Holder.Host, e.Holder.Started)
}

// Holder is who holds a lock, as written in the lock file.
type Holder struct {
	PID     int    `json:"pid"`
	Host    string `json:"host"`
	Started string `json:"started"`
	Shard   string `json:"shard,omitempty"`
}

// lock is a held flock(2) lock on a file. The kernel releases it when the
// process dies, so a lock left by a killed run is simply taken over; the
// holder written in the file only names the live holder in messages.
type lock struct {
	f         *os.File
	path      string
	exclusive bool
}

// lockMode is exclusive (one run owns the folder) or shared (shards of one
// export run side by side; each also holds its own shard lock exclusively).
type lockMode int

const (
	exclusive lockMode = iota
	shared
)

// pollInterval is how often --wait retries a held lock.
const pollInterval = 200 * time.Millisecond

// acquire takes the lock at path. With wait it retries until ctx ends;
// otherwise a held lock gives a *LockedError naming the holder.
func acquire(ctx context.Context, path string, mode lockMode, wait bool, who Holder) (*lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, i18n.Wrap(err, "export.lock_failed", path, err.Error())
	}
	for {
		ok, err := tryLock(f, mode)
		if err != nil {
			f.Close()
			return nil, i18n.Wrap(err, "export.lock_failed", path, err.Error())
		}
		if ok {
			break
		}
		if !wait {
			h := readHolder(path)
			f.Close()
			return nil, &LockedError{Path: path, Holder: h}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(pollInterval):
		}
	}
	l := &lock{f: f, path: path, exclusive: mode == exclusive}
	if mode == exclusive {
		// Only the sole holder may say who it is.
		data, _ := json.Marshal(who)
		if err := f.Truncate(0); err == nil {
			_, _ = f.WriteAt(append(data, '\n'), 0)
		}
	}
	return l, nil
}

// release drops the lock; the file stays (removing it would race with a
// run that opened it but has not locked it yet).
func (l *lock) release() {
	if l == nil || l.f == nil {
		return
	}
	if l.exclusive {
		_ = l.f.Truncate(0)
	}
	_ = unlock(l.f)
	l.f.Close()
	l.f = nil
}

func readHolder(path string) Holder {
	var h Holder
	data, err := os.ReadFile(path)
	if err != nil {
		return h
	}
	if json.Unmarshal([]byte(strings.TrimSpace(string(data))), &h) != nil {
		return Holder{}
	}
	return h
}

// shardHolder reads the holders of the shard locks in dir, for a message
// when a whole-folder run finds shards at work.
func shardHolder(dir string) Holder {
	paths, _ := filepath.Glob(filepath.Join(dir, ".loa-export-*-of-*.lock"))
	for _, p := range paths {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		free, _ := tryLock(f, exclusive)
		if free {
			_ = unlock(f)
		}
		f.Close()
		if !free {
			return readHolder(p)
		}
	}
	return Holder{}
}

func newHolder(shard Shard) Holder {
	host, _ := os.Hostname()
	h := Holder{PID: os.Getpid(), Host: host, Started: time.Now().Format(time.RFC3339)}
	if shard.N > 1 {
		h.Shard = shard.String()
	}
	return h
}

// lockFolder takes the folder lock for a run: exclusive for a whole run or a
// merge, shared plus the shard's own lock for a shard.
func lockFolder(ctx context.Context, dir string, shard Shard, wait bool) (func(), error) {
	who := newHolder(shard)
	main := filepath.Join(dir, LockName)
	if shard.N <= 1 {
		l, err := acquire(ctx, main, exclusive, wait, who)
		if err != nil {
			// Shards hold the folder lock shared and write who they are in
			// their own lock files; the folder lock's text is then stale.
			var le *LockedError
			if errors.As(err, &le) {
				if h := shardHolder(dir); h.PID != 0 {
					le.Holder = h
				}
			}
			return nil, err
		}
		return l.release, nil
	}
	l, err := acquire(ctx, main, shared, wait, who)
	if err != nil {
		return nil, err
	}
	sp := filepath.Join(dir, fmt.Sprintf(".loa-export-%d-of-%d.lock", shard.K, shard.N))
	sl, err := acquire(ctx, sp, exclusive, wait, who)
	if err != nil {
		l.release()
		return nil, err
	}
	return func() { sl.release(); l.release() }, nil
}
