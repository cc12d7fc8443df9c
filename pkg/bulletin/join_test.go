package bulletin

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/pkg/audio/mp3"
)

// ffmpegPCM decodes a file with ffmpeg to mono float32 at its own rate.
func ffmpegPCM(t *testing.T, path string) []float32 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "f32le", "-ac", "1", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg: %v", err)
	}
	s := make([]float32, len(out)/4)
	for i := range s {
		s[i] = math.Float32frombits(binary.LittleEndian.Uint32(out[4*i:]))
	}
	return s
}

// TestJoinedBulletin renders real speech as a joined MP3 and checks what a
// listener gets: every clip within half a frame of its place in the
// script, the gaps between clips digitally silent (the joins leak
// nothing), the length ffmpeg decodes, loudness and true peak as ffmpeg
// measures them, and a loudness report that agrees with ffmpeg.
func TestJoinedBulletin(t *testing.T) {
	needTool(t, "ffmpeg")
	dir := t.TempDir()
	p, lib := espeakPlan(t, dir)
	defer lib.Close()
	opts := testOptions()
	opts.Pieces = NewPieces("")
	out := filepath.Join(dir, "b.mp3")
	res, err := Render(context.Background(), lib, p, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Joined {
		t.Fatal("a plan with 1 s gaps and no bed was not joined")
	}
	rate := int64(opts.Format.SampleRate)
	spf := int64(mp3.SamplesPerFrame(int(rate)))
	var nominal int64
	lengths := make([]int64, len(p.Items))
	for i, it := range p.Items {
		m, err := lib.Measure(context.Background(), it.Path, opts.processing(it.Kind))
		if err != nil {
			t.Fatal(err)
		}
		lengths[i] = m.Frames
		if d := res.Starts[i] - nominal; d < -spf/2 || d > spf/2 {
			t.Errorf("clip %d starts at %d, %d from its place in the script", i, res.Starts[i], d)
		}
		nominal += m.Frames + int64(math.Round(it.GapAfter*float64(rate)))
	}
	pcm := ffmpegPCM(t, out)
	if int64(len(pcm)) != res.Frames {
		t.Errorf("ffmpeg decodes %d samples, the render says %d", len(pcm), res.Frames)
	}
	if last := len(p.Items) - 1; res.Frames != res.Starts[last]+lengths[last] {
		t.Errorf("%d frames; the last clip ends at %d", res.Frames, res.Starts[last]+lengths[last])
	}
	for i := range len(p.Items) - 1 {
		from, to := res.Starts[i]+lengths[i]+spf+576, res.Starts[i+1]-spf-576
		if to-from < rate/2 {
			t.Fatalf("gap %d: only %d samples to check", i, to-from)
		}
		for k := from; k < to; k++ {
			if pcm[k] != 0 {
				t.Fatalf("gap %d: sample %d is %g, not silence", i, k, pcm[k])
			}
		}
		// And the clips are there: not silent next to the gap.
		if peakOf(pcm[res.Starts[i+1]:res.Starts[i+1]+rate/2]) < 0.01 {
			t.Errorf("clip %d: silent where it should start", i+1)
		}
	}
	i, tp := ffmpegLoudness(t, out)
	t.Logf("joined: loa I=%.2f TP=%.2f (decoded %.2f); ffmpeg I=%.2f TP=%.2f", res.Loudness.Integrated, res.Loudness.TruePeak, res.DecodedTruePeak, i, tp)
	if math.Abs(i-opts.Target) > 0.5 {
		t.Errorf("integrated %.2f LUFS, want %.1f ±0.5", i, opts.Target)
	}
	if math.Abs(i-res.Loudness.Integrated) > 0.2 {
		t.Errorf("loa reports %.2f LUFS, ffmpeg measures %.2f", res.Loudness.Integrated, i)
	}
	if tp > opts.CeilingMP3+0.05 || res.DecodedTruePeak > opts.CeilingMP3 {
		t.Errorf("true peak %.2f dBTP (decoded by loa %.2f) over the %.1f ceiling", tp, res.DecodedTruePeak, opts.CeilingMP3)
	}
}

func peakOf(x []float32) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(float64(v)))
	}
	return m
}

