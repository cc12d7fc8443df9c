package mp3

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxLeadingTags bounds how many ID3v2 tags are skipped at the start, so a
// crafted file cannot make Open loop for long.
const maxLeadingTags = 64

// readAt reads exactly len(p) bytes at off.
func readAt(r io.ReadSeeker, off int64, p []byte) error {
	if _, err := r.Seek(off, io.SeekStart); err != nil {
		return err
	}
	_, err := io.ReadFull(r, p)
	return err
}

// syncsafe decodes a 28-bit ID3v2 "syncsafe" integer (7 bits per byte).
func syncsafe(b []byte) (int64, bool) {
	var v int64
	for _, c := range b[:4] {
		if c&0x80 != 0 {
			return 0, false
		}
		v = v<<7 | int64(c)
	}
	return v, true
}

// id3v2Size returns the full length (header, body and footer) of the ID3v2
// tag whose 10-byte header is h, or ok=false when h is not one.
// The unsynchronisation flag does not change the length: the size field
// counts the bytes as stored.
func id3v2Size(h []byte) (size int64, ok bool, err error) {
	if len(h) < 10 || string(h[:3]) != "ID3" {
		return 0, false, nil
	}
	if h[3] == 0xFF || h[4] == 0xFF {
		return 0, false, fmt.Errorf("ID3v2 version bytes %#x %#x", h[3], h[4])
	}
	body, good := syncsafe(h[6:10])
	if !good {
		return 0, false, fmt.Errorf("ID3v2 size %x is not syncsafe", h[6:10])
	}
	size = 10 + body
	if h[3] >= 4 && h[5]&0x10 != 0 {
		size += 10 // footer
	}
	return size, true, nil
}

// audioBounds strips the tags at both ends of the file and returns the byte
// range [start, end) that should hold the MPEG frames, and the file size.
func audioBounds(r io.ReadSeeker, name string) (start, end int64, err error) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, 0, fmt.Errorf("mp3 %s: %w", name, err)
	}
	var hdr [10]byte
	for i := 0; ; i++ {
		if start+10 > size {
			break
		}
		if err := readAt(r, start, hdr[:]); err != nil {
			return 0, 0, fmt.Errorf("mp3 %s: byte %d: %w", name, start, err)
		}
		n, ok, err := id3v2Size(hdr[:])
		if err != nil {
			return 0, 0, fmt.Errorf("mp3 %s: byte %d: %v: %w", name, start, err, ErrCorrupt)
		}
		if !ok {
			break
		}
		if i >= maxLeadingTags {
			return 0, 0, fmt.Errorf("mp3 %s: more than %d ID3v2 tags: %w", name, maxLeadingTags, ErrCorrupt)
		}
		if start+n > size {
			return 0, 0, fmt.Errorf("mp3 %s: byte %d: ID3v2 tag of %d bytes runs past the end of the file (%d bytes): %w",
				name, start, n, size, ErrTruncated)
		}
		start += n
	}
	end, err = trailingTagsStart(r, start, size)
	if err != nil {
		return 0, 0, fmt.Errorf("mp3 %s: %v: %w", name, err, ErrCorrupt)
	}
	return start, end, nil
}

// trailingTagsStart strips ID3v1 (and Enhanced TAG+), APEv2, Lyrics3 v1/v2
// and appended ID3v2 tags from the end of [start, end), in any order and
// number, and returns where the remaining data ends.
func trailingTagsStart(r io.ReadSeeker, start, end int64) (int64, error) {
	for guard := 0; guard < maxLeadingTags; guard++ {
		n, err := trailingTag(r, start, end)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return end, nil
		}
		end -= n
	}
	return 0, errors.New("too many trailing tags")
}

// trailingTag returns the length of the tag that ends at end, or 0.
func trailingTag(r io.ReadSeeker, start, end int64) (int64, error) {
	avail := end - start
	if avail >= 128 {
		var t [3]byte
		if err := readAt(r, end-128, t[:]); err != nil {
			return 0, err
		}
		if string(t[:]) == "TAG" {
			n := int64(128)
			if avail >= 128+227 {
				var plus [4]byte
				if err := readAt(r, end-128-227, plus[:]); err != nil {
					return 0, err
				}
				if string(plus[:]) == "TAG+" {
					n += 227
				}
			}
			return n, nil
		}
	}
	if avail >= 32 {
		var f [32]byte
		if err := readAt(r, end-32, f[:]); err != nil {
			return 0, err
		}
		if string(f[:8]) == "APETAGEX" {
			size := int64(binary.LittleEndian.Uint32(f[12:16]))
			flags := binary.LittleEndian.Uint32(f[20:24])
			if flags&(1<<29) != 0 {
				return 0, fmt.Errorf("byte %d: APE tag footer flagged as header", end-32)
			}
			if flags&(1<<31) != 0 {
				size += 32
			}
			if size < 32 || size > avail {
				return 0, fmt.Errorf("byte %d: APE tag size %d does not fit the file", end-32, size)
			}
			return size, nil
		}
	}
	if avail >= 15 {
		var f [15]byte
		if err := readAt(r, end-15, f[:]); err != nil {
			return 0, err
		}
		switch string(f[6:]) {
		case "LYRICS200":
			size, ok := decimal(f[:6])
			if !ok || size+15 > avail || size < 11 {
				return 0, fmt.Errorf("byte %d: Lyrics3v2 size %q does not fit the file", end-15, f[:6])
			}
			var b [11]byte
			if err := readAt(r, end-15-size, b[:]); err != nil {
				return 0, err
			}
			if string(b[:]) != "LYRICSBEGIN" {
				return 0, fmt.Errorf("byte %d: Lyrics3v2 tag without LYRICSBEGIN", end-15-size)
			}
			return size + 15, nil
		case "LYRICSEND":
			// Lyrics3 v1: up to 5100 bytes of lyrics after LYRICSBEGIN.
			const maxV1 = 11 + 5100 + 9
			n := int64(maxV1)
			if n > avail {
				n = avail
			}
			buf := make([]byte, n)
			if err := readAt(r, end-n, buf); err != nil {
				return 0, err
			}
			i := bytes.LastIndex(buf, []byte("LYRICSBEGIN"))
			if i < 0 {
				return 0, fmt.Errorf("byte %d: Lyrics3 tag without LYRICSBEGIN", end-9)
			}
			return n - int64(i), nil
		}
	}
	if avail >= 20 {
		var f [10]byte
		if err := readAt(r, end-10, f[:]); err != nil {
			return 0, err
		}
		if string(f[:3]) == "3DI" {
			body, ok := syncsafe(f[6:10])
			if !ok || body+20 > avail {
				return 0, fmt.Errorf("byte %d: appended ID3v2 footer with a bad size", end-10)
			}
			return body + 20, nil
		}
	}
	return 0, nil
}

// decimal parses an ASCII decimal number.
func decimal(b []byte) (int64, bool) {
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}
