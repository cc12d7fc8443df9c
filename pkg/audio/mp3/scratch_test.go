package mp3

import (
	"bytes"
	"math/rand/v2"
	"time"
	"fmt"
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

func TestScratchLow(t *testing.T) {
	if os.Getenv("SCRATCH_LOW") == "" {
		t.Skip()
	}
	for _, c := range []struct{ rate, kbps int }{{22050, 16}, {16000, 16}, {22050, 24}, {22050, 32}, {44100, 32}} {
		in := testSignal(c.rate, 1, c.rate)
		p := encodeFile(t, "/tmp/mp3exp", fmt.Sprintf("low-%d-%d.mp3", c.rate, c.kbps), c.rate, 1, in, EncoderOptions{Bitrate: c.kbps})
		got, _, err := decodeAll(t, p)
		if err != nil {
			t.Fatal(err)
		}
		ff := ffmpegDecode(t, p)
		m := mpg123Decode(t, p)
		t.Logf("%d %d: own-ff %.1f own-mpg %.1f ff-mpg %.1f", c.rate, c.kbps, snrDB(ff, got), snrDB(m, got), snrDB(m, ff))
	}
}

func TestScratchLowBlocks(t *testing.T) {
	p := os.Getenv("SCRATCH_BLK")
	if p == "" {
		t.Skip()
	}
	got, _, err := decodeAll(t, p)
	if err != nil {
		t.Fatal(err)
	}
	m := mpg123Decode(t, p)
	s := ""
	for b := 0; (b+1)*576 <= len(m); b++ {
		var e float64
		for i := b * 576; i < (b+1)*576; i++ {
			d := float64(m[i] - got[i])
			e += d * d
		}
		s += fmt.Sprintf("%d:%.0f ", b, 10*math.Log10(288/(e+1e-20)))
	}
	t.Log(s)
}

func TestScratchSlow(t *testing.T) {
	if os.Getenv("SCRATCH_SLOW") == "" {
		t.Skip()
	}
	seeds := [][]byte{smallMP3(t, 44100, 1, 3000), smallMP3(t, 22050, 2, 2000), append(id3v23("x"), smallMP3(t, 32000, 1, 100)...)}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 3000; i++ {
		d := bytes.Clone(seeds[i%3])
		for k := 0; k < 1+rng.IntN(8); k++ {
			switch rng.IntN(4) {
			case 0:
				d[rng.IntN(len(d))] = byte(rng.Uint32())
			case 1:
				o := rng.IntN(len(d))
				d = append(d[:o], d[min(len(d), o+rng.IntN(50)):]...)
			case 2:
				o := rng.IntN(len(d))
				ins := make([]byte, rng.IntN(20))
				d = append(d[:o], append(ins, d[o:]...)...)
			case 3:
				o := rng.IntN(len(d))
				d[o] = 0xFF
			}
			if len(d) == 0 {
				d = []byte{0}
			}
		}
		start := time.Now()
		decodeBounded(t, d)
		if el := time.Since(start); el > 200*time.Millisecond {
			os.WriteFile(fmt.Sprintf("/tmp/mp3exp/slow-%d.bin", i), d, 0o644)
			t.Logf("input %d took %v", i, el)
		}
	}
}

func TestScratchOne(t *testing.T) {
	p := os.Getenv("SCRATCH_ONE")
	if p == "" {
		t.Skip()
	}
	d, _ := os.ReadFile(p)
	start := time.Now()
	n, err := decodeBounded(t, d)
	t.Logf("%d frames, %v, %v", n, err, time.Since(start))
}
