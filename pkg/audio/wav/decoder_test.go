package wav

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"loa/pkg/audio"
)

// checkSamples fails unless got equals want exactly.
func checkSamples(t *testing.T, want, got []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("decoded %d samples, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sample %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestDecodeFormats(t *testing.T) {
	odd := []byte("odd") // 3 bytes: needs a pad byte
	tests := []struct {
		name string
		spec wavSpec
	}{
		{"u8 mono 8 kHz odd frames", wavSpec{f: audio.Format{SampleRate: 8000, Channels: 1}, codec: pcmCodec{bits: 8}}},
		{"s16 stereo 44.1 kHz", wavSpec{f: audio.Format{SampleRate: 44100, Channels: 2}, codec: pcmCodec{bits: 16}}},
		{"s16 mono 11.025 kHz", wavSpec{f: audio.Format{SampleRate: 11025, Channels: 1}, codec: pcmCodec{bits: 16}}},
		{"s24 mono 48 kHz odd frames", wavSpec{f: audio.Format{SampleRate: 48000, Channels: 1}, codec: pcmCodec{bits: 24}}},
		{"s24 3 ch 32 kHz", wavSpec{f: audio.Format{SampleRate: 32000, Channels: 3}, codec: pcmCodec{bits: 24}}},
		{"s32 stereo 96 kHz", wavSpec{f: audio.Format{SampleRate: 96000, Channels: 2}, codec: pcmCodec{bits: 32}}},
		{"f32 mono 22.05 kHz", wavSpec{f: audio.Format{SampleRate: 22050, Channels: 1}, codec: pcmCodec{bits: 32, float: true}}},
		{"f64 stereo 192 kHz", wavSpec{f: audio.Format{SampleRate: 192000, Channels: 2}, codec: pcmCodec{bits: 64, float: true}}},
		{"f64 4 ch 16 kHz", wavSpec{f: audio.Format{SampleRate: 16000, Channels: 4}, codec: pcmCodec{bits: 64, float: true}}},
		{"extensible s16 5 ch 44.1 kHz", wavSpec{f: audio.Format{SampleRate: 44100, Channels: 5}, codec: pcmCodec{bits: 16}, extensible: true}},
		{"extensible s24 6 ch 48 kHz", wavSpec{f: audio.Format{SampleRate: 48000, Channels: 6}, codec: pcmCodec{bits: 24}, extensible: true}},
		{"extensible 20 valid bits in 24", wavSpec{f: audio.Format{SampleRate: 48000, Channels: 2}, codec: pcmCodec{bits: 24}, extensible: true, validBits: 20}},
		{"extensible s32 7 ch 88.2 kHz", wavSpec{f: audio.Format{SampleRate: 88200, Channels: 7}, codec: pcmCodec{bits: 32}, extensible: true}},
		{"extensible u8 mono", wavSpec{f: audio.Format{SampleRate: 8000, Channels: 1}, codec: pcmCodec{bits: 8}, extensible: true}},
		{"extensible f32 8 ch 48 kHz", wavSpec{f: audio.Format{SampleRate: 48000, Channels: 8}, codec: pcmCodec{bits: 32, float: true}, extensible: true}},
		{"extensible f64 mono 176.4 kHz", wavSpec{f: audio.Format{SampleRate: 176400, Channels: 1}, codec: pcmCodec{bits: 64, float: true}, extensible: true}},
		{"odd chunks before and after data", wavSpec{
			f: audio.Format{SampleRate: 8000, Channels: 1}, codec: pcmCodec{bits: 8},
			before: []rawChunk{{"LIST", append([]byte("INFOISFT"), 5, 0, 0, 0, 'l', 'o', 'a', '!', 0)}, {"JUNK", odd}, {"fact", []byte{1, 2, 3, 4}}, {"id3 ", []byte("ID3\x04")}, {"bext", make([]byte, 603)}},
			after:  []rawChunk{{"LIST", []byte("INFOjunk after the audio")}, {"id3 ", odd}},
		}},
		{"chunks after data, s24 odd", wavSpec{
			f: audio.Format{SampleRate: 44100, Channels: 1}, codec: pcmCodec{bits: 24},
			after: []rawChunk{{"JUNK", bytes.Repeat([]byte{0x7f}, 9)}},
		}},
		{"pad bytes missing after odd chunks", wavSpec{
			f: audio.Format{SampleRate: 8000, Channels: 1}, codec: pcmCodec{bits: 16},
			before: []rawChunk{{"JUNK", odd}, {"LIST", []byte("INFOx")}}, noPad: true,
		}},
		{"fmt after data", wavSpec{f: audio.Format{SampleRate: 44100, Channels: 2}, codec: pcmCodec{bits: 16}, fmtAfter: true}},
		{"RF64 f32 stereo", wavSpec{riffID: "RF64", f: audio.Format{SampleRate: 48000, Channels: 2}, codec: pcmCodec{bits: 32, float: true}, dataSize: u32p(0xFFFFFFFF)}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frames := 1001 + i // odd and even counts
			if strings.Contains(tt.name, "odd") {
				frames = 1001
			}
			src := signal(tt.spec.f, frames)
			spec := tt.spec
			var want []float32
			spec.data, want = spec.codec.encode(src)
			spec.ds64Data = uint64(len(spec.data))
			file := buildWAV(spec)
			for _, bufFrames := range []int{1, 7, 4096, 100000} {
				d, got, err := decodeAll(t, file, tt.name+".wav", bufFrames)
				if err != nil {
					t.Fatalf("buffer %d frames: %v", bufFrames, err)
				}
				checkSamples(t, want, got)
				info := d.Info()
				if info.Frames != int64(frames) || d.Frames() != int64(frames) {
					t.Errorf("Frames = %d, %d; want %d", info.Frames, d.Frames(), frames)
				}
				if info.Format != spec.f || d.Format() != spec.f {
					t.Errorf("Format = %v, want %v", info.Format, spec.f)
				}
				if info.BitsPerSample != spec.codec.bits || info.Float != spec.codec.float || info.Extensible != spec.extensible {
					t.Errorf("Info = %+v, want %d bits float=%v extensible=%v", info, spec.codec.bits, spec.codec.float, spec.extensible)
				}
				if info.RF64 != (spec.riffID == "RF64") {
					t.Errorf("RF64 = %v", info.RF64)
				}
				if spec.validBits != 0 && info.ValidBits != spec.validBits {
					t.Errorf("ValidBits = %d, want %d", info.ValidBits, spec.validBits)
				}
			}
			// The same file read through a reader that returns 5 bytes at a
			// time: samples straddle every buffer boundary.
			d, err := NewDecoder(&shortReader{bytes.NewReader(file), 5}, "short.wav")
			if err != nil {
				t.Fatal(err)
			}
			got, err := audio.ReadAll(d)
			if err != nil {
				t.Fatal(err)
			}
			checkSamples(t, want, got)
		})
	}
}

