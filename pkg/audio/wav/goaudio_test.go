package wav

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	goaudio "github.com/go-audio/audio"
	gowav "github.com/go-audio/wav"

	"loa/pkg/audio"
)

// goAudioDecode decodes with go-audio/wav's streaming PCMBuffer and scales
// the integers the way this package does.
func goAudioDecode(t testing.TB, r io.ReadSeeker) ([]float32, error) {
	t.Helper()
	d := gowav.NewDecoder(r)
	if err := d.FwdToPCM(); err != nil {
		return nil, err
	}
	bits := int(d.BitDepth)
	buf := &goaudio.IntBuffer{Data: make([]int, 4096)}
	var out []float32
	for {
		n, err := d.PCMBuffer(buf)
		if err != nil {
			return out, err
		}
		if n == 0 {
			return out, nil
		}
		for _, v := range buf.Data[:n] {
			if bits == 8 {
				out = append(out, float32(v-128)/128)
			} else {
				out = append(out, float32(float64(v)/math.Ldexp(1, bits-1)))
			}
		}
	}
}

// countingReader counts Read calls.
type countingReader struct {
	io.ReadSeeker
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads++
	return c.ReadSeeker.Read(p)
}

// TestGoAudioCrossCheck decodes integer PCM written by this package's
// encoder and by ffmpeg with go-audio/wav, an independent decoder, and
// requires the very same samples.
func TestGoAudioCrossCheck(t *testing.T) {
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, c := range []struct {
		f      audio.Format
		frames int
		opts   EncoderOptions
	}{
		{audio.Format{SampleRate: 44100, Channels: 1}, 4410, EncoderOptions{}},
		{audio.Format{SampleRate: 48000, Channels: 2}, 4800, EncoderOptions{BitDepth: 24}},
		{audio.Format{SampleRate: 8000, Channels: 1}, 800, EncoderOptions{Plain: true, NoDither: true}},
	} {
		m := &memFile{}
		if _, err := Encode(m, audio.NewSlice(c.f, signal(c.f, c.frames)), c.opts); err != nil {
			t.Fatal(err)
		}
		files = append(files, file{"ours " + c.f.String(), m.b})
	}
	if _, ok := lookTool("ffmpeg"); ok {
		dir := t.TempDir()
		for _, codec := range []string{"pcm_s16le", "pcm_s24le", "pcm_s32le"} {
			path := filepath.Join(dir, codec+".wav")
			run(t, false, "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "aevalsrc="+aeval(2)+":s=44100:d=0.5", "-c:a", codec, path)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, file{"ffmpeg " + codec, b})
		}
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			_, ours, err := decodeAll(t, f.data, f.name, 1000)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := goAudioDecode(t, bytes.NewReader(f.data))
			if err != nil {
				t.Fatal(err)
			}
			checkSamples(t, theirs, ours)
		})
	}
}