// TestPiecesCache checks that pieces are made once, kept on disk for the
// next run, shared by bulletins rendered at the same time, and remade when
// a file is damaged, all without changing a byte of the result.
func TestPiecesCache(t *testing.T) {
	dir := t.TempDir()
	p, lib := espeakPlan(t, dir)
	defer lib.Close()
	lib.CacheDir = filepath.Join(dir, "cache")
	opts := testOptions()
	store := NewPieces(filepath.Join(lib.CacheDir, "pieces"))
	opts.Pieces = store
	// Four bulletins at once, each with the three clips.
	var wg sync.WaitGroup
	outs := make([][]byte, 4)
	for k := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := filepath.Join(dir, fmt.Sprintf("b%d.mp3", k))
			if res, err := Render(context.Background(), lib, p, out, opts); err != nil || !res.Joined {
				t.Errorf("render %d: joined %v, %v", k, res.Joined, err)
				return
			}
			outs[k], _ = os.ReadFile(out)
		}()
	}
	wg.Wait()
	if n := store.encoded.Load(); n != 3 {
		t.Errorf("%d pieces encoded for 3 distinct clips", n)
	}
	for k := range outs {
		if !bytes.Equal(outs[k], outs[0]) {
			t.Errorf("bulletin %d differs from bulletin 0", k)
		}
	}
	files, _ := filepath.Glob(filepath.Join(lib.CacheDir, "pieces", "*", "*.piece"))
	if len(files) != 3 {
		t.Fatalf("%d piece files, want 3", len(files))
	}
	for key, slot := range store.made {
		got, err := store.load(key, slot.p.Clip)
		if err != nil || !reflect.DeepEqual(got, slot.p) {
			t.Errorf("piece %s does not load back as it was made: %v", key, err)
		}
	}
	for _, f := range files {
		key := strings.TrimSuffix(filepath.Base(f), ".piece")
		if _, err := store.load(key, -1); err == nil {
			t.Errorf("piece %s loaded for a clip of another length", key)
		}
	}

	// A new run (a new store) loads them all.
	opts.Pieces = NewPieces(filepath.Join(lib.CacheDir, "pieces"))
	out := filepath.Join(dir, "again.mp3")
	if res, err := Render(context.Background(), lib, p, out, opts); err != nil || !res.Joined {
		t.Fatalf("joined %v, %v", res.Joined, err)
	}
	if n := opts.Pieces.encoded.Load(); n != 0 {
		t.Errorf("second run encoded %d pieces", n)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, outs[0]) {
		t.Error("bulletin from cached pieces differs")
	}

	// Damage one, truncate another: both are remade, the result is the same.
	data, _ := os.ReadFile(files[0])
	data[len(data)/2] ^= 0x40
	os.WriteFile(files[0], data, 0o644)
	data, _ = os.ReadFile(files[1])
	os.WriteFile(files[1], data[:len(data)/3], 0o644)
	opts.Pieces = NewPieces(filepath.Join(lib.CacheDir, "pieces"))
	if _, err := Render(context.Background(), lib, p, out, opts); err != nil {
		t.Fatal(err)
	}
	if n := opts.Pieces.encoded.Load(); n != 2 {
		t.Errorf("%d pieces remade after damaging 2", n)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, outs[0]) {
		t.Error("bulletin after remaking damaged pieces differs")
	}
}

// TestJoinFallsBack checks the plans that must take the streaming path.
func TestJoinFallsBack(t *testing.T) {
	dir := t.TempDir()
	p, lib := testPlan(t, dir)
	defer lib.Close()
	for name, change := range map[string]func(*Plan, *Options){
		"short gap":  func(p *Plan, o *Options) { p.Items[0].GapAfter = 0.05 },
		"PA voicing": func(p *Plan, o *Options) { o.PA = true },
		"streaming":  func(p *Plan, o *Options) { o.Streaming = true },
	} {
		t.Run(name, func(t *testing.T) {
			q := *p
			q.Items = append([]Item(nil), p.Items...)
			o := testOptions()
			change(&q, &o)
			res, err := Render(context.Background(), lib, &q, filepath.Join(dir, "x.mp3"), o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Joined {
				t.Error("joined")
			}
		})
	}
	// Jingles only: every piece at the music target, 4 LU under the
	// bulletin's target: joining would miss it, so it streams.
	q := &Plan{Ward: "w", Date: "2024-07-08", Slot: "06:00"}
	for range 3 {
		q.Items = append(q.Items, Item{Title: "j", Kind: p.Items[0].Kind, Path: p.Items[0].Path, GapAfter: 1})
	}
	res, err := Render(context.Background(), lib, q, filepath.Join(dir, "j.mp3"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Joined {
		t.Errorf("jingles only: joined at %.2f LUFS", res.Loudness.Integrated)
	}
}

// TestPiecesCancelledMaker checks that a render whose context is cancelled
// while it makes pieces does not fail another render waiting for them.
func TestPiecesCancelledMaker(t *testing.T) {
	dir := t.TempDir()
	p, lib := espeakPlan(t, dir)
	defer lib.Close()
	opts := testOptions()
	opts.Pieces = NewPieces("")
	for _, it := range p.Items { // measured up front, so both renders reach the pieces
		if _, err := lib.Measure(context.Background(), it.Path, opts.processing(it.Kind)); err != nil {
			t.Fatal(err)
		}
	}
	for _, delay := range []time.Duration{0, 5 * time.Millisecond, 30 * time.Millisecond} {
		opts.Pieces = NewPieces("")
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			Render(ctx, lib, p, filepath.Join(dir, "a.mp3"), opts)
		}()
		time.Sleep(delay)
		cancel()
		res, err := Render(context.Background(), lib, p, filepath.Join(dir, "b.mp3"), opts)
		wg.Wait()
		if err != nil || !res.Joined {
			t.Errorf("cancelled after %v: the other render: joined %v, %v", delay, res.Joined, err)
		}
	}
}
