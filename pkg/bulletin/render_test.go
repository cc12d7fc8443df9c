package bulletin

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"loa/pkg/audio"
	"loa/pkg/audio/loudness"
	"loa/pkg/audio/wav"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/script"
)

// needTool skips when an outside program is missing, except under CI=true.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true", name)
		}
		t.Skipf("%s not installed", name)
	}
}

// speechLike makes a clip that behaves like speech for a loudness meter:
// filtered noise in syllable-sized bursts with pauses, scaled to peak.
func speechLike(seconds float64, rate, channels int, peak float64, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	n := int(seconds * float64(rate))
	out := make([]float32, n*channels)
	var lp, maxAbs float64
	for i := 0; i < n; i++ {
		t := float64(i) / float64(rate)
		env := math.Max(0, math.Sin(2*math.Pi*3.5*t)) // syllables
		if math.Mod(t, 2.5) > 2.0 {                   // phrase pauses
			env = 0
		}
		lp += 0.2 * (r.NormFloat64() - lp)
		v := lp * env
		maxAbs = math.Max(maxAbs, math.Abs(v))
		for c := 0; c < channels; c++ {
			out[i*channels+c] = float32(v)
		}
	}
	for i := range out {
		out[i] = float32(float64(out[i]) / maxAbs * peak)
	}
	return out
}

func writeWAV(t testing.TB, path string, f audio.Format, samples []float32) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := wav.Encode(file, audio.NewSlice(f, samples), wav.EncoderOptions{BitDepth: 24, Plain: true}); err != nil {
		t.Fatal(err)
	}
}

// testPlan writes clips at very different levels and formats and returns a
// plan over them.
func testPlan(t *testing.T, dir string) (*Plan, *clips.Library) {
	t.Helper()
	writeWAV(t, filepath.Join(dir, "jingles", "open.wav"), audio.Format{SampleRate: 48000, Channels: 2}, speechLike(2, 48000, 2, 0.9, 1))
	writeWAV(t, filepath.Join(dir, "phrases", "quiet.wav"), audio.Format{SampleRate: 22050, Channels: 1}, speechLike(8, 22050, 1, 0.03, 2))
	writeWAV(t, filepath.Join(dir, "notices", "loud.wav"), audio.Format{SampleRate: 44100, Channels: 1}, speechLike(20, 44100, 1, 0.99, 3))
	writeWAV(t, filepath.Join(dir, "notices", "mid.wav"), audio.Format{SampleRate: 32000, Channels: 2}, speechLike(12, 32000, 2, 0.3, 4))
	lib := clips.New(dir)
	p := &Plan{Ward: "w", Date: "2024-07-08", Slot: "06:00", Items: []Item{
		{Title: "open", Kind: script.ClipJingles, Path: filepath.Join(dir, "jingles", "open.wav"), GapAfter: 0.5},
		{Title: "quiet", Kind: script.ClipPhrases, Path: filepath.Join(dir, "phrases", "quiet.wav"), GapAfter: 1},
		{Title: "loud", Kind: script.ClipNotices, Path: filepath.Join(dir, "notices", "loud.wav"), GapAfter: 1},
		{Title: "mid", Kind: script.ClipNotices, Path: filepath.Join(dir, "notices", "mid.wav")},
	}}
	return p, lib
}

func testOptions() Options {
	cfg := config.Default()
	cfg.Audio.Trim.Enabled = false
	return OptionsFrom(cfg)
}

var (
	ffI  = regexp.MustCompile(`(?m)^\s+I:\s+(-?[\d.]+) LUFS`)
	ffTP = regexp.MustCompile(`(?m)^\s+Peak:\s+(-?[\d.]+) dBFS`)
)

// ffmpegLoudness measures a file with ffmpeg's ebur128 filter.
func ffmpegLoudness(t *testing.T, path string) (integrated, truePeak float64) {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	mi, mt := ffI.FindAllSubmatch(out, -1), ffTP.FindAllSubmatch(out, -1)
	if len(mi) == 0 || len(mt) == 0 {
		t.Fatalf("no ebur128 summary in:\n%s", out)
	}
	integrated, _ = strconv.ParseFloat(string(mi[len(mi)-1][1]), 64)
	truePeak, _ = strconv.ParseFloat(string(mt[len(mt)-1][1]), 64)
	return integrated, truePeak
}

