package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"loa/pkg/audio"
)

func encodeToMem(t *testing.T, f audio.Format, samples []float32, opts EncoderOptions, chunk int) []byte {
	t.Helper()
	m := &memFile{}
	e, err := NewEncoder(m, f, opts)
	if err != nil {
		t.Fatal(err)
	}
	step := chunk * f.Channels
	for i := 0; i < len(samples); i += step {
		if err := e.Write(samples[i:min(i+step, len(samples))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if m.pos != int64(len(m.b)) {
		t.Errorf("Close left the writer at %d, want the end %d", m.pos, len(m.b))
	}
	return m.b
}

// checkRIFFSizes checks the RIFF size, the data size and the pad byte.
func checkRIFFSizes(t *testing.T, file []byte, wantData int) {
	t.Helper()
	if got := binary.LittleEndian.Uint32(file[4:]); int(got) != len(file)-8 {
		t.Errorf("RIFF size %d, want %d", got, len(file)-8)
	}
	if len(file)%2 != 0 {
		t.Errorf("file length %d is odd: missing pad byte", len(file))
	}
	i := bytes.Index(file, []byte("data"))
	if got := binary.LittleEndian.Uint32(file[i+4:]); int(got) != wantData {
		t.Errorf("data size %d, want %d", got, wantData)
	}
	if end := i + 8 + wantData + wantData%2; end != len(file) {
		t.Errorf("data ends at %d (with pad), file at %d", end, len(file))
	}
	if wantData%2 == 1 && file[len(file)-1] != 0 {
		t.Errorf("pad byte is %d, want 0", file[len(file)-1])
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		f      audio.Format
		frames int
		opts   EncoderOptions
		maxErr float64 // in LSB of the output
	}{
		{"16-bit mono dithered", audio.Format{SampleRate: 44100, Channels: 1}, 44101, EncoderOptions{}, 1.5},
		{"16-bit stereo no dither", audio.Format{SampleRate: 48000, Channels: 2}, 4800, EncoderOptions{BitDepth: 16, NoDither: true}, 0.5},
		{"24-bit mono odd frames", audio.Format{SampleRate: 48000, Channels: 1}, 4801, EncoderOptions{BitDepth: 24}, 0.5},
		{"24-bit 8 ch", audio.Format{SampleRate: 96000, Channels: 8}, 960, EncoderOptions{BitDepth: 24}, 0.5},
		{"float 32 stereo", audio.Format{SampleRate: 22050, Channels: 2}, 2205, EncoderOptions{BitDepth: 32}, 0},
		{"plain 16-bit mono 8 kHz", audio.Format{SampleRate: 8000, Channels: 1}, 8001, EncoderOptions{Plain: true}, 1.5},
		{"plain 24-bit odd", audio.Format{SampleRate: 44100, Channels: 1}, 441, EncoderOptions{BitDepth: 24, Plain: true}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := signal(tt.f, tt.frames)
			file := encodeToMem(t, tt.f, src, tt.opts, 1000)
			bits := max(tt.opts.BitDepth, 16)
			checkRIFFSizes(t, file, len(src)*bits/8)
			if tt.opts.Plain && bytes.Index(file, []byte("data")) != 36 {
				t.Errorf("plain header: data chunk at %d, want 36 (44-byte header)", bytes.Index(file, []byte("data")))
			}
			if !tt.opts.Plain && !bytes.Contains(file[:700], []byte("bext")) {
				t.Error("no bext chunk")
			}
			d, got, err := decodeAll(t, file, "rt.wav", 512)
			if err != nil {
				t.Fatal(err)
			}
			info := d.Info()
			if info.Frames != int64(tt.frames) || info.Format != tt.f || info.BitsPerSample != bits || info.Float != (bits == 32) {
				t.Fatalf("Info = %+v", info)
			}
			lsb := math.Ldexp(1, -(bits - 1))
			var worst, sum float64
			for i := range src {
				e := float64(got[i]) - float64(src[i])
				worst = max(worst, math.Abs(e)/lsb)
				sum += e / lsb
			}
			if worst > tt.maxErr+1e-9 {
				t.Errorf("worst error %.3f LSB, want <= %.1f", worst, tt.maxErr)
			}
			if mean := sum / float64(len(src)); math.Abs(mean) > 0.05 {
				t.Errorf("mean error %.3f LSB: quantisation is biased", mean)
			}
			if s := snrDB(src, got); s < 80 {
				t.Errorf("SNR %.1f dB", s)
			}
		})
	}
}

func TestEncodeExactInteger(t *testing.T) {
	// Decoding and re-encoding an integer file without dither is lossless.
	for _, bits := range []int{16, 24} {
		f := audio.Format{SampleRate: 44100, Channels: 2}
		spec := wavSpec{f: f, codec: pcmCodec{bits: bits}}
		var want []float32
		spec.data, want = spec.codec.encode(signal(f, 3000))
		file := encodeToMem(t, f, want, EncoderOptions{BitDepth: bits, NoDither: true, Plain: true}, 777)
		if !bytes.Equal(file[44:], spec.data) {
			t.Errorf("%d-bit: re-encoded samples differ from the source", bits)
		}
	}
}

func TestEncodeClamp(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 1}
	in := []float32{2, -2, 1, -1, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	tests := []struct {
		name string
		opts EncoderOptions
		want []float32
		tol  float32
	}{
		{"16 no dither", EncoderOptions{NoDither: true}, []float32{32767.0 / 32768, -1, 32767.0 / 32768, -1, 0, 32767.0 / 32768, -1}, 0},
		{"16 dither", EncoderOptions{}, []float32{32767.0 / 32768, -1, 32767.0 / 32768, -1, 0, 32767.0 / 32768, -1}, 1.0 / 32768},
		{"24", EncoderOptions{BitDepth: 24}, []float32{8388607.0 / 8388608, -1, 8388607.0 / 8388608, -1, 0, 8388607.0 / 8388608, -1}, 0},
		{"float", EncoderOptions{BitDepth: 32}, []float32{1, -1, 1, -1, 0, 1, -1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got, err := decodeAll(t, encodeToMem(t, f, in, tt.opts, 100), "clamp.wav", 16)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				if d := got[i] - tt.want[i]; d > tt.tol || d < -tt.tol {
					t.Errorf("sample %d (%v) = %v, want %v", i, in[i], got[i], tt.want[i])
				}
			}
		})
	}
}

func TestEncodeDeterministic(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 2}
	src := signal(f, 20000)
	for _, bits := range []int{16, 24, 32} {
		opts := EncoderOptions{BitDepth: bits, BEXT: BEXT{Description: "x", Origination: time.Date(2024, 7, 4, 6, 30, 0, 0, time.UTC)}}
		a := encodeToMem(t, f, src, opts, 1)
		b := encodeToMem(t, f, src, opts, 4096)
		c := encodeToMem(t, f, src, opts, 20000)
		if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
			t.Errorf("%d-bit: same input gave different bytes for different Write sizes", bits)
		}
	}
	// The dither is really there: it differs from plain rounding.
	a := encodeToMem(t, f, src, EncoderOptions{Plain: true}, 100)
	b := encodeToMem(t, f, src, EncoderOptions{Plain: true, NoDither: true}, 100)
	if bytes.Equal(a, b) {
		t.Error("dithered and undithered 16-bit output are identical")
	}
}

