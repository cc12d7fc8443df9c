package mp3

import (
	"errors"
	"fmt"
	"io"
)

// Junk tolerance. MP3 files in the wild carry a little junk (zero padding
// after a tag, a stray byte between frames, an unknown trailer); more than
// this is a broken file, not a quirk. A last frame cut short is an error
// (ErrTruncated): it means the file was truncated.
const (
	maxLeadJunk  = 64 << 10 // bytes searched for the first frame
	maxGap       = 2048     // bytes searched to resynchronise after a frame
	maxGaps      = 8        // resynchronisations per file
	maxTailJunk  = 2048     // unparsable bytes accepted after the last frame
	readChunk    = 32 << 10
	maxFrameSize = 2880 // above any frame a bitrate index can describe (Layer II at 384 kbit/s, 32 kHz: 1729)
)

// byteReader is a small read-ahead window over [0, end) of an
// io.ReadSeeker, so that walking frames costs one system call per chunk
// and memory stays bounded whatever the file length.
type byteReader struct {
	r      io.ReadSeeker
	end    int64
	buf    []byte
	bufOff int64 // absolute offset of buf[0]
}

// peek returns up to n bytes at off (fewer only at end). The slice is valid
// until the next call.
func (b *byteReader) peek(off int64, n int) ([]byte, error) {
	if off >= b.end {
		return nil, nil
	}
	if rem := b.end - off; int64(n) > rem {
		n = int(rem)
	}
	if off >= b.bufOff && off+int64(n) <= b.bufOff+int64(len(b.buf)) {
		i := off - b.bufOff
		return b.buf[i : i+int64(n)], nil
	}
	want := n
	if want < readChunk {
		want = readChunk
	}
	if rem := b.end - off; int64(want) > rem {
		want = int(rem)
	}
	if cap(b.buf) < want {
		b.buf = make([]byte, want)
	}
	b.buf = b.buf[:want]
	if _, err := b.r.Seek(off, io.SeekStart); err != nil {
		return nil, err
	}
	m, err := io.ReadFull(b.r, b.buf)
	b.buf = b.buf[:m]
	b.bufOff = off
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if m < n {
		// The file shrank under us, or lied about its size.
		return b.buf, io.ErrUnexpectedEOF
	}
	return b.buf[:n], nil
}

// frame is one located MPEG frame.
type frame struct {
	h     header
	off   int64
	size  int
	index int64 // position in the stream, counted from 0
}

// walker finds frames in [start, end) one after another.
type walker struct {
	br    byteReader
	name  string
	ref   header // the stream's first frame: version, layer, rate, channels
	pos   int64
	gaps  int
	index int64
}

func (w *walker) errorf(off int64, sentinel error, format string, args ...any) error {
	return fmt.Errorf("mp3 %s: byte %d: %s: %w", w.name, off, fmt.Sprintf(format, args...), sentinel)
}

// headerAt decodes the header at off.
func (w *walker) headerAt(off int64) (header, bool, error) {
	b, err := w.br.peek(off, 4)
	if err != nil {
		return header{}, false, w.errorf(off, ErrTruncated, "%v", err)
	}
	h, ok := parseHeader(b)
	return h, ok, nil
}

// confirmed reports whether a frame of stream ref can start at off: its
// header is valid, belongs to the stream, and is followed by depth-1 more
// such frames or by the end of the data.
func (w *walker) confirmed(off int64, ref header, depth int) (header, bool, error) {
	var first header
	for i := 0; i < depth; i++ {
		if off == w.br.end && i > 0 {
			return first, true, nil
		}
		h, ok, err := w.headerAt(off)
		if err != nil || !ok || !h.sameStream(ref) {
			return first, false, err
		}
		if i == 0 {
			first = h
		}
		size := h.frameSize()
		if size == 0 {
			return first, false, nil
		}
		off += int64(size)
		if off > w.br.end {
			return first, false, nil
		}
	}
	return first, true, nil
}

// findFirst locates the first frame of the stream at or after start.
func (w *walker) findFirst(start int64) (header, int64, error) {
	if n := w.br.end - start; n < 4 {
		return header{}, 0, fmt.Errorf("mp3 %s: no MPEG audio data (%d bytes besides tags): %w", w.name, max(n, 0), ErrNotMP3)
	}
	limit := start + maxLeadJunk
	if limit > w.br.end-4 {
		limit = w.br.end - 4
	}
	for off := start; off <= limit; off++ {
		b, err := w.br.peek(off, 4)
		if err != nil {
			return header{}, 0, w.errorf(off, ErrTruncated, "%v", err)
		}
		if b[0] != 0xFF {
			continue
		}
		h, ok := parseHeader(b)
		if !ok {
			continue
		}
		if h.bitrate == 0 {
			if w.freeFormatConfirmed(off, b) {
				return h, off, w.errorf(off, ErrUnsupported, "%v: %s; %s", h, h.unsupportedReason(), convertHint)
			}
			continue
		}
		if _, ok, err := w.confirmed(off, h, 3); err != nil {
			return header{}, 0, err
		} else if !ok {
			continue
		}
		return h, off, nil
	}
	return header{}, 0, fmt.Errorf("mp3 %s: no MPEG audio frame in bytes %d to %d: %w", w.name, start, limit, ErrNotMP3)
}