func TestDecodeMissingPadBeforeData(t *testing.T) {
	// An odd chunk without its pad byte, then a data chunk whose size starts
	// with a printable byte ('@' = 0x40): "ata@" looks like a chunk ID too,
	// so only knowing "data" tells the two readings apart.
	f := audio.Format{SampleRate: 8000, Channels: 1}
	for _, id := range []string{"JUNK", "LIST", "abcd"} {
		spec := wavSpec{f: f, codec: pcmCodec{bits: 16}, before: []rawChunk{{id, []byte("odd")}}, noPad: true}
		var want []float32
		spec.data, want = spec.codec.encode(signal(f, 0x220)) // 0x440 bytes
		d, got, err := decodeAll(t, buildWAV(spec), "nopad.wav", 100)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		checkSamples(t, want, got)
		if d.Frames() != 0x220 {
			t.Errorf("%s: Frames = %d", id, d.Frames())
		}
	}
}

func TestDecodeValuesInRange(t *testing.T) {
	// Extreme integer codes map to exactly -1 and just under +1.
	tests := []struct {
		name     string
		bits     int
		min, max []byte
		top      float32
	}{
		{"u8", 8, []byte{0}, []byte{255}, 127.0 / 128},
		{"s16", 16, []byte{0x00, 0x80}, []byte{0xff, 0x7f}, 32767.0 / 32768},
		{"s24", 24, []byte{0, 0, 0x80}, []byte{0xff, 0xff, 0x7f}, 8388607.0 / 8388608},
		{"s32", 32, []byte{0, 0, 0, 0x80}, []byte{0xff, 0xff, 0xff, 0x7f}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := wavSpec{f: audio.Format{SampleRate: 8000, Channels: 1}, codec: pcmCodec{bits: tt.bits}}
			spec.data = append(append([]byte{}, tt.min...), tt.max...)
			_, got, err := decodeAll(t, buildWAV(spec), "x.wav", 16)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0] != -1 || got[1] != tt.top {
				t.Fatalf("got %v, want [-1 %v]", got, tt.top)
			}
		})
	}
}