func TestEncodeDitherTPDF(t *testing.T) {
	// With TPDF dither of ±1 LSB the total error has mean 0 and variance
	// 1/4 LSB² (1/12 from rounding plus 1/6 from the dither) whatever the
	// input: the noise does not depend on the signal. Plain rounding would
	// give errors that depend on where the input sits between two codes.
	f := audio.Format{SampleRate: 8000, Channels: 1}
	n := 200000
	for _, frac := range []float64{0, 0.25, 0.5, 0.9} {
		level := 100 + frac
		in := make([]float32, n)
		for i := range in {
			in[i] = float32(level / 32768)
		}
		_, got, err := decodeAll(t, encodeToMem(t, f, in, EncoderOptions{}, 4096), "d.wav", 4096)
		if err != nil {
			t.Fatal(err)
		}
		var sum, sq float64
		for _, v := range got {
			e := float64(v)*32768 - level
			if math.Abs(e) >= 1.5 {
				t.Fatalf("error %.3f LSB exceeds the dither range", e)
			}
			sum += e
			sq += e * e
		}
		mean := sum / float64(n)
		variance := sq/float64(n) - mean*mean
		if math.Abs(mean) > 0.01 || math.Abs(variance-0.25) > 0.01 {
			t.Errorf("input %.2f LSB: error mean %.4f, variance %.4f; want 0 and 0.25 LSB²", level, mean, variance)
		}
	}
}

