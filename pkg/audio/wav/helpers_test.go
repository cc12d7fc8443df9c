package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"testing"

	"loa/pkg/audio"
)

// needTool returns the path of an outside program, skipping the test when it
// is missing, except under CI=true, where a missing tool fails the test.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required when CI=true: %v", name, err)
		}
		t.Skipf("%s not installed; skipping (set CI=true to make this a failure)", name)
	}
	return p
}

// memFile is an in-memory io.ReadWriteSeeker.
type memFile struct {
	b   []byte
	pos int64
}

func (m *memFile) Write(p []byte) (int, error) {
	end := m.pos + int64(len(p))
	if end > int64(len(m.b)) {
		m.b = append(m.b, make([]byte, end-int64(len(m.b)))...)
	}
	copy(m.b[m.pos:], p)
	m.pos = end
	return len(p), nil
}

func (m *memFile) Read(p []byte) (int, error) {
	if m.pos >= int64(len(m.b)) {
		return 0, io.EOF
	}
	n := copy(p, m.b[m.pos:])
	m.pos += int64(n)
	return n, nil
}

func (m *memFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += m.pos
	case io.SeekEnd:
		off += int64(len(m.b))
	}
	if off < 0 {
		return 0, errors.New("negative seek")
	}
	m.pos = off
	return off, nil
}

// shortReader returns at most max bytes per Read, to exercise buffer
// boundaries that fall inside samples and frames.
type shortReader struct {
	io.ReadSeeker
	max int
}

func (s *shortReader) Read(p []byte) (int, error) {
	if len(p) > s.max {
		p = p[:s.max]
	}
	return s.ReadSeeker.Read(p)
}

// signal returns frames of a distinct tone per channel (so a channel mix-up
// shows), plus a little deterministic noise, at amplitude about 0.8.
func signal(f audio.Format, frames int) []float32 {
	out := make([]float32, frames*f.Channels)
	seed := uint32(12345)
	for i := 0; i < frames; i++ {
		for c := 0; c < f.Channels; c++ {
			seed = seed*1664525 + 1013904223
			noise := (float64(seed>>8)/(1<<24) - 0.5) * 0.02
			freq := 220.0 * float64(c+2) / 2
			out[i*f.Channels+c] = float32(0.78*math.Sin(2*math.Pi*freq*float64(i)/float64(f.SampleRate)) + noise)
		}
	}
	return out
}

// pcmCodec is a reference sample coding for hand-built files: quantize
// returns the bytes of one sample and value the float32 a decoder must yield.
type pcmCodec struct {
	bits  int
	float bool
}

func (c pcmCodec) encode(samples []float32) (data []byte, want []float32) {
	want = make([]float32, len(samples))
	for i, s := range samples {
		x := float64(s)
		switch {
		case c.float && c.bits == 32:
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(s))
			want[i] = s
		case c.float:
			v := x * 1.0000001 // a value float32 cannot hold exactly
			data = binary.LittleEndian.AppendUint64(data, math.Float64bits(v))
			want[i] = float32(v)
		case c.bits == 8:
			v := int(math.Round(x*127)) + 128
			data = append(data, byte(v))
			want[i] = float32(v-128) / 128
		case c.bits == 16:
			v := int16(math.Round(x * 32767))
			data = binary.LittleEndian.AppendUint16(data, uint16(v))
			want[i] = float32(v) / 32768
		case c.bits == 24:
			v := int32(math.Round(x * 8388607))
			data = append(data, byte(v), byte(v>>8), byte(v>>16))
			want[i] = float32(v) / 8388608
		case c.bits == 32:
			v := int32(math.Round(x * 2147483647))
			data = binary.LittleEndian.AppendUint32(data, uint32(v))
			want[i] = float32(float64(v) / 2147483648)
		}
	}
	return data, want
}

// rawChunk is an extra chunk for a hand-built file.
type rawChunk struct {
	id   string
	body []byte
}

// wavSpec describes a hand-built WAV file.
type wavSpec struct {
	riffID     string // default "RIFF"
	f          audio.Format
	codec      pcmCodec
	extensible bool
	validBits  int
	subFormat  []byte // EXTENSIBLE GUID; default derived from codec
	tag        int    // override of the format tag, when non-zero
	blockAlign int    // override, when non-zero
	data       []byte
	before     []rawChunk // between fmt and data
	after      []rawChunk // after data
	fmtAfter   bool       // put the fmt chunk after the data chunk
	noPad      bool       // forget pad bytes (a writer bug)
	dataSize   *uint32    // override of the declared data size
	riffSize   *uint32    // override of the declared RIFF size
	ds64Data   uint64     // for RF64
}