// espeakPlan reads Vietnamese sentences with espeak-ng and stores them at
// very different levels, rates and layouts: real speech, as a station's clips.
func espeakPlan(t *testing.T, dir string) (*Plan, *clips.Library) {
	t.Helper()
	needTool(t, "espeak-ng")
	texts := []string{
		"Kính thưa bà con nhân dân, sau đây là thông tin tuyên truyền phòng, chống lừa đảo trên không gian mạng.",
		"Khi có người quen gọi video hỏi vay tiền, bà con tuyệt đối không vội chuyển. Hãy gọi lại bằng số điện thoại quen thuộc để hỏi cho rõ.",
		"Không đưa mã xác thực, mật khẩu, số tài khoản cho bất kỳ ai. Khi nghi ngờ bị lừa đảo, bà con báo ngay cho công an nơi gần nhất.",
	}
	levels := []float64{0.02, 0.5, 0.99}
	formats := []audio.Format{{SampleRate: 22050, Channels: 1}, {SampleRate: 48000, Channels: 2}, {SampleRate: 44100, Channels: 1}}
	p := &Plan{Ward: "w", Date: "2024-07-08", Slot: "06:00"}
	for i, text := range texts {
		raw := filepath.Join(dir, "raw.wav")
		if out, err := exec.Command("espeak-ng", "-v", "vi", "-s", "170", "-w", raw, text).CombinedOutput(); err != nil {
			t.Fatalf("espeak-ng: %v %s", err, out)
		}
		d, err := wav.Open(raw)
		if err != nil {
			t.Fatal(err)
		}
		st, err := audio.Remix(d, formats[i].Channels)
		if err == nil {
			st, err = audio.Resample(st, formats[i].SampleRate)
		}
		if err != nil {
			t.Fatal(err)
		}
		samples, err := audio.ReadAll(st)
		d.Close()
		if err != nil {
			t.Fatal(err)
		}
		peak := float64(audio.Peak(samples))
		for j := range samples {
			samples[j] = float32(float64(samples[j]) / peak * levels[i])
		}
		path := filepath.Join(dir, "notices", strconv.Itoa(i)+".wav")
		writeWAV(t, path, formats[i], samples)
		p.Items = append(p.Items, Item{Title: path, Kind: script.ClipNotices, Path: path, GapAfter: 1})
	}
	return p, clips.New(dir)
}

func TestRenderLoudnessAndPeak(t *testing.T) {
	needTool(t, "ffmpeg")
	dir := t.TempDir()
	p, lib := espeakPlan(t, dir)
	defer lib.Close()
	opts := testOptions()
	for _, ext := range []string{".wav", ".mp3"} {
		t.Run(ext, func(t *testing.T) {
			out := filepath.Join(dir, "out", "b"+ext)
			res, err := Render(context.Background(), lib, p, out, opts)
			if err != nil {
				t.Fatal(err)
			}
			ceiling := opts.CeilingWAV
			if ext == ".mp3" {
				ceiling = opts.CeilingMP3
			}
			i, tp := ffmpegLoudness(t, out)
			t.Logf("%s: loa I=%.2f TP=%.2f; ffmpeg I=%.2f TP=%.2f (gain %.2f dB)", ext, res.Loudness.Integrated, res.Loudness.TruePeak, i, tp, res.Gain)
			if math.Abs(i-opts.Target) > 0.5 {
				t.Errorf("integrated %.2f LUFS, want %.1f ±0.5", i, opts.Target)
			}
			// MP3 is measured after decoding: the ceiling must hold there too.
			if tp > ceiling+0.05 {
				t.Errorf("true peak %.2f dBTP over the %.1f ceiling", tp, ceiling)
			}
		})
	}
}