// TestGoAudioTraps pins down the go-audio/wav v1.1.0 defects that made this
// package read RIFF itself (see the package comment). Each case shows the
// defect in go-audio and that this package gets the same file right.
func TestGoAudioTraps(t *testing.T) {
	mono8k := audio.Format{SampleRate: 8000, Channels: 1}

	t.Run("IEEE float decoded as integers without error", func(t *testing.T) {
		for _, ext := range []bool{false, true} {
			in := []float32{0.5, -0.25, 0.125}
			spec := wavSpec{f: mono8k, codec: pcmCodec{bits: 32, float: true}, extensible: ext}
			spec.data, _ = spec.codec.encode(in)
			file := buildWAV(spec)
			got, err := goAudioDecode(t, bytes.NewReader(file))
			if err != nil {
				t.Fatalf("extensible=%v: go-audio now reports %v", ext, err)
			}
			if got[0] != float32(float64(int32(math.Float32bits(0.5)))/(1<<31)) {
				t.Errorf("extensible=%v: go-audio decoded 0.5 as %v", ext, got[0])
			}
			t.Logf("extensible=%v: go-audio decodes float 0.5 as %v, no error", ext, got[0])
			_, ours, err := decodeAll(t, file, "f.wav", 16)
			if err != nil {
				t.Fatal(err)
			}
			checkSamples(t, in, ours)
		}
	})

	t.Run("pad byte of an odd data chunk read as a sample", func(t *testing.T) {
		spec := wavSpec{f: mono8k, codec: pcmCodec{bits: 8}, after: []rawChunk{{"LIST", []byte("INFO")}}}
		spec.data, _ = spec.codec.encode(signal(mono8k, 1001))
		file := buildWAV(spec)
		d := gowav.NewDecoder(bytes.NewReader(file))
		buf, err := d.FullPCMBuffer()
		if err != nil {
			t.Fatal(err)
		}
		if len(buf.Data) != 1002 {
			t.Errorf("go-audio decodes %d samples (expected the defect: 1002)", len(buf.Data))
		}
		streamed, _ := goAudioDecode(t, bytes.NewReader(file))
		t.Logf("1001 frames: go-audio FullPCMBuffer gives %d, PCMBuffer %d", len(buf.Data), len(streamed))
		if d, _, err := decodeAll(t, file, "odd.wav", 100); err != nil || d.Frames() != 1001 {
			t.Errorf("ours: %v", err)
		}
	})

	t.Run("truncated file returns no error", func(t *testing.T) {
		spec := wavSpec{f: mono8k, codec: pcmCodec{bits: 16}}
		spec.data, _ = spec.codec.encode(signal(mono8k, 1000))
		file := buildWAV(spec)[:1044]
		got, err := goAudioDecode(t, bytes.NewReader(file))
		if err != nil || len(got) != 500 {
			t.Errorf("go-audio: %d samples, err %v (expected the defect: 500, nil)", len(got), err)
		}
		if _, _, err := decodeAll(t, file, "cut.wav", 100); err == nil {
			t.Error("ours: no error")
		}
	})

	t.Run("chunk size read errors ignored", func(t *testing.T) {
		spec := wavSpec{f: mono8k, codec: pcmCodec{bits: 16}}
		spec.data, _ = spec.codec.encode(signal(mono8k, 100))
		file := buildWAV(spec)[:36+6] // cut inside the data chunk's size field
		d := gowav.NewDecoder(bytes.NewReader(file))
		err := d.FwdToPCM()
		buf, err2 := d.FullPCMBuffer()
		t.Logf("go-audio on a file cut inside a chunk size: FwdToPCM %v, FullPCMBuffer %d samples, %v", err, len(buf.Data), err2)
		if err != nil || err2 != nil {
			t.Errorf("go-audio now reports an error (%v, %v): the defect is fixed", err, err2)
		}
		if _, err := NewDecoder(bytes.NewReader(file), "cut.wav"); err == nil {
			t.Error("ours: no error")
		}
	})

	t.Run("short reads drop samples", func(t *testing.T) {
		f := audio.Format{SampleRate: 8000, Channels: 1}
		spec := wavSpec{f: f, codec: pcmCodec{bits: 16}}
		var want []float32
		spec.data, want = spec.codec.encode(signal(f, 1000))
		file := buildWAV(spec)
		got, err := goAudioDecode(t, &shortReader{bytes.NewReader(file), 3})
		t.Logf("go-audio PCMBuffer over 3-byte reads: %d of 1000 samples, err %v", len(got), err)
		if len(got) == len(want) && snrDB(want, got) > 60 {
			t.Error("go-audio handled short reads: the defect is fixed")
		}
		d, err := NewDecoder(&shortReader{bytes.NewReader(file), 3}, "short.wav")
		if err != nil {
			t.Fatal(err)
		}
		ours, err := audio.ReadAll(d)
		if err != nil {
			t.Fatal(err)
		}
		checkSamples(t, want, ours)
	})

	t.Run("Duration counts the headers", func(t *testing.T) {
		f := audio.Format{SampleRate: 8000, Channels: 1}
		spec := wavSpec{f: f, codec: pcmCodec{bits: 16}, before: []rawChunk{{"JUNK", make([]byte, 8000)}}}
		spec.data, _ = spec.codec.encode(signal(f, 8000)) // 1 s
		file := buildWAV(spec)
		dur, err := gowav.NewDecoder(bytes.NewReader(file)).Duration()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("1 s of audio: go-audio Duration %v", dur)
		if dur == time.Second {
			t.Error("go-audio Duration is right: the defect is fixed")
		}
		info, err := Probe(bytes.NewReader(file))
		if err != nil || info.Duration() != time.Second {
			t.Errorf("ours: %v, %v", info.Duration(), err)
		}
	})

	t.Run("FullPCMBuffer reads once per sample", func(t *testing.T) {
		f := audio.Format{SampleRate: 8000, Channels: 1}
		spec := wavSpec{f: f, codec: pcmCodec{bits: 16}}
		spec.data, _ = spec.codec.encode(signal(f, 8000))
		file := buildWAV(spec)
		cr := &countingReader{ReadSeeker: bytes.NewReader(file)}
		if _, err := gowav.NewDecoder(cr).FullPCMBuffer(); err != nil {
			t.Fatal(err)
		}
		ours := &countingReader{ReadSeeker: bytes.NewReader(file)}
		d, err := NewDecoder(ours, "x.wav")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := audio.ReadAll(d); err != nil {
			t.Fatal(err)
		}
		t.Logf("8000 samples: go-audio FullPCMBuffer %d Read calls, ours %d", cr.reads, ours.reads)
		if cr.reads < 8000 || ours.reads > 5 {
			t.Errorf("Read calls: go-audio %d, ours %d", cr.reads, ours.reads)
		}
	})

	t.Run("encoder writes no pad byte", func(t *testing.T) {
		m := &memFile{}
		e := gowav.NewEncoder(m, 8000, 8, 1, 1)
		buf := &goaudio.IntBuffer{Format: &goaudio.Format{NumChannels: 1, SampleRate: 8000}, Data: make([]int, 1001), SourceBitDepth: 8}
		if err := e.Write(buf); err != nil {
			t.Fatal(err)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		riff := binary.LittleEndian.Uint32(m.b[4:])
		t.Logf("go-audio encoder, 1001 8-bit frames: file %d bytes, RIFF size %d", len(m.b), riff)
		if len(m.b)%2 == 0 {
			t.Error("go-audio wrote a pad byte: the defect is fixed")
		}
		ours := encodeToMem(t, audio.Format{SampleRate: 8000, Channels: 1}, make([]float32, 1001), EncoderOptions{BitDepth: 24, Plain: true}, 100)
		checkRIFFSizes(t, ours, 3003)
	})
}
