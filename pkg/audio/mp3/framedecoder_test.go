package mp3

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"loa/pkg/audio"
	"loa/pkg/audio/loudness"
)

// TestMonitorAndFrameDecoder encodes with a monitor, decodes the monitor copy
// while encoding in another goroutine, and checks it carries exactly the
// file's audio frames and measures like the file.
func TestMonitorAndFrameDecoder(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 1}
	n := 5 * 44100
	samples := make([]float32, n)
	for i := range samples {
		samples[i] = float32(0.4 * math.Sin(2*math.Pi*440*float64(i)/44100) * (1 + 0.5*math.Sin(2*math.Pi*3*float64(i)/44100)))
	}
	path := filepath.Join(t.TempDir(), "m.mp3")
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	pr, pw := io.Pipe()
	var copyBuf bytes.Buffer
	type result struct {
		r   loudness.Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		dec, err := NewFrameDecoder(io.TeeReader(pr, &copyBuf), "monitor", f)
		if err != nil {
			done <- result{err: err}
			return
		}
		r, err := loudness.Measure(context.Background(), dec, loudness.Options{TruePeak: true})
		pr.CloseWithError(err)
		done <- result{r, err}
	}()
	enc, err := NewEncoder(file, f, EncoderOptions{Bitrate: 64, Monitor: pw})
	if err != nil {
		t.Fatal(err)
	}
	if err := enc.Write(samples); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	got := <-done
	if got.err != nil {
		t.Fatal(got.err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(data, copyBuf.Bytes()) || copyBuf.Len() == 0 {
		t.Fatalf("monitor copy (%d bytes) is not the file's audio frames (%d bytes)", copyBuf.Len(), len(data))
	}
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	want, err := loudness.Measure(context.Background(), d, loudness.Options{TruePeak: true})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.r.Integrated-want.Integrated) > 0.05 || math.Abs(got.r.TruePeak-want.TruePeak) > 0.05 {
		t.Errorf("monitor measures I=%.2f TP=%.2f, file I=%.2f TP=%.2f", got.r.Integrated, got.r.TruePeak, want.Integrated, want.TruePeak)
	}
}

func TestFrameDecoderGarbage(t *testing.T) {
	d, err := NewFrameDecoder(bytes.NewReader(bytes.Repeat([]byte{0xff, 0xfb, 0x00, 0x13}, 5000)), "junk", audio.Format{SampleRate: 44100, Channels: 1})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]float32, 4096)
	for range 10000 {
		_, err := d.Read(buf)
		if err != nil {
			return // an error or EOF, never a panic or a hang
		}
	}
	t.Fatal("no end after 10000 reads")
}