func u32p(v uint32) *uint32 { return &v }

func appendChunk(b []byte, id string, body []byte, noPad bool) []byte {
	b = append(b, id...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(body)))
	b = append(b, body...)
	if len(body)%2 == 1 && !noPad {
		b = append(b, 0)
	}
	return b
}

func fmtBody(s wavSpec) []byte {
	le16 := binary.LittleEndian.AppendUint16
	le32 := binary.LittleEndian.AppendUint32
	tag := 1
	if s.codec.float {
		tag = 3
	}
	code := tag
	if s.extensible {
		tag = 0xFFFE
	}
	if s.tag != 0 {
		tag = s.tag
	}
	ba := s.f.Channels * s.codec.bits / 8
	if s.blockAlign != 0 {
		ba = s.blockAlign
	}
	var b []byte
	b = le16(b, uint16(tag))
	b = le16(b, uint16(s.f.Channels))
	b = le32(b, uint32(s.f.SampleRate))
	b = le32(b, uint32(s.f.SampleRate*ba))
	b = le16(b, uint16(ba))
	b = le16(b, uint16(s.codec.bits))
	if s.extensible {
		b = le16(b, 22)
		valid := s.validBits
		if valid == 0 {
			valid = s.codec.bits
		}
		b = le16(b, uint16(valid))
		b = le32(b, 0)
		guid := s.subFormat
		if guid == nil {
			guid = append([]byte{byte(code), 0}, guidSuffix[:]...)
		}
		b = append(b, guid...)
	} else if s.codec.float {
		b = le16(b, 0)
	}
	return b
}

func buildWAV(s wavSpec) []byte {
	id := s.riffID
	if id == "" {
		id = "RIFF"
	}
	b := append([]byte(id), 0, 0, 0, 0)
	b = append(b, "WAVE"...)
	if id == "RF64" {
		ds := make([]byte, 28)
		binary.LittleEndian.PutUint64(ds[8:], s.ds64Data)
		b = appendChunk(b, "ds64", ds, false)
	}
	if !s.fmtAfter {
		b = appendChunk(b, "fmt ", fmtBody(s), s.noPad)
	}
	for _, c := range s.before {
		b = appendChunk(b, c.id, c.body, s.noPad)
	}
	dataSizeAt := len(b) + 4
	b = appendChunk(b, "data", s.data, s.noPad)
	if s.dataSize != nil {
		binary.LittleEndian.PutUint32(b[dataSizeAt:], *s.dataSize)
	}
	if s.fmtAfter {
		b = appendChunk(b, "fmt ", fmtBody(s), s.noPad)
	}
	for _, c := range s.after {
		b = appendChunk(b, c.id, c.body, s.noPad)
	}
	size := uint32(len(b) - 8)
	if id == "RF64" {
		size = 0xFFFFFFFF
	}
	if s.riffSize != nil {
		size = *s.riffSize
	}
	binary.LittleEndian.PutUint32(b[4:], size)
	return b
}

// decodeAll decodes a WAV held in memory with buffers of bufFrames frames.
func decodeAll(t testing.TB, data []byte, name string, bufFrames int) (*Decoder, []float32, error) {
	t.Helper()
	d, err := NewDecoder(bytes.NewReader(data), name)
	if err != nil {
		return nil, nil, err
	}
	ch := d.Format().Channels
	buf := make([]float32, bufFrames*ch)
	var out []float32
	for {
		n, err := d.Read(buf)
		if n%ch != 0 {
			t.Fatalf("Read returned %d samples, not whole %d-channel frames", n, ch)
		}
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			return d, out, nil
		}
		if err != nil {
			return d, out, err
		}
	}
}

// snrDB compares got against want: signal power over error power, in dB.
func snrDB(want, got []float32) float64 {
	var sig, noise float64
	for i := range want {
		sig += float64(want[i]) * float64(want[i])
		e := float64(want[i]) - float64(got[i])
		noise += e * e
	}
	if noise == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(sig/noise)
}
