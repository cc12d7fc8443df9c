package loudness

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

// Vietnamese sentences in the style of a ward bulletin, for synthetic
// speech clips.
var speechTexts = []string{
	"Kính thưa bà con, Ủy ban nhân dân phường xin thông báo về thủ đoạn lừa đảo giả mạo cuộc gọi video bằng công nghệ Deepfake.",
	"Bà con tuyệt đối không cung cấp mã OTP, số tài khoản ngân hàng cho người lạ qua điện thoại. Khi nghi ngờ, hãy gọi ngay số 113.",
}

// speechClip synthesises text with espeak-ng and converts it with sox to
// the given rate and channel count, with gainDB applied. Stereo clips get a
// quieter, delayed second channel so the channels differ.
func speechClip(t *testing.T, dir, text string, rate, channels int, gainDB float64) string {
	t.Helper()
	raw := filepath.Join(dir, fmt.Sprintf("espeak-%x.wav", len(text)))
	runTool(t, "espeak-ng", "-v", "vi", "-w", raw, text)
	out := filepath.Join(dir, fmt.Sprintf("speech-%d-%d-%x-%g.wav", rate, channels, len(text), gainDB))
	args := []string{raw, "-b", "16", out}
	if channels == 2 {
		args = append(args, "remix", "1", "1v0.6", "delay", "0", "0.013")
	}
	args = append(args, "gain", fmt.Sprint(gainDB), "rate", "-v", fmt.Sprint(rate))
	runTool(t, "sox", args...)
	return out
}

// The meter agrees with ffmpeg's ebur128 filter on real speech at the rates
// and layouts loa meets.
func TestAgainstFFmpegSpeech(t *testing.T) {
	requireTool(t, "ffmpeg")
	requireTool(t, "espeak-ng")
	requireTool(t, "sox")
	dir := t.TempDir()
	for ti, text := range speechTexts {
		for _, rate := range []int{22050, 44100, 48000} {
			for _, ch := range []int{1, 2} {
				gain := []float64{-3, 4}[ti]
				t.Run(fmt.Sprintf("text%d/%dHz/%dch", ti, rate, ch), func(t *testing.T) {
					path := speechClip(t, dir, text, rate, ch, gain)
					ref := ffmpegMeasure(t, path)
					f, x := readWAV16(t, path)
					if f.SampleRate != rate || f.Channels != ch {
						t.Fatalf("sox wrote %v", f)
					}
					r := measureSlice(t, f, DefaultOptions(), x)
					t.Logf("loa I %.3f LUFS TP %.2f dBTP LRA %.2f | ffmpeg I %.1f (last frame %.3f) TP %.1f LRA %.1f",
						r.Integrated, r.TruePeak, r.Range, ref.Integrated, ref.LastI, ref.TruePeak, ref.Range)
					// The summary prints one decimal: allow its rounding on
					// top. The last frame's metadata has three.
					if d := math.Abs(r.Integrated - ref.Integrated); d > 0.1+0.05 {
						t.Errorf("integrated %.2f LUFS, ffmpeg %.1f", r.Integrated, ref.Integrated)
					}
					if d := math.Abs(r.Integrated - ref.LastI); !(d <= 0.1) {
						t.Errorf("integrated %.3f LUFS, ffmpeg's last frame %.3f", r.Integrated, ref.LastI)
					}
					if d := math.Abs(r.TruePeak - ref.TruePeak); d > 0.3+0.05 {
						t.Errorf("true peak %.2f dBTP, ffmpeg %.1f", r.TruePeak, ref.TruePeak)
					}
				})
			}
		}
	}
}