func TestDecodeFloatSpecialValues(t *testing.T) {
	in := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1.5, -2}
	spec := wavSpec{f: audio.Format{SampleRate: 8000, Channels: 1}, codec: pcmCodec{bits: 32, float: true}}
	spec.data, _ = spec.codec.encode(in)
	_, got, err := decodeAll(t, buildWAV(spec), "x.wav", 16)
	if err != nil {
		t.Fatal(err)
	}
	checkSamples(t, []float32{0, 1, -1, 1.5, -2}, got)
}

func TestDecodeStreamingSizes(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 2}
	codec := pcmCodec{bits: 16}
	data, want := codec.encode(signal(f, 500))
	tests := []struct {
		name       string
		dataSize   uint32
		riffSize   *uint32
		extra      []byte // bytes after the data (a partial frame, or a chunk)
		wantFrames int64
		wantN      int
	}{
		{"0xFFFFFFFF runs to the end", 0xFFFFFFFF, u32p(0xFFFFFFFF), nil, 500, 1000},
		{"0xFFFFFFFF partial last frame dropped", 0xFFFFFFFF, u32p(0xFFFFFFFF), []byte{1}, 500, 1000}, // 1 byte + pad
		{"0 with RIFF size 0 runs to the end", 0, u32p(0), nil, 500, 1000},
		{"0 with RIFF size ending at the data header", 0, u32p(36), nil, 500, 1000},
		{"0 in a patched file is empty", 0, nil, nil, 0, 0},
		{"partial frame in declared size dropped", 2003, nil, nil, 500, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := wavSpec{f: f, codec: codec, data: append(append([]byte{}, data...), tt.extra...), dataSize: u32p(tt.dataSize), riffSize: tt.riffSize}
			if tt.dataSize == 2003 {
				spec.data = append(append([]byte{}, data...), 9, 9, 9)
			}
			d, got, err := decodeAll(t, buildWAV(spec), "stream.wav", 256)
			if err != nil {
				t.Fatal(err)
			}
			if d.Frames() != tt.wantFrames {
				t.Errorf("Frames = %d, want %d", d.Frames(), tt.wantFrames)
			}
			checkSamples(t, want[:tt.wantN], got)
		})
	}
}

// noSeekEnd hides the size of the input: seeking to the end fails.
type noSeekEnd struct{ io.ReadSeeker }

func (n noSeekEnd) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekEnd {
		return 0, errors.New("cannot seek to the end")
	}
	return n.ReadSeeker.Seek(off, whence)
}

func TestDecodeUnknownLength(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 1}
	spec := wavSpec{f: f, codec: pcmCodec{bits: 8}, dataSize: u32p(0xFFFFFFFF), riffSize: u32p(0xFFFFFFFF)}
	var want []float32
	// An even count: with no size in the header, a pad byte is not
	// distinguishable from audio (ffmpeg reads it as a sample too).
	spec.data, want = spec.codec.encode(signal(f, 334))
	d, err := NewDecoder(noSeekEnd{bytes.NewReader(buildWAV(spec))}, "pipe.wav")
	if err != nil {
		t.Fatal(err)
	}
	if d.Frames() != -1 || d.Info().Duration() != -1 {
		t.Errorf("Frames = %d, Duration = %v; want -1 for an unknown length", d.Frames(), d.Info().Duration())
	}
	got, err := audio.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	checkSamples(t, want, got)
}

