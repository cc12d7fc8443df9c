package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"testing"

	"loa/pkg/audio"
)

// seedFiles are small valid files of every kind, to start the fuzzers from.
func seedFiles() [][]byte {
	var seeds [][]byte
	mono := audio.Format{SampleRate: 8000, Channels: 1}
	st := audio.Format{SampleRate: 44100, Channels: 2}
	for _, s := range []wavSpec{
		{f: mono, codec: pcmCodec{bits: 8}},
		{f: st, codec: pcmCodec{bits: 16}, before: []rawChunk{{"LIST", []byte("INFOa")}}},
		{f: mono, codec: pcmCodec{bits: 24}, extensible: true},
		{f: st, codec: pcmCodec{bits: 32}},
		{f: mono, codec: pcmCodec{bits: 32, float: true}, extensible: true},
		{f: st, codec: pcmCodec{bits: 64, float: true}, fmtAfter: true},
		{riffID: "RF64", f: mono, codec: pcmCodec{bits: 16}, dataSize: u32p(0xFFFFFFFF), ds64Data: 14},
		{f: mono, codec: pcmCodec{bits: 16}, dataSize: u32p(0xFFFFFFFF), riffSize: u32p(0)},
	} {
		s.data, _ = s.codec.encode(signal(s.f, 7))
		seeds = append(seeds, buildWAV(s))
	}
	m := &memFile{}
	_, _ = Encode(m, audio.NewSlice(mono, signal(mono, 5)), EncoderOptions{BEXT: BEXT{Description: "d", CodingHistory: "x"}})
	return append(seeds, m.b)
}

// checkDecode decodes data fully and checks the invariants a caller relies
// on: no panic, whole frames, finite samples in range for integer formats, no
// more frames than declared, and errors that name the file.
func checkDecode(t *testing.T, data []byte) {
	t.Helper()
	d, err := NewDecoder(bytes.NewReader(data), "fuzz.wav")
	if err != nil {
		var we *Error
		if !errors.As(err, &we) || we.File != "fuzz.wav" {
			t.Fatalf("error %v is not an *Error naming the file", err)
		}
		return
	}
	info := d.Info()
	if err := info.Format.Validate(); err != nil {
		t.Fatalf("accepted an invalid format: %v", err)
	}
	ch := info.Format.Channels
	buf := make([]float32, 1000*ch)
	var frames int64
	for {
		n, err := d.Read(buf)
		if n%ch != 0 {
			t.Fatalf("%d samples for %d channels", n, ch)
		}
		for _, v := range buf[:n] {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) || (!info.Float && (v < -1 || v > 1)) {
				t.Fatalf("sample %v out of range for %s", v, info)
			}
		}
		frames += int64(n / ch)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrIO) {
				t.Fatalf("unexpected read error %v", err)
			}
			return
		}
		if frames > int64(len(data)) {
			t.Fatalf("decoded %d frames from %d bytes", frames, len(data))
		}
	}
	if info.Frames >= 0 && frames != info.Frames {
		t.Fatalf("decoded %d frames, Info says %d", frames, info.Frames)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range seedFiles() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		_, _ = Probe(bytes.NewReader(data))
	})
}

func FuzzReadBEXT(f *testing.F) {
	for _, s := range seedFiles() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBEXT(bytes.NewReader(data))
		if err == nil && b == nil {
			t.Fatal("nil BEXT without an error")
		}
		if err != nil && b != nil {
			t.Fatal("BEXT with an error")
		}
	})
}

// TestGarbage feeds 10 MB inputs built to make a parser loop or allocate:
// random bytes, a RIFF header then random bytes, a million empty chunks, and
// random "audio" of unknown length. They must all end, with an error or with
// at most the audio that is there.
func TestGarbage(t *testing.T) {
	const size = 10 << 20
	random := make([]byte, size)
	x := uint64(88172645463325252)
	for i := range random {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		random[i] = byte(x)
	}
	riff := func(body []byte) []byte {
		b := append([]byte("RIFF\xff\xff\xff\xffWAVE"), body...)
		return b
	}
	emptyChunks := riff(bytes.Repeat([]byte("JUNK\x00\x00\x00\x00"), size/8))
	fmtChunk := appendChunk(nil, "fmt ", fmtBody(wavSpec{f: audio.Format{SampleRate: 48000, Channels: 2}, codec: pcmCodec{bits: 16}}), false)
	huge := riff(append(append([]byte{}, fmtChunk...), append([]byte("data\xff\xff\xff\xff"), random[:size]...)...))
	bigChunk := make([]byte, 8)
	copy(bigChunk, "LIST")
	binary.LittleEndian.PutUint32(bigChunk[4:], 0xFFFFFFF0)
	tests := []struct {
		name string
		data []byte
	}{
		{"random", random},
		{"RIFF then random", riff(random[12:])},
		{"RIFF then a million empty chunks", emptyChunks},
		{"chunk larger than the file", riff(append(append([]byte{}, fmtChunk...), append(bigChunk, random[:1000]...)...))},
		{"10 MB of audio of unknown length", huge},
		{"RF64 with huge sizes", append([]byte("RF64\xff\xff\xff\xffWAVEds64\x1c\x00\x00\x00"), bytes.Repeat([]byte{0xff}, 1000)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDecode(t, tt.data)
			_, _ = Probe(bytes.NewReader(tt.data))
			_, _ = ReadBEXT(bytes.NewReader(tt.data))
		})
	}
	d, got, err := decodeAll(t, huge, "huge.wav", 4096)
	if err != nil || d.Frames() != size/4 || len(got) != size/2 {
		t.Errorf("unknown-length audio: %d frames declared, %d samples, %v", d.Frames(), len(got), err)
	}
}
