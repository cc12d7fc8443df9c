package loudness_test

import (
	"context"
	"fmt"
	"math"

	"loa/pkg/audio"
	"loa/pkg/audio/loudness"
)

// tone returns seconds of a 1 kHz sine at level dBFS on every channel.
func tone(f audio.Format, level, seconds float64) []float32 {
	a := math.Pow(10, level/20)
	n := int(seconds * float64(f.SampleRate))
	x := make([]float32, 0, n*f.Channels)
	for i := range n {
		v := float32(a * math.Sin(2*math.Pi*1000*float64(i)/float64(f.SampleRate)))
		for range f.Channels {
			x = append(x, v)
		}
	}
	return x
}

func ExampleMeasure() {
	f := audio.Format{SampleRate: 48000, Channels: 2}
	r, err := loudness.Measure(context.Background(), audio.NewSlice(f, tone(f, -23, 10)), loudness.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("I %.1f LUFS, LRA %.1f LU, TP %.1f dBTP, %.0f s\n", r.Integrated, r.Range, r.TruePeak, r.Duration)
	// Output: I -23.0 LUFS, LRA 0.0 LU, TP -23.0 dBTP, 10 s
}

// Normalise a programme to −16 LUFS with a −1 dBTP ceiling: measure, apply
// the gain, limit. The loud burst at the end would reach +0.8 dBTP; the
// limiter holds it under the ceiling, which costs some loudness (a caller
// may measure again and iterate).
func ExampleNewLimiter() {
	f := audio.Format{SampleRate: 44100, Channels: 1}
	x := append(tone(f, -26, 4.7), tone(f, -6, 0.3)...)
	ctx := context.Background()
	r, err := loudness.Measure(ctx, audio.NewSlice(f, x), loudness.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	gain := loudness.GainDB(r.Integrated, -16)
	out, err := loudness.NewLimiter(loudness.NewGain(audio.NewSlice(f, x), gain), -1, loudness.LimiterOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := loudness.Measure(ctx, out, loudness.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("gain %+.1f dB; after: I %.1f LUFS, TP %.1f dBTP, %d frames\n", gain, n.Integrated, n.TruePeak, n.Frames)
	// Output: gain +6.8 dB; after: I -17.4 LUFS, TP -1.1 dBTP, 220500 frames
}
