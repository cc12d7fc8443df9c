package mp3

import (
	"bytes"
	"fmt"
	"testing"

	"loa/pkg/audio"
)

// BenchmarkDecode decodes 30 s of our own output and reports how many times
// faster than real time it runs.
func BenchmarkDecode(b *testing.B) {
	for _, c := range []struct{ rate, ch, kbps int }{{44100, 1, 64}, {44100, 2, 128}, {22050, 1, 64}} {
		b.Run(fmt.Sprintf("%d-%dch-%dk", c.rate, c.ch, c.kbps), func(b *testing.B) {
			const seconds = 30
			m := &memFile{}
			if _, err := Encode(m, newSliceStream(c.rate, c.ch, testSignal(c.rate, c.ch, seconds*c.rate)), EncoderOptions{Bitrate: c.kbps}); err != nil {
				b.Fatal(err)
			}
			buf := make([]float32, 4096*c.ch)
			b.SetBytes(int64(len(m.b)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, err := NewDecoder(bytes.NewReader(m.b), "bench.mp3")
				if err != nil {
					b.Fatal(err)
				}
				for {
					if _, err := audio.ReadFull(d, buf); err != nil {
						break
					}
				}
			}
			b.ReportMetric(float64(seconds*b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

// BenchmarkEncode encodes 30 s and reports how many times faster than real
// time it runs.
func BenchmarkEncode(b *testing.B) {
	for _, c := range []struct{ rate, ch, kbps int }{{44100, 1, 64}, {44100, 2, 128}, {22050, 1, 64}} {
		b.Run(fmt.Sprintf("%d-%dch-%dk", c.rate, c.ch, c.kbps), func(b *testing.B) {
			const seconds = 30
			in := testSignal(c.rate, c.ch, seconds*c.rate)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m := &memFile{b: make([]byte, 0, 1<<20)}
				if _, err := Encode(m, newSliceStream(c.rate, c.ch, in), EncoderOptions{Bitrate: c.kbps}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(seconds*b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}
