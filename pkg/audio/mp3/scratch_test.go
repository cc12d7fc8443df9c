package mp3

import (
	"encoding/binary"
	"math"
	"os"
	"testing"

	"loa/pkg/audio"
)

func TestScratchDecode(t *testing.T) {
	in := os.Getenv("SCRATCH_IN")
	if in == "" {
		t.Skip()
	}
	d, err := Open(in)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", d.Info())
	s, err := audio.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("samples %d frames %d", len(s), int64(len(s))/int64(d.Format().Channels))
	f, _ := os.Create(os.Getenv("SCRATCH_OUT"))
	defer f.Close()
	b := make([]byte, 4*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	f.Write(b)
}

func TestScratchEncode(t *testing.T) {
	in := os.Getenv("SCRATCH_ENC")
	if in == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(in)
	ch := 1
	if os.Getenv("CH") == "2" {
		ch = 2
	}
	rate := 44100
	if r := os.Getenv("RATE"); r != "" {
		rate = atoi(r)
	}
	s := make([]float32, len(b)/2)
	for i := range s {
		s[i] = float32(int16(binary.LittleEndian.Uint16(b[2*i:]))) / 32768
	}
	f, _ := os.Create(os.Getenv("SCRATCH_OUT"))
	defer f.Close()
	n, err := Encode(f, audio.NewSlice(audio.Format{SampleRate: rate, Channels: ch}, s), EncoderOptions{Bitrate: atoi(os.Getenv("KBPS")), Tags: Tags{Title: "Thử nghiệm", Artist: "Đài phường", Comment: "xin chào", Date: "2024-07-04"}})
	t.Log(n, err)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