func TestDecodeErrors(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 2}
	s16 := pcmCodec{bits: 16}
	data, _ := s16.encode(signal(f, 10))
	ok := wavSpec{f: f, codec: s16, data: data}
	with := func(mod func(*wavSpec)) []byte {
		s := ok
		mod(&s)
		return buildWAV(s)
	}
	ac3GUID := []byte{0x2C, 0x80, 0x6D, 0xE0, 0x46, 0xDB, 0xCF, 0x11, 0xB4, 0xD1, 0x00, 0x80, 0x5F, 0x6C, 0xBB, 0xEA}
	ambisonicGUID := []byte{0x01, 0x00, 0x00, 0x00, 0x21, 0x07, 0xD3, 0x11, 0x86, 0x44, 0xC8, 0xC1, 0xCA, 0x00, 0x00, 0x00}
	tests := []struct {
		name string
		file []byte
		kind error
		text string
	}{
		{"empty", nil, ErrNotWAV, "shorter than a RIFF header"},
		{"mp3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), ErrNotWAV, "not RIFF"},
		{"RIFF but AVI", append([]byte("RIFF\x00\x00\x00\x00AVI "), make([]byte, 20)...), ErrNotWAV, "not WAVE"},
		{"RIFX", with(func(s *wavSpec) { s.riffID = "RIFX" }), ErrUnsupported, "big-endian"},
		{"RF64 without ds64", append([]byte("RF64\xff\xff\xff\xffWAVE"), with(func(*wavSpec) {})[12:]...), ErrCorrupt, "ds64"},
		{"ADPCM", with(func(s *wavSpec) { s.tag = 2 }), ErrUnsupported, "Microsoft ADPCM"},
		{"mu-law", with(func(s *wavSpec) { s.tag = 7; s.codec.bits = 8 }), ErrUnsupported, "mu-law"},
		{"MP3 in WAV", with(func(s *wavSpec) { s.tag = 0x55 }), ErrUnsupported, "0x0055"},
		{"extensible AC-3", with(func(s *wavSpec) { s.extensible = true; s.subFormat = ac3GUID }), ErrUnsupported, "{E06D802C-DB46-11CF-B4D1-00805F6CBBEA}"},
		{"extensible ambisonic", with(func(s *wavSpec) { s.extensible = true; s.subFormat = ambisonicGUID }), ErrUnsupported, "neither PCM nor IEEE float"},
		{"extensible ADPCM GUID", with(func(s *wavSpec) {
			s.extensible = true
			s.subFormat = append([]byte{2, 0}, guidSuffix[:]...)
		}), ErrUnsupported, "Microsoft ADPCM"},
		{"12-bit PCM", with(func(s *wavSpec) { s.codec.bits = 12; s.blockAlign = 4 }), ErrUnsupported, "12-bit"},
		{"16-bit float", with(func(s *wavSpec) { s.codec = pcmCodec{bits: 16, float: true} }), ErrUnsupported, "16-bit IEEE float"},
		{"9 channels", with(func(s *wavSpec) { s.f.Channels = 9 }), audio.ErrFormat, "9 channels"},
		{"0 channels", with(func(s *wavSpec) { s.f.Channels = 0; s.blockAlign = 2 }), ErrUnsupported, "0 channels"},
		{"rate 0", with(func(s *wavSpec) { s.f.SampleRate = 0 }), ErrUnsupported, "sample rate 0"},
		{"block align wrong", with(func(s *wavSpec) { s.blockAlign = 3 }), ErrCorrupt, "block align 3"},
		{"valid bits above container", with(func(s *wavSpec) { s.extensible = true; s.validBits = 20 }), ErrCorrupt, "20 valid bits"},
		{"fmt too short", append([]byte("RIFF\x1c\x00\x00\x00WAVEfmt \x08\x00\x00\x00"), make([]byte, 8)...), ErrCorrupt, "fmt chunk of 8 bytes"},
		{"extensible fmt of 18 bytes", func() []byte {
			b := with(func(s *wavSpec) { s.tag = 0xFFFE; s.codec.float = true })
			return b
		}(), ErrCorrupt, "EXTENSIBLE"},
		{"no data chunk", buildWAV(ok)[:36], ErrCorrupt, "no data chunk"},
		{"no fmt chunk", append([]byte("RIFF\x0c\x00\x00\x00WAVEdata\x00\x00\x00\x00"), make([]byte, 0)...), ErrCorrupt, "no fmt chunk"},
		{"cut inside fmt", buildWAV(ok)[:30], ErrTruncated, "fmt chunk"},
		{"data of unknown size before fmt", with(func(s *wavSpec) { s.fmtAfter = true; s.dataSize = u32p(0xFFFFFFFF) }), ErrCorrupt, "before the fmt chunk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewDecoder(bytes.NewReader(tt.file), "clip-"+tt.name+".wav")
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %q is not %v", err, tt.kind)
			}
			var we *Error
			if !errors.As(err, &we) || we.File != "clip-"+tt.name+".wav" {
				t.Errorf("error %q does not name the file", err)
			}
			if !strings.Contains(err.Error(), "clip-"+tt.name+".wav") || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q should name the file and say %q", err, tt.text)
			}
			if _, err := Probe(bytes.NewReader(tt.file)); !errors.Is(err, tt.kind) {
				t.Errorf("Probe error %v is not %v", err, tt.kind)
			}
		})
	}
}