func TestBEXTRoundTrip(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	f := audio.Format{SampleRate: 44100, Channels: 1}
	long := strings.Repeat("Cảnh giác lừa đảo. ", 20)
	b := BEXT{
		Description:         "Cảnh giác thủ đoạn giả mạo cuộc gọi video bằng Deepfake – Đài truyền thanh phường",
		Originator:          "Đài truyền thanh phường Đức Xuân, Bắc Kạn",
		OriginatorReference: "loa-deepfake-video-call",
		Origination:         time.Date(2024, 7, 4, 6, 30, 15, 0, hcm),
		TimeReference:       6*3600*44100 + 1<<33,
		CodingHistory:       CodingHistoryLine(f, 16, "loa 0.1 (bản tin)") + "\nA=PCM,F=44100,W=16,M=mono,T=second line",
		Loudness:            &Loudness{Integrated: -16.004, Range: 4.2, TruePeak: -1.5, MaxMomentary: -12.25, MaxShortTerm: -13.5},
	}
	tests := []struct {
		name    string
		in      BEXT
		setLoud *Loudness
		check   func(t *testing.T, got *BEXT)
	}{
		{"fields", b, nil, func(t *testing.T, got *BEXT) {
			want := "Canh giac thu doan gia mao cuoc goi video bang Deepfake - Dai truyen thanh phuong"
			if got.Description != want {
				t.Errorf("Description %q, want %q", got.Description, want)
			}
			if got.Originator != "Dai truyen thanh phuong Duc Xuan" { // cut to 32 characters
				t.Errorf("Originator %q", got.Originator)
			}
			if got.OriginatorReference != b.OriginatorReference || got.TimeReference != b.TimeReference || got.Version != 2 {
				t.Errorf("got %+v", got)
			}
			if want := time.Date(2024, 7, 4, 6, 30, 15, 0, time.UTC); !got.Origination.Equal(want) {
				t.Errorf("Origination %v, want the wall clock %v", got.Origination, want)
			}
			wantHist := "A=PCM,F=44100,W=16,M=mono,T=loa 0.1 (ban tin)\r\nA=PCM,F=44100,W=16,M=mono,T=second line\r\n"
			if got.CodingHistory != wantHist {
				t.Errorf("CodingHistory %q, want %q", got.CodingHistory, wantHist)
			}
			l := got.Loudness
			if l == nil || *l != (Loudness{-16, 4.2, -1.5, -12.25, -13.5}) {
				t.Errorf("Loudness %+v", l)
			}
		}},
		{"loudness set before Close", BEXT{Description: long}, &Loudness{Integrated: -23, Range: 7, TruePeak: -2, MaxMomentary: -18, MaxShortTerm: -20}, func(t *testing.T, got *BEXT) {
			if len(got.Description) != 256 || !strings.HasPrefix(got.Description, "Canh giac lua dao.") {
				t.Errorf("Description %q (%d bytes), want 256 folded bytes", got.Description, len(got.Description))
			}
			if got.Loudness == nil || *got.Loudness != (Loudness{-23, 7, -2, -18, -20}) {
				t.Errorf("Loudness %+v", got.Loudness)
			}
		}},
		{"no loudness", BEXT{}, nil, func(t *testing.T, got *BEXT) {
			if got.Loudness != nil || !got.Origination.IsZero() || got.CodingHistory != "" {
				t.Errorf("got %+v", got)
			}
		}},
		{"silence and out of range", BEXT{}, &Loudness{Integrated: math.Inf(-1), Range: math.NaN(), TruePeak: -400, MaxMomentary: 500, MaxShortTerm: -70}, func(t *testing.T, got *BEXT) {
			l := got.Loudness
			if l == nil || !math.IsNaN(l.Integrated) || !math.IsNaN(l.Range) || l.TruePeak != -327.68 || l.MaxMomentary != 327.66 || l.MaxShortTerm != -70 {
				t.Errorf("Loudness %+v", l)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bits := range []int{16, 24, 32} {
				m := &memFile{}
				e, err := NewEncoder(m, f, EncoderOptions{BitDepth: bits, BEXT: tt.in})
				if err != nil {
					t.Fatal(err)
				}
				if err := e.Write(signal(f, 1001)); err != nil {
					t.Fatal(err)
				}
				if tt.setLoud != nil {
					e.SetLoudness(*tt.setLoud)
				}
				if err := e.Close(); err != nil {
					t.Fatal(err)
				}
				got, err := ReadBEXT(bytes.NewReader(m.b))
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, got)
				if _, got, err := decodeAll(t, m.b, "b.wav", 100); err != nil || len(got) != 1001 {
					t.Errorf("decode: %d samples, %v", len(got), err)
				}
			}
		})
	}
}

