package bulletin

import (
	"context"
	"path/filepath"
	"testing"

	"loa/pkg/audio"
	"loa/pkg/audio/loudness"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/script"
)

// BenchmarkRender renders a 10-minute bulletin (20 speech-like clips of 30 s
// at mixed rates and layouts, with gaps) to WAV and to MP3 through the
// streaming path from a warm clip cache, and reports x-realtime. (Joined
// MP3: BenchmarkRenderJoined.) scripts/bench-render.sh measures the same
// with real clips, peak RSS and ffmpeg side by side.
func BenchmarkRender(b *testing.B) {
	dir := b.TempDir()
	formats := []audio.Format{{SampleRate: 44100, Channels: 1}, {SampleRate: 48000, Channels: 2}}
	p := &Plan{Ward: "w", Date: "2024-07-08", Slot: "06:00"}
	for i := range 20 {
		f := formats[i%2]
		path := filepath.Join(dir, "notices", string(rune('a'+i))+".wav")
		writeWAV(b, path, f, speechLike(30, f.SampleRate, f.Channels, 0.2+0.04*float64(i), uint64(i)))
		p.Items = append(p.Items, Item{Title: path, Kind: script.ClipNotices, Path: path, GapAfter: 1})
	}
	lib := clips.New(dir)
	lib.CacheDir = filepath.Join(dir, "cache")
	defer lib.Close()
	seconds := 20*30.0 + 19
	o := testOptions()
	o.Streaming = true
	for _, ext := range []string{".wav", ".mp3"} {
		b.Run(ext[1:], func(b *testing.B) {
			out := filepath.Join(dir, "b"+ext)
			if _, err := Render(context.Background(), lib, p, out, o); err != nil { // warm the cache
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := Render(context.Background(), lib, p, out, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

// BenchmarkMakePiece makes the piece of the example notice recording (all
// that joining an MP3 bulletin costs the first time a clip is used) and
// reports x-realtime.
func BenchmarkMakePiece(b *testing.B) {
	path := filepath.Join("..", "..", "audio", "notices", "deepfake-video-call.mp3")
	lib := clips.New(b.TempDir())
	lib.CacheDir = b.TempDir()
	defer lib.Close()
	o := OptionsFrom(config.Default())
	spec := pieceSpec{path: path, proc: o.processing(script.ClipNotices),
		target: o.Target, ceiling: o.CeilingMP3, opts: o}
	m, err := lib.Measure(context.Background(), path, spec.proc)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := makePiece(context.Background(), lib, spec, m, loudness.GainDB(m.Loudness.Integrated, o.Target)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(m.Seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}

// BenchmarkRenderJoined joins an MP3 bulletin of the example recordings
// (greeting, the notice read ten times, closing) from warm pieces, and
// reports x-realtime: what every bulletin after the first costs.
func BenchmarkRenderJoined(b *testing.B) {
	root := filepath.Join("..", "..", "audio")
	lib := clips.New(root)
	lib.CacheDir = b.TempDir()
	defer lib.Close()
	p := &Plan{Ward: "w", Date: "2024-07-08", Slot: "06:00"}
	add := func(kind, name string) {
		p.Items = append(p.Items, Item{Title: name, Kind: kind, Path: filepath.Join(root, kind, name), GapAfter: 1})
	}
	add(script.ClipJingles, "open.wav")
	add(script.ClipPhrases, "greeting.mp3")
	for range 10 {
		add(script.ClipNotices, "deepfake-video-call.mp3")
	}
	add(script.ClipPhrases, "closing.mp3")
	add(script.ClipJingles, "close.wav")
	o := OptionsFrom(config.Default())
	out := filepath.Join(b.TempDir(), "b.mp3")
	res, err := Render(context.Background(), lib, p, out, o) // makes the pieces
	if err != nil || !res.Joined {
		b.Fatalf("joined %v, %v", res.Joined, err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Render(context.Background(), lib, p, out, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(res.Seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}