func TestDecodeTruncated(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 2}
	spec := wavSpec{f: f, codec: pcmCodec{bits: 24}, before: []rawChunk{{"LIST", []byte("INFOabc")}}}
	var want []float32
	spec.data, want = spec.codec.encode(signal(f, 40))
	file := buildWAV(spec)
	dataStart := len(file) - len(spec.data)
	for cut := 0; cut < len(file); cut++ {
		d, got, err := decodeAll(t, file[:cut], "cut.wav", 3)
		if err == nil {
			t.Fatalf("cut at %d of %d: no error (decoded %d samples)", cut, len(file), len(got))
		}
		if !strings.HasPrefix(err.Error(), "cut.wav: ") {
			t.Fatalf("cut at %d: error %q does not name the file", cut, err)
		}
		if cut < dataStart {
			if d != nil {
				t.Fatalf("cut at %d (inside the header): NewDecoder succeeded", cut)
			}
			continue
		}
		if d == nil || !errors.Is(err, ErrTruncated) {
			t.Fatalf("cut at %d (inside the data): got %v, want ErrTruncated from Read", cut, err)
		}
		whole := (cut - dataStart) / 6 * 2
		checkSamples(t, want[:whole], got)
		if d.Frames() != 40 {
			t.Fatalf("Frames = %d, want the declared 40", d.Frames())
		}
		// The error is final.
		if n, err2 := d.Read(make([]float32, 8)); n != 0 || !errors.Is(err2, err) {
			t.Fatalf("Read after the error = %d, %v; want 0, the same error", n, err2)
		}
	}
}

func TestProbe(t *testing.T) {
	f := audio.Format{SampleRate: 48000, Channels: 6}
	spec := wavSpec{f: f, codec: pcmCodec{bits: 24}, extensible: true, validBits: 20}
	spec.data, _ = spec.codec.encode(signal(f, 4800))
	file := buildWAV(spec)
	prefix := []byte("some container bytes before the WAV")
	r := bytes.NewReader(append(append([]byte{}, prefix...), file...))
	if _, err := r.Seek(int64(len(prefix)), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	info, err := Probe(r)
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Format: f, BitsPerSample: 24, Frames: 4800, Extensible: true, ValidBits: 20}
	if info != want {
		t.Errorf("Probe = %+v, want %+v", info, want)
	}
	if info.Duration().Seconds() != 0.1 {
		t.Errorf("Duration = %v, want 100ms", info.Duration())
	}
	if s := info.String(); s != "PCM 24-bit, 48000 Hz, 6 ch" {
		t.Errorf("String = %q", s)
	}
	if pos, _ := r.Seek(0, io.SeekCurrent); pos != int64(len(prefix)) {
		t.Errorf("Probe left the reader at %d, want %d", pos, len(prefix))
	}
	// A decoder on a reader positioned after a prefix reads the embedded file.
	d, err := NewDecoder(r, "embedded.wav")
	if err != nil {
		t.Fatal(err)
	}
	got, err := audio.ReadAll(d)
	if err != nil || len(got) != 4800*6 {
		t.Fatalf("embedded decode: %d samples, %v", len(got), err)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	f := audio.Format{SampleRate: 44100, Channels: 1}
	spec := wavSpec{f: f, codec: pcmCodec{bits: 16}}
	var want []float32
	spec.data, want = spec.codec.encode(signal(f, 4410))
	path := filepath.Join(dir, "clip.wav")
	if err := os.WriteFile(path, buildWAV(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := audio.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	checkSamples(t, want, got)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := d.Read(make([]float32, 4)); !errors.Is(err, ErrClosed) {
		t.Errorf("Read after Close: %v, want ErrClosed", err)
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = fh.Close() }()
	if info, err := Probe(fh); err != nil || info.Frames != 4410 {
		t.Errorf("Probe(*os.File) = %+v, %v", info, err)
	}

	missing := filepath.Join(dir, "missing.wav")
	if _, err := Open(missing); err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open(missing) = %v; want an error naming the file and wrapping os.ErrNotExist", err)
	}
	bad := filepath.Join(dir, "bad.wav")
	if err := os.WriteFile(bad, []byte("not a wav at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(bad); !errors.Is(err, ErrNotWAV) || !strings.Contains(err.Error(), bad) {
		t.Errorf("Open(bad) = %v", err)
	}
	fh2, err := os.Open(bad)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = fh2.Close() }()
	if _, err := Probe(fh2); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("Probe(*os.File) error %v does not name the file", err)
	}
}

func TestReadBufferShapes(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 3}
	spec := wavSpec{f: f, codec: pcmCodec{bits: 16}}
	spec.data, _ = spec.codec.encode(signal(f, 10))
	d, err := NewDecoder(bytes.NewReader(buildWAV(spec)), "x.wav")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := d.Read(nil); n != 0 || err != nil {
		t.Errorf("Read(nil) = %d, %v", n, err)
	}
	if _, err := d.Read(make([]float32, 2)); !errors.Is(err, io.ErrShortBuffer) {
		t.Errorf("Read of 2 samples for 3 channels: %v, want io.ErrShortBuffer", err)
	}
	// A buffer that is not a whole number of frames gets whole frames only.
	if n, err := d.Read(make([]float32, 8)); n != 6 || err != nil {
		t.Errorf("Read(8 samples) = %d, %v; want 6", n, err)
	}
	rest, err := audio.ReadAll(d)
	if err != nil || len(rest) != 24 {
		t.Errorf("rest = %d samples, %v; want 24", len(rest), err)
	}
	if n, err := d.Read(make([]float32, 9)); n != 0 || !errors.Is(err, io.EOF) {
		t.Errorf("Read at the end = %d, %v; want 0, EOF", n, err)
	}
}

