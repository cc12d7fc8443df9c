package wav

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	goaudio "github.com/go-audio/audio"
	gowav "github.com/go-audio/wav"

	"loa/pkg/audio"
)

// benchFile builds seconds of audio in the given coding.
func benchFile(f audio.Format, codec pcmCodec, seconds int) []byte {
	s := wavSpec{f: f, codec: codec, before: []rawChunk{{"LIST", []byte("INFOISFT\x06\x00\x00\x00bench\x00")}}}
	s.data, _ = codec.encode(signal(f, f.SampleRate*seconds))
	return buildWAV(s)
}

func reportRealtime(b *testing.B, seconds float64) {
	b.Helper()
	b.ReportMetric(seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}

var benchCodings = []struct {
	name  string
	f     audio.Format
	codec pcmCodec
}{
	{"s16-stereo-44.1k", audio.Format{SampleRate: 44100, Channels: 2}, pcmCodec{bits: 16}},
	{"s16-mono-44.1k", audio.Format{SampleRate: 44100, Channels: 1}, pcmCodec{bits: 16}},
	{"s24-stereo-48k", audio.Format{SampleRate: 48000, Channels: 2}, pcmCodec{bits: 24}},
	{"f32-stereo-48k", audio.Format{SampleRate: 48000, Channels: 2}, pcmCodec{bits: 32, float: true}},
	{"u8-mono-8k", audio.Format{SampleRate: 8000, Channels: 1}, pcmCodec{bits: 8}},
}

// BenchmarkDecode decodes 30 s files from memory.
func BenchmarkDecode(b *testing.B) {
	const seconds = 30
	for _, c := range benchCodings {
		b.Run(c.name, func(b *testing.B) {
			file := benchFile(c.f, c.codec, seconds)
			buf := make([]float32, 4096*c.f.Channels)
			b.SetBytes(int64(len(file)))
			for b.Loop() {
				d, err := NewDecoder(bytes.NewReader(file), "bench.wav")
				if err != nil {
					b.Fatal(err)
				}
				for {
					_, err := d.Read(buf)
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			reportRealtime(b, seconds)
		})
	}
}

// BenchmarkDecodeFile decodes a 30 s 16-bit stereo file from disk.
func BenchmarkDecodeFile(b *testing.B) {
	const seconds = 30
	f := audio.Format{SampleRate: 44100, Channels: 2}
	path := filepath.Join(b.TempDir(), "bench.wav")
	if err := os.WriteFile(path, benchFile(f, pcmCodec{bits: 16}, seconds), 0o644); err != nil {
		b.Fatal(err)
	}
	buf := make([]float32, 4096*2)
	for b.Loop() {
		d, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := d.Read(buf)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		_ = d.Close()
	}
	reportRealtime(b, seconds)
}

// BenchmarkGoAudioDecode is the baseline: go-audio/wav on the same 16-bit
// stereo input, with the streaming PCMBuffer (4096 samples per call) and
// with FullPCMBuffer, from memory and, for FullPCMBuffer, from a file.
// Its output is []int; scaling to float32 (which this package's figures
// include) is included here too, to compare like with like.
func BenchmarkGoAudioDecode(b *testing.B) {
	f := audio.Format{SampleRate: 44100, Channels: 2}
	const seconds = 30
	file := benchFile(f, pcmCodec{bits: 16}, seconds)
	out := make([]float32, 4096)
	b.Run("PCMBuffer-memory", func(b *testing.B) {
		b.SetBytes(int64(len(file)))
		for b.Loop() {
			d := gowav.NewDecoder(bytes.NewReader(file))
			buf := &goaudio.IntBuffer{Data: make([]int, 4096)}
			for {
				n, err := d.PCMBuffer(buf)
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					break
				}
				for i, v := range buf.Data[:n] {
					out[i] = float32(v) / 32768
				}
			}
		}
		reportRealtime(b, seconds)
	})
	b.Run("FullPCMBuffer-memory", func(b *testing.B) {
		b.SetBytes(int64(len(file)))
		for b.Loop() {
			buf, err := gowav.NewDecoder(bytes.NewReader(file)).FullPCMBuffer()
			if err != nil {
				b.Fatal(err)
			}
			for i, v := range buf.Data {
				out[i%4096] = float32(v) / 32768
			}
		}
		reportRealtime(b, seconds)
	})
	b.Run("FullPCMBuffer-file", func(b *testing.B) {
		const short = 2
		small := benchFile(f, pcmCodec{bits: 16}, short)
		path := filepath.Join(b.TempDir(), "bench.wav")
		if err := os.WriteFile(path, small, 0o644); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(small)))
		for b.Loop() {
			fh, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := gowav.NewDecoder(fh).FullPCMBuffer(); err != nil {
				b.Fatal(err)
			}
			_ = fh.Close()
		}
		reportRealtime(b, short)
	})
}

// BenchmarkEncode encodes 30 s of mono 44.1 kHz audio to memory.
func BenchmarkEncode(b *testing.B) {
	const seconds = 30
	f := audio.Format{SampleRate: 44100, Channels: 1}
	src := signal(f, f.SampleRate*seconds)
	for _, c := range []struct {
		name string
		opts EncoderOptions
	}{
		{"16-dither", EncoderOptions{}},
		{"16-round", EncoderOptions{NoDither: true}},
		{"24", EncoderOptions{BitDepth: 24}},
		{"f32", EncoderOptions{BitDepth: 32}},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := &memFile{b: make([]byte, 0, len(src)*4+1024)}
			for b.Loop() {
				m.b, m.pos = m.b[:0], 0
				e, err := NewEncoder(m, f, c.opts)
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < len(src); i += 4096 {
					if err := e.Write(src[i:min(i+4096, len(src))]); err != nil {
						b.Fatal(err)
					}
				}
				if err := e.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(len(m.b)))
			reportRealtime(b, seconds)
		})
	}
}
