package wav_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"loa/pkg/audio"
	"loa/pkg/audio/wav"
)

// Write a Broadcast Wave bulletin, fill in the loudness measured while
// writing, and read it back.
func Example() {
	dir, err := os.MkdirTemp("", "wav-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = os.RemoveAll(dir) }()
	path := filepath.Join(dir, "bulletin.wav")

	f := audio.Format{SampleRate: 44100, Channels: 1}
	tone := make([]float32, 44100)
	for i := range tone {
		tone[i] = float32(0.5 * math.Sin(2*math.Pi*440*float64(i)/44100))
	}

	out, err := os.Create(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	enc, err := wav.NewEncoder(out, f, wav.EncoderOptions{
		BitDepth: 16,
		BEXT: wav.BEXT{
			Description:   "Cảnh giác cuộc gọi video Deepfake",
			Originator:    "loa",
			Origination:   time.Date(2024, 7, 4, 6, 30, 0, 0, time.UTC),
			CodingHistory: wav.CodingHistoryLine(f, 16, "loa"),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := enc.Write(tone); err != nil {
		fmt.Println(err)
		return
	}
	enc.SetLoudness(wav.Loudness{Integrated: -16, Range: 0, TruePeak: -6, MaxMomentary: -16, MaxShortTerm: -16})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
		return
	}
	if err := out.Close(); err != nil {
		fmt.Println(err)
		return
	}

	dec, err := wav.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = dec.Close() }()
	samples, err := audio.ReadAll(dec)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(dec.Info(), dec.Info().Duration(), len(samples))

	fh, err := os.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = fh.Close() }()
	b, err := wav.ReadBEXT(fh)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s | %q | %.0f LUFS\n", b.Description, b.CodingHistory, b.Loudness.Integrated)
	// Output:
	// PCM 16-bit, 44100 Hz, 1 ch 1s 44100
	// Canh giac cuoc goi video Deepfake | "A=PCM,F=44100,W=16,M=mono,T=loa\r\n" | -16 LUFS
}