func TestReadBEXTPlacesAndErrors(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 1}
	body := (&BEXT{Description: "after the audio", CodingHistory: "odd"}).marshal()
	if len(body)%2 != 1 {
		t.Fatal("test wants an odd bext body")
	}
	data, _ := pcmCodec{bits: 8}.encode(signal(f, 11))
	tests := []struct {
		name string
		file []byte
		want string
		err  error
	}{
		{"after odd data", buildWAV(wavSpec{f: f, codec: pcmCodec{bits: 8}, data: data, after: []rawChunk{{"LIST", []byte("INFO")}, {"bext", body}}}), "after the audio", nil},
		{"before fmt", func() []byte {
			b := buildWAV(wavSpec{f: f, codec: pcmCodec{bits: 8}, data: data})
			c := appendChunk(nil, "bext", body, false)
			return append(append(append([]byte{}, b[:12]...), c...), b[12:]...)
		}(), "after the audio", nil},
		{"none", buildWAV(wavSpec{f: f, codec: pcmCodec{bits: 8}, data: data}), "", ErrNoBEXT},
		{"short bext", buildWAV(wavSpec{f: f, codec: pcmCodec{bits: 8}, data: data, before: []rawChunk{{"bext", make([]byte, 100)}}}), "", ErrCorrupt},
		{"not a WAV", []byte("hello"), "", ErrNotWAV},
		{"cut bext", buildWAV(wavSpec{f: f, codec: pcmCodec{bits: 8}, data: data, after: []rawChunk{{"bext", body}}})[:200], "", ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadBEXT(bytes.NewReader(tt.file))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Description != tt.want || got.CodingHistory != "odd\r\n" {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestEncodeHeaderLayout(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 1}
	file := encodeToMem(t, f, signal(f, 10), EncoderOptions{Plain: true}, 10)
	want := []byte("RIFF\x38\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x44\xac\x00\x00\x88\x58\x01\x00\x02\x00\x10\x00data\x14\x00\x00\x00")
	if !bytes.Equal(file[:44], want) || len(file) != 64 {
		t.Errorf("plain header\n got %q\nwant %q", file[:44], want)
	}
	// BWF: fmt, bext (version 2), data; float adds fact with the frame count.
	file = encodeToMem(t, f, signal(f, 10), EncoderOptions{BitDepth: 32}, 10)
	var ids []string
	for off := 12; off+8 <= len(file); {
		size := int(binary.LittleEndian.Uint32(file[off+4:]))
		ids = append(ids, string(file[off:off+4]))
		if string(file[off:off+4]) == "fact" && binary.LittleEndian.Uint32(file[off+8:]) != 10 {
			t.Errorf("fact count %d, want 10", binary.LittleEndian.Uint32(file[off+8:]))
		}
		if string(file[off:off+4]) == "bext" && binary.LittleEndian.Uint16(file[off+8+bextVersion:]) != 2 {
			t.Error("bext version is not 2")
		}
		off += 8 + size + size%2
	}
	if strings.Join(ids, ",") != "fmt ,fact,bext,data" {
		t.Errorf("chunks %v", ids)
	}
}

func TestEncodeAtOffset(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 1}
	m := &memFile{}
	if _, err := m.Write([]byte("container prefix")); err != nil {
		t.Fatal(err)
	}
	e, err := NewEncoder(m, f, EncoderOptions{BitDepth: 24})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Write(signal(f, 5)); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	checkRIFFSizes(t, m.b[16:], 15)
}

// failWriter fails after limit bytes.
type failWriter struct {
	memFile
	limit int
}

func (w *failWriter) Write(p []byte) (int, error) {
	if len(w.b)+len(p) > w.limit {
		return 0, errors.New("disk full")
	}
	return w.memFile.Write(p)
}

func TestEncoderErrors(t *testing.T) {
	mono := audio.Format{SampleRate: 44100, Channels: 1}
	tests := []struct {
		name string
		f    audio.Format
		opts EncoderOptions
		kind error
	}{
		{"8-bit", mono, EncoderOptions{BitDepth: 8}, ErrOptions},
		{"plain float", mono, EncoderOptions{BitDepth: 32, Plain: true}, ErrOptions},
		{"9 channels", audio.Format{SampleRate: 44100, Channels: 9}, EncoderOptions{}, audio.ErrFormat},
		{"rate 0", audio.Format{Channels: 1}, EncoderOptions{}, ErrOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewEncoder(&memFile{}, tt.f, tt.opts); !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
		})
	}

	e, err := NewEncoder(&memFile{}, audio.Format{SampleRate: 8000, Channels: 2}, EncoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Write(make([]float32, 3)); !errors.Is(err, ErrOptions) {
		t.Errorf("Write of half a frame: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Write(make([]float32, 2)); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	w := &failWriter{limit: 1000}
	e, err = NewEncoder(w, mono, EncoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	err = e.Write(make([]float32, 100000))
	if err == nil {
		err = e.Close()
	}
	if !errors.Is(err, ErrIO) || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("write failure: %v", err)
	}
	if _, err := NewEncoder(&failWriter{limit: 10}, mono, EncoderOptions{}); !errors.Is(err, ErrIO) {
		t.Errorf("header write failure: %v", err)
	}
}

// errStream yields some audio and then fails.
type errStream struct {
	audio.Slice
	fail error
}

func (s *errStream) Read(buf []float32) (int, error) {
	n, err := s.Slice.Read(buf)
	if errors.Is(err, io.EOF) {
		return 0, s.fail
	}
	return n, err
}

func TestEncode(t *testing.T) {
	f := audio.Format{SampleRate: 16000, Channels: 2}
	src := signal(f, 12345)
	m := &memFile{}
	frames, err := Encode(m, audio.NewSlice(f, src), EncoderOptions{BitDepth: 24})
	if err != nil || frames != 12345 {
		t.Fatalf("Encode = %d, %v", frames, err)
	}
	d, got, err := decodeAll(t, m.b, "e.wav", 1000)
	if err != nil || d.Frames() != 12345 {
		t.Fatal(err)
	}
	if s := snrDB(src, got); s < 120 {
		t.Errorf("SNR %.1f dB", s)
	}

	boom := errors.New("decoder exploded")
	_, err = Encode(&memFile{}, &errStream{Slice: *audio.NewSlice(f, src), fail: boom}, EncoderOptions{})
	if !errors.Is(err, boom) {
		t.Errorf("stream error not passed on: %v", err)
	}
}

func TestASCIIFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đài truyền thanh phường", "Dai truyen thanh phuong"},
		{"ĐẶNG THỊ ỨNG – “lừa đảo”…", "DANG THI UNG - \"lua dao\"..."},
		{"tab\there\nline", "tab here line"},
		{"日本", "??"},
		{"plain ASCII 123", "plain ASCII 123"},
	}
	for _, tt := range tests {
		if got := asciiFold(tt.in, false); got != tt.want {
			t.Errorf("asciiFold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := normalizeHistory("a\nb\r\nc\r"); got != "a\r\nb\r\nc\r\n" {
		t.Errorf("normalizeHistory = %q", got)
	}
	if got := CodingHistoryLine(audio.Format{SampleRate: 48000, Channels: 6}, 24, "x"); got != "A=PCM,F=48000,W=24,M=multitrack,T=x" {
		t.Errorf("CodingHistoryLine = %q", got)
	}
}

// noSeekWriter cannot seek back.
type noSeekWriter struct{ memFile }

func (w *noSeekWriter) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekCurrent && off == 0 {
		return w.pos, nil
	}
	return 0, errors.New("illegal seek")
}

func TestEncoderLimits(t *testing.T) {
	f := audio.Format{SampleRate: 8000, Channels: 1}
	e, err := NewEncoder(&memFile{}, f, EncoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e.maxData = 100 // stands in for the 4 GiB RIFF limit
	if err := e.Write(make([]float32, 50)); err != nil {
		t.Fatal(err)
	}
	if err := e.Write(make([]float32, 1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Write past the limit: %v", err)
	}
	if err := e.Close(); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Close after the limit: %v", err)
	}

	e, err = NewEncoder(&noSeekWriter{}, f, EncoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Write(make([]float32, 10)); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); !errors.Is(err, ErrIO) || !strings.Contains(err.Error(), "illegal seek") {
		t.Errorf("Close on an unseekable writer: %v", err)
	}
}
