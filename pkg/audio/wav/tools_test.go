package wav

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loa/pkg/audio"
)

// run executes a tool and returns its stdout; stderr output fails the test
// unless allowStderr.
func run(t *testing.T, allowStderr bool, name string, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	if !allowStderr && stderr.Len() > 0 {
		t.Fatalf("%s %s printed:\n%s", name, strings.Join(args, " "), stderr.String())
	}
	return stdout.Bytes()
}

// ffmpegWarnings returns what `ffmpeg -v warning -i path -f null -` prints.
func ffmpegWarnings(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "warning", "-i", path, "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg cannot read %s: %v\n%s", path, err, out)
	}
	return string(out)
}

// guessedLayout is the one message ffmpeg 5 prints for every WAV whose fmt
// chunk has no channel mask (format tag 1 or 3), its own output included.
func guessedLayout(channels int) string {
	layout := map[int]string{1: "mono", 2: "stereo"}[channels]
	return "Guessed Channel Layout for Input Stream #0.0 : " + layout + "\n"
}

// ffmpegDecode returns ffmpeg's own decode of path as interleaved float32.
func ffmpegDecode(t *testing.T, path string) []float32 {
	t.Helper()
	raw := run(t, false, "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "f32le", "-")
	out := make([]float32, len(raw)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return out
}

// decodeFile decodes path with this package.
func decodeFile(t *testing.T, path string) (Info, []float32) {
	t.Helper()
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = d.Close() }()
	got, err := audio.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	return d.Info(), got
}

// aeval is an ffmpeg aevalsrc expression with a distinct tone per channel.
func aeval(channels int) string {
	var parts []string
	for c := 0; c < channels; c++ {
		parts = append(parts, fmt.Sprintf("%.2f*sin(%d*2*PI*t)", 0.8-0.08*float64(c), 330+110*c))
	}
	return strings.Join(parts, "|")
}

func TestDecodeToolFiles(t *testing.T) {
	needTool(t, "ffmpeg")
	type toolFile struct {
		name       string
		tool       string
		args       func(out string) []string
		f          audio.Format
		frames     int64
		bits       int
		float      bool
		extensible bool
		rf64       bool
	}
	ff := func(f audio.Format, frames int, layout string, extra ...string) func(string) []string {
		return func(out string) []string {
			src := fmt.Sprintf("aevalsrc=%s:s=%d:d=%g", aeval(f.Channels), f.SampleRate, float64(frames)/float64(f.SampleRate)+0.1)
			if layout != "" {
				src += ":c=" + layout
			}
			a := []string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", src, "-af", fmt.Sprintf("atrim=end_sample=%d", frames)}
			return append(append(a, extra...), out)
		}
	}
	sx := func(f audio.Format, frames int, extra ...string) func(string) []string {
		return func(out string) []string {
			a := []string{"-D", "-r", fmt.Sprint(f.SampleRate), "-c", fmt.Sprint(f.Channels), "-n"}
			a = append(append(a, extra...), out, "synth", fmt.Sprintf("%ds", frames))
			for c := 0; c < f.Channels; c++ {
				a = append(a, "sine", fmt.Sprint(330+110*c))
			}
			return append(a, "gain", "-3")
		}
	}
	mono8 := audio.Format{SampleRate: 8000, Channels: 1}
	st441 := audio.Format{SampleRate: 44100, Channels: 2}
	m48 := audio.Format{SampleRate: 48000, Channels: 1}
	files := []toolFile{
		{"ffmpeg s16 stereo 44.1k", "ffmpeg", ff(st441, 54321, "", "-c:a", "pcm_s16le"), st441, 54321, 16, false, false, false},
		{"ffmpeg s24 mono 48k odd", "ffmpeg", ff(m48, 4801, "", "-c:a", "pcm_s24le"), m48, 4801, 24, false, true, false},
		{"ffmpeg s32 stereo 96k", "ffmpeg", ff(audio.Format{SampleRate: 96000, Channels: 2}, 9601, "", "-c:a", "pcm_s32le"), audio.Format{SampleRate: 96000, Channels: 2}, 9601, 32, false, true, false},
		{"ffmpeg f32 mono 22.05k", "ffmpeg", ff(audio.Format{SampleRate: 22050, Channels: 1}, 2205, "", "-c:a", "pcm_f32le"), audio.Format{SampleRate: 22050, Channels: 1}, 2205, 32, true, true, false},
		{"ffmpeg f64 stereo 192k", "ffmpeg", ff(audio.Format{SampleRate: 192000, Channels: 2}, 19201, "", "-c:a", "pcm_f64le"), audio.Format{SampleRate: 192000, Channels: 2}, 19201, 64, true, true, false},
		{"ffmpeg u8 mono 8k odd", "ffmpeg", ff(mono8, 1001, "", "-c:a", "pcm_u8"), mono8, 1001, 8, false, false, false},
		{"ffmpeg s16 5.1 48k", "ffmpeg", ff(audio.Format{SampleRate: 48000, Channels: 6}, 12345, "5.1", "-c:a", "pcm_s16le"), audio.Format{SampleRate: 48000, Channels: 6}, 12345, 16, false, true, false},
		{"ffmpeg f32 7.1 48k", "ffmpeg", ff(audio.Format{SampleRate: 48000, Channels: 8}, 4800, "7.1", "-c:a", "pcm_f32le"), audio.Format{SampleRate: 48000, Channels: 8}, 4800, 32, true, true, false},
		{"ffmpeg rf64 always s16", "ffmpeg", ff(st441, 44101, "", "-c:a", "pcm_s16le", "-rf64", "always"), st441, 44101, 16, false, false, true},
		{"ffmpeg rf64 auto s24 (JUNK)", "ffmpeg", ff(m48, 4801, "", "-c:a", "pcm_s24le", "-rf64", "auto"), m48, 4801, 24, false, true, false},
		{"ffmpeg bext s16 16k", "ffmpeg", ff(audio.Format{SampleRate: 16000, Channels: 1}, 1601, "", "-c:a", "pcm_s16le", "-write_bext", "1", "-metadata", "description=ffmpeg bext"), audio.Format{SampleRate: 16000, Channels: 1}, 1601, 16, false, false, false},
		{"sox f32 stereo 48k", "sox", sx(audio.Format{SampleRate: 48000, Channels: 2}, 4801, "-e", "floating-point", "-b", "32"), audio.Format{SampleRate: 48000, Channels: 2}, 4801, 32, true, false, false},
		{"sox f64 mono 32k", "sox", sx(audio.Format{SampleRate: 32000, Channels: 1}, 3201, "-e", "floating-point", "-b", "64"), audio.Format{SampleRate: 32000, Channels: 1}, 3201, 64, true, false, false},
		{"sox s24 3 ch 48k", "sox", sx(audio.Format{SampleRate: 48000, Channels: 3}, 4801, "-e", "signed", "-b", "24"), audio.Format{SampleRate: 48000, Channels: 3}, 4801, 24, false, true, false},
		{"sox u8 mono 8k odd", "sox", sx(mono8, 1001, "-e", "unsigned", "-b", "8"), mono8, 1001, 8, false, false, false},
		{"sox s16 mono 11.025k", "sox", sx(audio.Format{SampleRate: 11025, Channels: 1}, 1103, "-e", "signed", "-b", "16"), audio.Format{SampleRate: 11025, Channels: 1}, 1103, 16, false, false, false},
		{"sox s32 8 ch 88.2k", "sox", sx(audio.Format{SampleRate: 88200, Channels: 8}, 8821, "-e", "signed", "-b", "32"), audio.Format{SampleRate: 88200, Channels: 8}, 8821, 32, false, true, false},
	}
	dir := t.TempDir()
	for i, tf := range files {
		t.Run(tf.name, func(t *testing.T) {
			needTool(t, tf.tool)
			path := filepath.Join(dir, fmt.Sprintf("tool%02d.wav", i))
			run(t, tf.tool == "sox", tf.tool, tf.args(path)...)
			info, got := decodeFile(t, path)
			want := ffmpegDecode(t, path)
			if info.Format != tf.f || info.BitsPerSample != tf.bits || info.Float != tf.float || info.Extensible != tf.extensible || info.RF64 != tf.rf64 {
				t.Errorf("Info = %+v; want %v, %d bits, float %v, extensible %v, RF64 %v", info, tf.f, tf.bits, tf.float, tf.extensible, tf.rf64)
			}
			if info.Frames != tf.frames || int64(len(got)) != tf.frames*int64(tf.f.Channels) {
				t.Errorf("Frames = %d, decoded %d samples; want %d frames", info.Frames, len(got), tf.frames)
			}
			if len(want) != len(got) {
				t.Fatalf("ffmpeg decodes %d samples, we decode %d", len(want), len(got))
			}
			snr := snrDB(want, got)
			if snr < 60 {
				t.Errorf("SNR against ffmpeg %.1f dB, want >= 60", snr)
			}
			t.Logf("%s: %d frames, SNR against ffmpeg %.1f dB", info, info.Frames, snr)
		})
	}
}

func TestEncodedFilesWithTools(t *testing.T) {
	needTool(t, "ffmpeg")
	needTool(t, "ffprobe")
	dir := t.TempDir()
	tests := []struct {
		name   string
		f      audio.Format
		frames int
		opts   EncoderOptions
	}{
		{"bwf 16 mono 44.1k", audio.Format{SampleRate: 44100, Channels: 1}, 44100, EncoderOptions{}},
		{"bwf 16 mono odd", audio.Format{SampleRate: 44100, Channels: 1}, 4411, EncoderOptions{}},
		{"bwf 24 mono odd (pad byte)", audio.Format{SampleRate: 48000, Channels: 1}, 4801, EncoderOptions{BitDepth: 24}},
		{"bwf 24 stereo 96k", audio.Format{SampleRate: 96000, Channels: 2}, 9600, EncoderOptions{BitDepth: 24}},
		{"bwf float stereo", audio.Format{SampleRate: 48000, Channels: 2}, 4800, EncoderOptions{BitDepth: 32}},
		{"bwf 16 6 ch", audio.Format{SampleRate: 48000, Channels: 6}, 4800, EncoderOptions{}},
		{"bwf 24 8 ch", audio.Format{SampleRate: 48000, Channels: 8}, 4801, EncoderOptions{BitDepth: 24}},
		{"bwf 16 mono extensible", audio.Format{SampleRate: 44100, Channels: 1}, 4411, EncoderOptions{Extensible: true}},
		{"bwf float stereo extensible", audio.Format{SampleRate: 44100, Channels: 2}, 4411, EncoderOptions{BitDepth: 32, Extensible: true}},
		{"plain 16 mono 8k", audio.Format{SampleRate: 8000, Channels: 1}, 8001, EncoderOptions{Plain: true}},
		{"plain 24 stereo 22.05k", audio.Format{SampleRate: 22050, Channels: 2}, 2205, EncoderOptions{BitDepth: 24, Plain: true}},
	}
	bext := BEXT{
		Description:         "Canh giac lua dao qua cuoc goi video Deepfake",
		Originator:          "loa",
		OriginatorReference: "deepfake-video-call",
		Origination:         time.Date(2024, 7, 4, 6, 30, 0, 0, time.UTC),
		TimeReference:       1234567,
		CodingHistory:       "A=PCM,F=44100,W=16,M=mono,T=loa",
	}
	// Control: ffmpeg's own canonical mono WAV gets the channel-layout guess.
	control := filepath.Join(dir, "control.wav")
	run(t, false, "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=d=0.1", "-c:a", "pcm_s16le", control)
	if got := ffmpegWarnings(t, control); got != guessedLayout(1) {
		t.Logf("ffmpeg's message for its own file changed: %q", got)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("enc%02d.wav", i))
			fh, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			src := signal(tt.f, tt.frames)
			opts := tt.opts
			opts.BEXT = bext
			frames, err := Encode(fh, audio.NewSlice(tt.f, src), opts)
			if err != nil || frames != int64(tt.frames) {
				t.Fatalf("Encode = %d, %v", frames, err)
			}
			if err := fh.Close(); err != nil {
				t.Fatal(err)
			}
			// ffmpeg reads the whole file without a warning, except the
			// channel-layout guess it makes for every file without a mask.
			allowed := ""
			if tt.opts.Plain || (!tt.opts.Extensible && tt.f.Channels <= 2) {
				allowed = guessedLayout(tt.f.Channels)
			}
			if got := ffmpegWarnings(t, path); got != "" && got != allowed {
				t.Errorf("ffmpeg printed %q", got)
			}
			want := ffmpegDecode(t, path)
			_, got := decodeFile(t, path)
			if len(want) != len(src) || len(got) != len(src) {
				t.Fatalf("ffmpeg decodes %d samples, we decode %d, wrote %d", len(want), len(got), len(src))
			}
			if s := snrDB(want, got); s < 60 {
				t.Errorf("SNR of our decode against ffmpeg's %.1f dB", s)
			}
			if s := snrDB(src, want); s < 60 {
				t.Errorf("SNR of ffmpeg's decode against the source %.1f dB", s)
			}
			var probe struct {
				Streams []struct {
					SampleRate string `json:"sample_rate"`
					Channels   int    `json:"channels"`
					DurationTS int64  `json:"duration_ts"`
				} `json:"streams"`
				Format struct {
					Tags map[string]string `json:"tags"`
				} `json:"format"`
			}
			raw := run(t, false, "ffprobe", "-v", "warning", "-of", "json", "-show_entries", "stream=sample_rate,channels,duration_ts:format_tags", path)
			if err := json.Unmarshal(raw, &probe); err != nil {
				t.Fatalf("ffprobe JSON: %v\n%s", err, raw)
			}
			if len(probe.Streams) != 1 || probe.Streams[0].SampleRate != fmt.Sprint(tt.f.SampleRate) || probe.Streams[0].Channels != tt.f.Channels || probe.Streams[0].DurationTS != int64(tt.frames) {
				t.Errorf("ffprobe streams %+v", probe.Streams)
			}
			tags := probe.Format.Tags
			if tt.opts.Plain {
				if len(tags) != 0 {
					t.Errorf("plain file has tags %v", tags)
				}
				return
			}
			if tags["comment"] != bext.Description || tags["encoded_by"] != bext.Originator ||
				tags["originator_reference"] != bext.OriginatorReference || tags["date"] != "2024-07-04" ||
				tags["creation_time"] != "06:30:00" || tags["time_reference"] != "1234567" ||
				tags["coding_history"] != bext.CodingHistory+"\r\n" {
				t.Errorf("ffprobe reads the bext chunk as %q", tags)
			}
			if s, ok := lookTool("sox"); ok {
				var stdout, stderr bytes.Buffer
				cmd := exec.Command(s, "--i", "-s", path)
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("sox --i: %v\n%s", err, stderr.String())
				}
				if strings.TrimSpace(stdout.String()) != fmt.Sprint(tt.frames) {
					t.Errorf("sox counts %s frames, want %d", stdout.String(), tt.frames)
				}
				// sox 14.4 says this about every EXTENSIBLE float file, ffmpeg's too.
				quirk := tt.opts.BitDepth == 32 && (tt.opts.Extensible || tt.f.Channels > 2) &&
					strings.HasSuffix(stderr.String(), "WARN wav: wave header missing extended part of fmt chunk\n")
				if stderr.Len() > 0 && !quirk {
					t.Errorf("sox printed %q", stderr.String())
				}
			}
		})
	}
}

// lookTool reports whether an optional cross-check tool is present.
func lookTool(name string) (string, bool) {
	p, err := exec.LookPath(name)
	return p, err == nil
}

func TestReadBEXTFromFFmpeg(t *testing.T) {
	needTool(t, "ffmpeg")
	path := filepath.Join(t.TempDir(), "b.wav")
	run(t, false, "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=d=0.1", "-write_bext", "1",
		"-metadata", "description=Mo ta", "-metadata", "originator=ffmpeg test", "-metadata", "origination_date=2024-07-04",
		"-metadata", "origination_time=06:30:00", "-metadata", "time_reference=441000", "-metadata", "coding_history=A=PCM,F=44100\r\n", path)
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = fh.Close() }()
	b, err := ReadBEXT(fh)
	if err != nil {
		t.Fatal(err)
	}
	if b.Description != "Mo ta" || b.Originator != "ffmpeg test" || b.TimeReference != 441000 ||
		!b.Origination.Equal(time.Date(2024, 7, 4, 6, 30, 0, 0, time.UTC)) || b.CodingHistory != "A=PCM,F=44100\r\n" {
		t.Errorf("ReadBEXT = %+v", b)
	}
	t.Logf("ffmpeg writes bext version %d", b.Version)
}
