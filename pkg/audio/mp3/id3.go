package mp3

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Tags are the ID3v2.4 text fields the encoder writes. Empty fields are
// left out. All text is stored as UTF-8.
type Tags struct {
	Title   string            // TIT2
	Artist  string            // TPE1: the station or speaker
	Album   string            // TALB, optional
	Date    string            // TDRC: yyyy, yyyy-MM, yyyy-MM-dd, optionally THH, THH:mm, THH:mm:ss
	Comment string            // COMM, language "vie", empty description
	Extra   map[string]string // TXXX frames: description → value, written in key order
}

// validate checks that every field can be stored.
func (t Tags) validate() error {
	check := func(field, s string) error {
		if !utf8.ValidString(s) {
			return fmt.Errorf("tag %s is not valid UTF-8: %w", field, ErrNotEncodable)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("tag %s contains a NUL byte: %w", field, ErrNotEncodable)
		}
		return nil
	}
	for _, f := range []struct{ name, v string }{
		{"Title", t.Title}, {"Artist", t.Artist}, {"Album", t.Album}, {"Date", t.Date}, {"Comment", t.Comment},
	} {
		if err := check(f.name, f.v); err != nil {
			return err
		}
	}
	if t.Date != "" && !validID3Time(t.Date) {
		return fmt.Errorf("tag Date %q is not an ID3v2.4 time (yyyy[-MM[-dd[THH[:mm[:ss]]]]]): %w", t.Date, ErrNotEncodable)
	}
	for k, v := range t.Extra {
		if k == "" {
			return fmt.Errorf("tag Extra has an empty description: %w", ErrNotEncodable)
		}
		if err := check("Extra["+k+"]", k); err != nil {
			return err
		}
		if err := check("Extra["+k+"]", v); err != nil {
			return err
		}
	}
	return nil
}

// validID3Time accepts the ISO 8601 subset ID3v2.4 allows for TDRC.
func validID3Time(s string) bool {
	const layout = "dddd-dd-ddTdd:dd:dd"
	if len(s) > len(layout) {
		return false
	}
	switch len(s) {
	case 4, 7, 10, 13, 16, 19:
	default:
		return false
	}
	for i := 0; i < len(s); i++ {
		if layout[i] == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != layout[i] {
			return false
		}
	}
	return true
}

// putSyncsafe stores v as a 28-bit syncsafe integer.
func putSyncsafe(b []byte, v int) {
	b[0] = byte(v>>21) & 0x7F
	b[1] = byte(v>>14) & 0x7F
	b[2] = byte(v>>7) & 0x7F
	b[3] = byte(v) & 0x7F
}

const (
	id3Encoding = 3 // UTF-8
	maxSyncsafe = 1<<28 - 1
)

var errTagTooBig = errors.New("ID3 tag larger than its reserved space")

// buildID3 renders an ID3v2.4 tag. With size > 0 the tag is padded with
// zeros to exactly size bytes, or errTagTooBig is returned.
func buildID3(t Tags, size int) ([]byte, error) {
	b := make([]byte, 10, 256)
	frame := func(id string, parts ...string) {
		n := 1
		for _, p := range parts {
			n += len(p)
		}
		var h [10]byte
		copy(h[:4], id)
		putSyncsafe(h[4:8], n)
		b = append(b, h[:]...)
		b = append(b, id3Encoding)
		for _, p := range parts {
			b = append(b, p...)
		}
	}
	if t.Title != "" {
		frame("TIT2", t.Title)
	}
	if t.Artist != "" {
		frame("TPE1", t.Artist)
	}
	if t.Album != "" {
		frame("TALB", t.Album)
	}
	if t.Date != "" {
		frame("TDRC", t.Date)
	}
	if t.Comment != "" {
		frame("COMM", "vie", "\x00", t.Comment)
	}
	keys := make([]string, 0, len(t.Extra))
	for k := range t.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		frame("TXXX", k, "\x00", t.Extra[k])
	}
	if size > 0 {
		if len(b) > size {
			return nil, errTagTooBig
		}
		b = append(b, make([]byte, size-len(b))...)
	}
	if len(b)-10 > maxSyncsafe {
		return nil, fmt.Errorf("ID3 tag of %d bytes: %w", len(b), ErrNotEncodable)
	}
	copy(b, "ID3\x04\x00\x00")
	putSyncsafe(b[6:10], len(b)-10)
	return b, nil
}