// freeFormatConfirmed reports whether a free-format header at off is
// repeated twice (same bytes but the padding bit) at a steady frame length.
func (w *walker) freeFormatConfirmed(off int64, b []byte) bool {
	want := [3]byte{b[0], b[1], b[2] &^ 2}
	same := func(p []byte) bool {
		return len(p) >= 3 && p[0] == want[0] && p[1] == want[1] && p[2]&^2 == want[2]
	}
	win, err := w.br.peek(off, 3*maxFrameSize)
	if err != nil {
		return false
	}
	for l := 24; 2*l+3 <= len(win) && l <= maxFrameSize; l++ {
		if !same(win[l:]) {
			continue
		}
		for _, m := range []int{2 * l, 2*l - 1, 2*l + 1} {
			if m+3 <= len(win) && same(win[m:]) {
				return true
			}
		}
	}
	return false
}

// next returns the frame at the walker's position, resynchronising over a
// little junk. It returns io.EOF at the end of the stream.
func (w *walker) next() (frame, error) {
	end := w.br.end
	if w.pos >= end {
		return frame{}, io.EOF
	}
	h, ok, err := w.headerAt(w.pos)
	if err != nil {
		return frame{}, err
	}
	if !ok || !h.sameStream(w.ref) {
		if end-w.pos < 4 {
			w.pos = end
			return frame{}, io.EOF
		}
		if err := w.resync(); err != nil {
			return frame{}, err
		}
		if w.pos >= end {
			return frame{}, io.EOF
		}
		h, _, _ = w.headerAt(w.pos)
	}
	if h.bitrate == 0 {
		return frame{}, w.errorf(w.pos, ErrUnsupported, "frame %d: %v: %s; %s", w.index, h, h.unsupportedReason(), convertHint)
	}
	size := h.frameSize()
	if w.pos+int64(size) > end {
		return frame{}, w.errorf(w.pos, ErrTruncated, "frame %d needs %d bytes, the file has %d left",
			w.index, size, end-w.pos)
	}
	f := frame{h: h, off: w.pos, size: size, index: w.index}
	w.pos += int64(size)
	w.index++
	return f, nil
}

// resync moves pos to the next confirmed frame within maxGap bytes, or to
// the end when only a little trailing junk is left.
func (w *walker) resync() error {
	start := w.pos
	end := w.br.end
	for off := start + 1; off < start+maxGap && off+4 <= end; off++ {
		b, err := w.br.peek(off, 1)
		if err != nil {
			return w.errorf(off, ErrTruncated, "%v", err)
		}
		if b[0] != 0xFF {
			continue
		}
		if _, ok, err := w.confirmed(off, w.ref, 2); err != nil {
			return err
		} else if ok {
			w.gaps++
			if w.gaps > maxGaps {
				return w.errorf(start, ErrCorrupt, "frame %d: junk between frames more than %d times", w.index, maxGaps)
			}
			w.pos = off
			return nil
		}
	}
	if end-start <= maxTailJunk {
		w.pos = end
		return nil
	}
	return w.errorf(start, ErrCorrupt, "frame %d: lost frame sync (no %s frame in the next %d bytes)", w.index, w.ref, maxGap)
}

// stream is everything the scan learns about a file before decoding.
type stream struct {
	ref        header // first frame, tag frame included: fixes version, layer, rate, channels
	first      header // first audio frame
	start, end int64  // audio data bounds after stripping tags
	audioOff   int64  // offset of the first audio frame (after a tag frame)
	frames     int64  // audio frames found (tag frame excluded)
	bytes      int64  // bytes of those frames
	vbr        bool
	xing       *xingInfo
	gaps       int
}

// scan strips the tags, finds and validates every frame, and refuses
// streams go-mp3 would get wrong. On an ErrUnsupported error the returned
// stream still describes the first frame.
func scan(r io.ReadSeeker, name string) (*stream, error) {
	start, end, err := audioBounds(r, name)
	if err != nil {
		return nil, err
	}
	w := &walker{br: byteReader{r: r, end: end}, name: name}
	ref, off, err := w.findFirst(start)
	s := &stream{first: ref, start: start, end: end}
	if err != nil {
		return s, err
	}
	if reason := ref.unsupportedReason(); reason != "" {
		return s, w.errorf(off, ErrUnsupported, "%v: %s; %s", ref, reason, convertHint)
	}
	w.ref = ref
	s.ref = ref
	w.pos = off
	first, err := w.next()
	if err != nil {
		return s, err
	}
	fb, err := w.br.peek(first.off, first.size)
	if err != nil {
		return s, w.errorf(first.off, ErrTruncated, "%v", err)
	}
	s.xing = parseXing(fb, first.h)
	s.audioOff = first.off
	if s.xing != nil {
		s.audioOff = w.pos
		w.index = 0
	} else {
		w.pos = first.off
		w.index = 0
	}
	haveFirst := false
	for {
		f, err := w.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return s, err
		}
		if !haveFirst {
			s.first = f.h
			haveFirst = true
		} else if f.h.brIndex != s.first.brIndex {
			s.vbr = true
		}
		if f.h.version == mpeg2 && f.h.goMP3FrameSize() != f.size {
			return s, w.errorf(f.off, ErrUnsupported,
				"frame %d: %v with a padded frame, which go-mp3 reads one byte short and decodes to noise; %s",
				f.index, f.h, convertHint)
		}
		s.frames++
		s.bytes += int64(f.size)
	}
	s.gaps = w.gaps
	if s.frames == 0 {
		return s, fmt.Errorf("mp3 %s: byte %d: no audio frame after the tag frame: %w", name, s.audioOff, ErrNotMP3)
	}
	if s.xing != nil && s.xing.tag == "VBRI" {
		s.vbr = true
	}
	if s.xing != nil && s.xing.tag == "Xing" {
		s.vbr = true
	}
	if x := s.xing; x != nil && x.frames > s.frames {
		return s, fmt.Errorf("mp3 %s: the %s header announces %d frames but only %d are there: %w",
			name, x.tag, x.frames, s.frames, ErrTruncated)
	}
	return s, nil
}