// TestDecodeMemoryFlat decodes 2 minutes of stereo audio and checks that the
// decoder allocates nothing per read: memory does not grow with the file.
func TestDecodeMemoryFlat(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 2}
	frames := 44100 * 120
	data := make([]byte, frames*4)
	for i := range data {
		data[i] = byte(i * 7)
	}
	file := buildWAV(wavSpec{f: f, codec: pcmCodec{bits: 16}, data: data})
	d, err := NewDecoder(bytes.NewReader(file), "long.wav")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]float32, 4096*2)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	total := 0
	for {
		n, err := d.Read(buf)
		total += n
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if total != frames*2 {
		t.Fatalf("decoded %d samples, want %d", total, frames*2)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<10 {
		t.Errorf("decoding %d MB allocated %d bytes; want a constant few", len(file)>>20, grown)
	}
}

// failingReader returns an error once more than limit bytes were read.
type failingReader struct {
	io.ReadSeeker
	limit int64
	err   error
}

func (f *failingReader) Read(p []byte) (int, error) {
	pos, _ := f.Seek(0, io.SeekCurrent)
	if pos >= f.limit {
		return 0, f.err
	}
	if int64(len(p)) > f.limit-pos {
		p = p[:f.limit-pos]
	}
	return f.ReadSeeker.Read(p)
}

func TestDecodeReadError(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 1}
	spec := wavSpec{f: f, codec: pcmCodec{bits: 16}}
	var want []float32
	spec.data, want = spec.codec.encode(signal(f, 1000))
	file := buildWAV(spec)
	bad := errors.New("input/output error")
	for _, limit := range []int64{20, 1000} {
		d, err := NewDecoder(&failingReader{bytes.NewReader(file), limit, bad}, "nfs.wav")
		if limit < 44 {
			if !errors.Is(err, bad) || !errors.Is(err, ErrIO) || !strings.HasPrefix(err.Error(), "nfs.wav: ") {
				t.Errorf("header read error: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := audio.ReadAll(d)
		if !errors.Is(err, bad) || !errors.Is(err, ErrIO) || !strings.HasPrefix(err.Error(), "nfs.wav: ") {
			t.Errorf("data read error: %v", err)
		}
		checkSamples(t, want[:(limit-44)/2], got)
	}
}
