package clips

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"

	"loa/pkg/atomicfile"
	"loa/pkg/audio"
)

// Decoding MP3 dominates rendering, and a bulletin is measured several
// times before it is encoded (the loudness correction), while an export
// uses the same clips in hundreds of bulletins. So every clip is decoded and
// processed once into a raw float32 file — in the cache folder, keyed by the
// clip's content and the processing, or in a temporary folder when there is
// no cache — and later reads stream from that file. Memory stays flat; disk
// use is 4 bytes per sample.

var pcmLocks sync.Map // cache path → *sync.Mutex, so parallel workers decode a clip once

// Processed returns the processed clip as a stream, from the PCM cache.
func (l *Library) Processed(ctx context.Context, path string, p Processing) (audio.Stream, io.Closer, error) {
	file, err := l.pcmFile(ctx, path, p)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	frames := st.Size() / 4 / int64(p.Format.Channels)
	return &rawStream{f: p.Format, r: bufio.NewReaderSize(f, 64<<10), frames: frames}, f, nil
}

// pcmFile makes sure the processed PCM of a clip exists and returns its path.
func (l *Library) pcmFile(ctx context.Context, path string, p Processing) (string, error) {
	sum, err := fileHash(path)
	if err != nil {
		return "", err
	}
	key := sha256.Sum256([]byte(sum + "|" + p.Key()))
	dir, err := l.pcmDir()
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, hex.EncodeToString(key[:])+".f32")
	mu, _ := pcmLocks.LoadOrStore(file, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if _, err := os.Stat(file); err == nil {
		return file, nil
	}
	src, closer, err := OpenProcessed(path, p)
	if err != nil {
		return "", err
	}
	defer closer.Close()
	src = audio.WithContext(ctx, src)
	err = atomicfile.Write(file, 0o644, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		buf := make([]float32, 4096*p.Format.Channels)
		raw := make([]byte, 4*len(buf))
		for {
			n, err := src.Read(buf)
			for i, v := range buf[:n] {
				binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
			}
			if _, werr := bw.Write(raw[:4*n]); werr != nil {
				return werr
			}
			if err == io.EOF {
				return bw.Flush()
			}
			if err != nil {
				return err
			}
		}
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return file, nil
}

func (l *Library) pcmDir() (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.CacheDir != "" {
		dir := filepath.Join(l.CacheDir, "pcm")
		if err := os.MkdirAll(dir, 0o755); err == nil {
			return dir, nil
		}
		// An unwritable cache folder only costs time: fall back to a temporary one.
	}
	if l.tmpDir == "" {
		d, err := os.MkdirTemp("", "loa-pcm-*")
		if err != nil {
			return "", err
		}
		l.tmpDir = d
	}
	return l.tmpDir, nil
}

// Close removes the temporary PCM folder, if one was made.
func (l *Library) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tmpDir == "" {
		return nil
	}
	err := os.RemoveAll(l.tmpDir)
	l.tmpDir = ""
	return err
}

// rawStream reads little-endian float32 interleaved samples.
type rawStream struct {
	f      audio.Format
	r      *bufio.Reader
	frames int64
	raw    []byte
}

func (s *rawStream) Format() audio.Format { return s.f }
func (s *rawStream) Frames() int64        { return s.frames }

func (s *rawStream) Read(buf []float32) (int, error) {
	n := len(buf) / s.f.Channels * s.f.Channels
	if cap(s.raw) < 4*n {
		s.raw = make([]byte, 4*n)
	}
	raw := s.raw[:4*n]
	m, err := io.ReadFull(s.r, raw)
	m -= m % (4 * s.f.Channels)
	for i := 0; i < m/4; i++ {
		buf[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		if m == 0 {
			return 0, io.EOF
		}
		return m / 4, nil
	}
	return m / 4, err
}