func TestRenderBWFLoudnessFields(t *testing.T) {
	dir := t.TempDir()
	p, lib := testPlan(t, dir)
	defer lib.Close()
	out := filepath.Join(dir, "b.wav")
	res, err := Render(context.Background(), lib, p, out, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := wav.ReadBEXT(f)
	if err != nil {
		t.Fatal(err)
	}
	if b.Loudness == nil || math.Abs(b.Loudness.Integrated-res.Loudness.Integrated) > 0.01 {
		t.Fatalf("bext loudness %+v, measured %+v", b.Loudness, res.Loudness)
	}
	if b.Originator == "" || b.Origination.Format("2006-01-02 15:04") != "2024-07-08 06:00" {
		t.Errorf("bext originator %q, origination %v", b.Originator, b.Origination)
	}
	// The same plan gives the same bytes.
	out2 := filepath.Join(dir, "b2.wav")
	if _, err := Render(context.Background(), lib, p, out2, testOptions()); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(out)
	c, _ := os.ReadFile(out2)
	if string(a) != string(c) {
		t.Error("two renders of the same plan differ")
	}
}

func TestRenderErrorsLeaveNothing(t *testing.T) {
	dir := t.TempDir()
	p, lib := testPlan(t, dir)
	defer lib.Close()
	out := filepath.Join(dir, "out", "b.wav")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	old := []byte("previous bulletin")
	if err := os.WriteFile(out, old, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("corrupt clip", func(t *testing.T) {
		bad := filepath.Join(dir, "notices", "bad.wav")
		data, _ := os.ReadFile(p.Items[2].Path)
		if err := os.WriteFile(bad, data[:len(data)/3], 0o644); err != nil { // truncated
			t.Fatal(err)
		}
		q := *p
		q.Items = append([]Item{}, p.Items...)
		q.Items[2].Path = bad
		_, err := Render(context.Background(), lib, &q, out, testOptions())
		if err == nil {
			t.Fatal("rendered from a truncated clip")
		}
		if got := err.Error(); !regexp.MustCompile(`bad\.wav`).MatchString(got) {
			t.Errorf("error does not name the clip: %v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Render(ctx, clips.New(dir), p, out, testOptions())
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("want context.Canceled, got %v", err)
		}
	})
	t.Run("unencodable mp3", func(t *testing.T) {
		o := testOptions()
		o.MP3Bitrate = 320
		if _, err := Render(context.Background(), lib, p, filepath.Join(dir, "out", "x.mp3"), o); err == nil {
			t.Fatal("320 kbit/s mono accepted")
		}
	})
	got, _ := os.ReadFile(out)
	if string(got) != string(old) {
		t.Error("a failed render changed the existing output")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != "b.wav" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestMeasureCacheSurvivesRuns(t *testing.T) {
	dir := t.TempDir()
	p, _ := testPlan(t, dir)
	cache := filepath.Join(dir, "cache")
	lib := clips.New(dir)
	lib.CacheDir = cache
	o := testOptions()
	m1, err := lib.Measure(context.Background(), p.Items[2].Path, o.processing(script.ClipNotices))
	if err != nil {
		t.Fatal(err)
	}
	lib2 := clips.New(dir)
	lib2.CacheDir = cache
	m2, err := lib2.Measure(context.Background(), p.Items[2].Path, o.processing(script.ClipNotices))
	if err != nil {
		t.Fatal(err)
	}
	if m1.Frames != m2.Frames || math.Abs(m1.Loudness.Integrated-m2.Loudness.Integrated) > 1e-9 {
		t.Errorf("cached %+v != measured %+v", m2, m1)
	}
	if m1.Frames != 20*44100 {
		t.Errorf("frames %d", m1.Frames)
	}
	direct, err := loudness.Measure(context.Background(), audio.NewSlice(audio.Format{SampleRate: 44100, Channels: 1},
		speechLike(20, 44100, 1, 0.99, 3)), loudness.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(direct.Integrated-m1.Loudness.Integrated) > 0.05 {
		t.Errorf("clip measured %.2f, direct %.2f", m1.Loudness.Integrated, direct.Integrated)
	}
}

func TestRenderWithLoopedBed(t *testing.T) {
	dir := t.TempDir()
	p, lib := testPlan(t, dir)
	defer lib.Close()
	// A 3 s bed for a 44.5 s bulletin: it must be looped to the end.
	f := audio.Format{SampleRate: 44100, Channels: 1}
	bed := make([]float32, 3*44100)
	for i := range bed {
		bed[i] = float32(0.3 * math.Sin(2*math.Pi*220*float64(i)/44100))
	}
	bedPath := filepath.Join(dir, "bed.wav")
	writeWAV(t, bedPath, f, bed)
	o := testOptions()
	o.Bed = bedPath
	out := filepath.Join(dir, "b.wav")
	res, err := Render(context.Background(), lib, p, out, o)
	if err != nil {
		t.Fatal(err)
	}
	d, err := wav.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := audio.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 + 0.5 + 8 + 1 + 20 + 1 + 12; math.Abs(float64(len(got))/44100-want) > 0.001 {
		t.Errorf("length %.3f s, want %.3f (the bed must not lengthen the bulletin)", float64(len(got))/44100, want)
	}
	// The bed plays under the whole bulletin: the gap before the last clip
	// (at 31.5–32.5 s) is not silent.
	gap := got[int(31.6*44100):int(32.4*44100)]
	if lvl := audio.RMSdB(gap); lvl < -60 || lvl > -10 {
		t.Errorf("bed level in a gap %.1f dBFS: want audible but ducked", lvl)
	}
	if res.Loudness.TruePeak > o.CeilingWAV+0.05 {
		t.Errorf("true peak %.2f over the ceiling", res.Loudness.TruePeak)
	}
}
