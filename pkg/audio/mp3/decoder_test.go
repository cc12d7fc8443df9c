package mp3

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"loa/pkg/audio"
)

// corpus builds test files with lame, ffmpeg and by hand, from WAV inputs
// made of testSignal.
type corpus struct {
	t    *testing.T
	dir  string
	wavs map[[2]int]string
}

const corpusSeconds = 1.3

func newCorpus(t *testing.T) *corpus {
	t.Helper()
	needTool(t, "lame")
	needTool(t, "ffmpeg")
	return &corpus{t: t, dir: t.TempDir(), wavs: map[[2]int]string{}}
}

func (c *corpus) wav(rate, ch int) string {
	k := [2]int{rate, ch}
	if p, ok := c.wavs[k]; ok {
		return p
	}
	p := filepath.Join(c.dir, fmt.Sprintf("in-%d-%d.wav", rate, ch))
	writeWAV(c.t, p, rate, ch, testSignal(rate, ch, int(corpusSeconds*float64(rate))))
	c.wavs[k] = p
	return p
}

// lame encodes the WAV at rate/ch with lame and the given options.
func (c *corpus) lame(name string, rate, ch int, args ...string) string {
	out := filepath.Join(c.dir, name+".mp3")
	if _, err := os.Stat(out); err == nil {
		return out
	}
	a := append([]string{"--quiet", "--noreplaygain"}, args...)
	a = append(a, c.wav(rate, ch), out)
	runTool(c.t, "lame", a...)
	return out
}

func (c *corpus) ffmpeg(name string, args ...string) string {
	out := filepath.Join(c.dir, name)
	a := append([]string{"-nostdin", "-v", "error", "-y"}, args...)
	runTool(c.t, "ffmpeg", append(a, out)...)
	return out
}

// write stores hand-made bytes.
func (c *corpus) write(name string, parts ...[]byte) string {
	p := filepath.Join(c.dir, name)
	if err := os.WriteFile(p, bytes.Join(parts, nil), 0o644); err != nil {
		c.t.Fatal(err)
	}
	return p
}

func (c *corpus) read(p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// id3v23 is an ID3v2.3 tag with one Latin-1 TIT2 frame.
func id3v23(title string) []byte {
	body := []byte("TIT2")
	body = binary.BigEndian.AppendUint32(body, uint32(len(title)+1))
	body = append(body, 0, 0, 0)
	body = append(body, title...)
	h := []byte{'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0}
	putSyncsafe(h[6:], len(body))
	return append(h, body...)
}

// id3v24Footer is an ID3v2.4 tag with the unsynchronisation and footer
// flags, whose body holds a fake frame header (unsynchronised, as the
// flag says) to trip a scanner that does not skip the whole tag.
func id3v24Footer() []byte {
	body := []byte("TXXX")
	val := []byte{3, 'f', 'a', 'k', 'e', 0, 0xFF, 0x00, 0xFB, 0x90, 0x64, 0x00}
	var sz [4]byte
	putSyncsafe(sz[:], len(val))
	body = append(body, sz[:]...)
	body = append(body, 0, 0)
	body = append(body, val...)
	body = append(body, make([]byte, 30)...) // padding is not allowed with a footer, but seen
	h := []byte{'I', 'D', '3', 4, 0, 0x80 | 0x10, 0, 0, 0, 0}
	putSyncsafe(h[6:], len(body))
	foot := append([]byte("3DI"), h[3:]...)
	return bytes.Join([][]byte{h, body, foot}, nil)
}

// id3v1 is a 128-byte ID3v1.1 tag.
func id3v1(title string) []byte {
	b := make([]byte, 128)
	copy(b, "TAG")
	copy(b[3:33], title)
	b[127] = 12
	return b
}

// apeTag is an APEv2 tag with header and footer.
func apeTag(items map[string]string) []byte {
	var body []byte
	keys := []string{}
	for k := range items {
		keys = append(keys, k)
	}
	for _, k := range keys {
		body = binary.LittleEndian.AppendUint32(body, uint32(len(items[k])))
		body = binary.LittleEndian.AppendUint32(body, 0)
		body = append(body, k...)
		body = append(body, 0)
		body = append(body, items[k]...)
	}
	block := func(isHeader bool) []byte {
		b := []byte("APETAGEX")
		b = binary.LittleEndian.AppendUint32(b, 2000)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(body)+32))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(items)))
		flags := uint32(1 << 31)
		if isHeader {
			flags |= 1 << 29
		}
		b = binary.LittleEndian.AppendUint32(b, flags)
		return append(b, make([]byte, 8)...)
	}
	return bytes.Join([][]byte{block(true), body, block(false)}, nil)
}

// lyrics3v2 is a Lyrics3 v2.00 block.
func lyrics3v2(text string) []byte {
	field := "LYR" + fmt.Sprintf("%05d", len(text)) + text
	body := "LYRICSBEGIN" + "IND00002" + "11" + field
	return []byte(body + fmt.Sprintf("%06d", len(body)) + "LYRICS200")
}

// syntheticFrames makes n frames with the given 4-byte header and zero
// bodies.
func syntheticFrames(hdr [4]byte, size, n int) []byte {
	var b []byte
	for i := 0; i < n; i++ {
		f := make([]byte, size)
		copy(f, hdr[:])
		b = append(b, f...)
	}
	return b
}

// frameOffsets lists the frame offsets of a tag-less CBR/VBR MP3.
func frameOffsets(t *testing.T, b []byte) []int {
	t.Helper()
	var offs []int
	for off := 0; off+4 <= len(b); {
		h, ok := parseHeader(b[off:])
		if !ok || h.frameSize() == 0 {
			t.Fatalf("no frame at byte %d", off)
		}
		offs = append(offs, off)
		off += h.frameSize()
	}
	return offs
}

func TestDecodeCorpus(t *testing.T) {
	c := newCorpus(t)
	type tc struct {
		name  string
		make  func() string
		want  error         // nil: decodes like ffmpeg
		maybe bool          // ErrUnsupported is an acceptable outcome too
		ref   func() string // ffmpeg reference file when not the input itself
		mpg   bool          // compare content with mpg123 (ffmpeg 5.1 differs at 24 kHz)
		check func(*testing.T, Info)
	}
	isInfo := func(version string, rate, ch, kbps int, vbr, lame bool) func(*testing.T, Info) {
		return func(t *testing.T, in Info) {
			t.Helper()
			if in.Version != version || in.Layer != 3 || in.Format.SampleRate != rate || in.Format.Channels != ch ||
				in.VBR != vbr || in.HasLAME != lame || (!vbr && in.Bitrate != kbps) {
				t.Errorf("Info = %+v, want MPEG-%s %d Hz %d ch %d kbit/s VBR %v LAME %v", in, version, rate, ch, kbps, vbr, lame)
			}
			if lame && in.EncoderDelay != 576 {
				t.Errorf("EncoderDelay = %d, want LAME's 576", in.EncoderDelay)
			}
		}
	}
	cases := []tc{
		{name: "lame CBR 128 stereo 44.1k", make: func() string { return c.lame("cbr128s44", 44100, 2, "-b", "128") },
			check: isInfo("1", 44100, 2, 128, false, true)},
		{name: "lame CBR 64 mono 44.1k", make: func() string { return c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m") },
			check: isInfo("1", 44100, 1, 64, false, true)},
		{name: "lame CBR 96 stereo 48k", make: func() string { return c.lame("cbr96s48", 48000, 2, "-b", "96", "--resample", "48") },
			check: isInfo("1", 48000, 2, 96, false, true)},
		{name: "lame CBR 48 mono 32k", make: func() string { return c.lame("cbr48m32", 32000, 1, "-b", "48", "-m", "m") },
			check: isInfo("1", 32000, 1, 48, false, true)},
		{name: "lame VBR stereo 48k", make: func() string { return c.lame("vbrs48", 48000, 2, "-V", "4") },
			check: isInfo("1", 48000, 2, 0, true, true)},
		{name: "lame VBR mono 44.1k", make: func() string { return c.lame("vbrm44", 44100, 1, "-V", "6", "-m", "m") },
			check: isInfo("1", 44100, 1, 0, true, true)},
		{name: "lame ABR stereo 32k", make: func() string { return c.lame("abrs32", 32000, 2, "--abr", "80") }},
		{name: "lame CBR 64 mono 22.05k (MPEG-2, safe bitrate)",
			make:  func() string { return c.lame("cbr64m22", 22050, 1, "-b", "64", "-m", "m", "--resample", "22.05") },
			check: isInfo("2", 22050, 1, 64, false, true)},
		{name: "lame CBR 40 stereo 22.05k", make: func() string { return c.lame("cbr40s22", 22050, 2, "-b", "40", "--resample", "22.05") }},
		{name: "lame CBR 128 stereo 22.05k", make: func() string { return c.lame("cbr128s22", 22050, 2, "-b", "128", "--resample", "22.05") }},
		{name: "lame CBR 64 stereo 24k", mpg: true, make: func() string { return c.lame("cbr64s24", 24000, 2, "-b", "64", "--resample", "24") },
			check: isInfo("2", 24000, 2, 64, false, true)},
		{name: "lame CBR 32 mono 16k", make: func() string { return c.lame("cbr32m16", 16000, 1, "-b", "32", "-m", "m", "--resample", "16") },
			// The Info frame does not fit a 144-byte frame: lame writes none.
			check: isInfo("2", 16000, 1, 32, false, false)},
		{name: "lame CBR 160 mono 24k", mpg: true, make: func() string { return c.lame("cbr160m24", 24000, 1, "-b", "160", "-m", "m", "--resample", "24") }},
		{name: "lame VBR mono 22.05k", maybe: true, make: func() string { return c.lame("vbrm22", 22050, 1, "-V", "5", "-m", "m", "--resample", "22.05") }},
		{name: "lame VBR stereo 24k", mpg: true, make: func() string { return c.lame("vbrs24", 24000, 2, "-V", "5", "--resample", "24") }},
		{name: "lame without Xing frame", make: func() string { return c.lame("nox", 44100, 1, "-b", "64", "-m", "m", "-t") },
			check: isInfo("1", 44100, 1, 64, false, false)},
		{name: "Xing frame without LAME tag", make: func() string {
			b := c.read(c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m"))
			i := bytes.Index(b, []byte("LAME3"))
			copy(b[i:], "XXXX")
			return c.write("xing-nolame.mp3", b)
		}, check: isInfo("1", 44100, 1, 64, false, false)},
		{name: "ffmpeg libmp3lame (Lavc/LAME tag)", make: func() string {
			return c.ffmpeg("ffmpeg-lame.mp3", "-i", c.wav(44100, 2), "-c:a", "libmp3lame", "-b:a", "96k")
		}},
		{name: "ffmpeg remux (Lavf tag, ID3v2.4)", make: func() string {
			return c.ffmpeg("remux.mp3", "-i", c.lame("cbr128s44", 44100, 2, "-b", "128"), "-c:a", "copy", "-metadata", "title=Thông báo")
		}},
		{name: "sox (libmp3lame, no tag frame)", make: func() string {
			out := filepath.Join(c.dir, "sox.mp3")
			runTool(c.t, "sox", c.wav(44100, 2), "-C", "96", out)
			return out
		}},
		{name: "ID3v2 from lame", make: func() string {
			return c.lame("id3v2", 44100, 2, "-b", "128", "--add-id3v2", "--pad-id3v2", "--tt", "Cảnh giác Deepfake", "--ta", "Phường 1")
		}},
		{name: "two ID3v2 tags", make: func() string {
			return c.write("two-id3.mp3", id3v23("first"), c.read(c.lame("id3v2", 44100, 2, "-b", "128", "--add-id3v2", "--pad-id3v2", "--tt", "Cảnh giác Deepfake", "--ta", "Phường 1")))
		}, ref: func() string { return c.lame("cbr128s44", 44100, 2, "-b", "128") }},
		{name: "ID3v2.4 with footer and unsync flags", make: func() string {
			return c.write("id3-footer.mp3", id3v24Footer(), id3v23("second"), c.read(c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m")))
		}, ref: func() string { return c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m") }},
		{name: "zero padding after ID3v2", make: func() string {
			return c.write("id3-zeros.mp3", id3v23("pad"), make([]byte, 700), c.read(c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m")))
		}, ref: func() string { return c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m") }},
		{name: "ID3v1", make: func() string {
			return c.lame("id3v1", 44100, 1, "-b", "64", "-m", "m", "--id3v1-only", "--tt", "Canh giac")
		}},
		{name: "APEv2 then ID3v1", make: func() string {
			return c.write("ape.mp3", c.read(c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m")),
				apeTag(map[string]string{"Title": "Cảnh giác", "Artist": "Phường"}), id3v1("x"))
		}, ref: func() string { return c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m") }},
		{name: "APEv2 only", make: func() string {
			return c.write("ape-only.mp3", c.read(c.lame("vbrs48", 48000, 2, "-V", "4")), apeTag(map[string]string{"Title": "x"}))
		}, ref: func() string { return c.lame("vbrs48", 48000, 2, "-V", "4") }},
		{name: "Lyrics3v2 then ID3v1", make: func() string {
			return c.write("lyrics.mp3", c.read(c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m")), lyrics3v2("Kính thưa bà con"), id3v1("y"))
		}, ref: func() string { return c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m") }},
		{name: "junk between frames", make: func() string {
			b := c.read(c.lame("nox", 44100, 1, "-b", "64", "-m", "m", "-t"))
			o := frameOffsets(c.t, b)[10]
			return c.write("junk.mp3", b[:o], []byte("\x00junk\xff\xfbjunk"), b[o:])
		}, ref: func() string { return c.lame("nox", 44100, 1, "-b", "64", "-m", "m", "-t") }},
		{name: "trailing junk", make: func() string {
			return c.write("tailjunk.mp3", c.read(c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m")), []byte("some trailing bytes\n"))
		}, ref: func() string { return c.lame("cbr64m44", 44100, 1, "-b", "64", "-m", "m") }},
		{name: "CRC-protected frames", make: func() string { return c.lame("crc", 44100, 2, "-b", "128", "-p") }},

		// Refused: go-mp3 would decode these wrongly or not at all.
		{name: "MPEG-2.5 11.025k", want: ErrUnsupported, make: func() string {
			return c.lame("m25-11", 11025, 1, "-b", "32", "-m", "m", "--resample", "11.025")
		}},
		{name: "MPEG-2.5 8k", want: ErrUnsupported, make: func() string {
			return c.lame("m25-8", 8000, 1, "-b", "16", "-m", "m", "--resample", "8")
		}},
		{name: "Layer II", want: ErrUnsupported, make: func() string {
			return c.ffmpeg("layer2.mp2", "-i", c.wav(44100, 2), "-c:a", "mp2", "-b:a", "192k", "-f", "mp2")
		}},
		{name: "Layer I (synthetic)", want: ErrUnsupported, make: func() string {
			// MPEG-1 Layer I, 128 kbit/s, 44.1 kHz, mono: 34 slots of 4 bytes.
			return c.write("layer1.mp3", syntheticFrames([4]byte{0xFF, 0xFF, 0x40, 0xC0}, 136, 20))
		}},
		{name: "free format", want: ErrUnsupported, make: func() string {
			return c.lame("free", 44100, 2, "--freeformat", "-b", "400")
		}},
		{name: "not MP3 (WAV)", want: ErrNotMP3, make: func() string { return c.wav(44100, 1) }},
		{name: "empty file", want: ErrNotMP3, make: func() string { return c.write("empty.mp3") }},
		{name: "only an ID3v2 tag", want: ErrNotMP3, make: func() string { return c.write("tag-only.mp3", id3v23("nothing")) }},
		{name: "ID3v2 size past the end", want: ErrTruncated, make: func() string {
			return c.write("tag-cut.mp3", id3v23("cut")[:15])
		}},
		{name: "truncated (Xing count)", want: ErrTruncated, make: func() string {
			b := c.read(c.lame("cbr128s44", 44100, 2, "-b", "128"))
			o := frameOffsets(c.t, b)
			return c.write("cut-xing.mp3", b[:o[len(o)/2]])
		}},
		{name: "truncated mid-frame", want: ErrTruncated, make: func() string {
			b := c.read(c.lame("nox", 44100, 1, "-b", "64", "-m", "m", "-t"))
			o := frameOffsets(c.t, b)
			return c.write("cut-mid.mp3", b[:o[30]+100])
		}},
		{name: "lost sync (garbage after frames)", want: ErrCorrupt, make: func() string {
			b := c.read(c.lame("nox", 44100, 1, "-b", "64", "-m", "m", "-t"))
			o := frameOffsets(c.t, b)
			return c.write("lost-sync.mp3", b[:o[20]], bytes.Repeat([]byte{0x12, 0x34, 0x56}, 2000), b[o[20]:])
		}},
	}
	// MPEG-2 at 22.05 kHz: padded frames at these bitrates are cut a byte
	// short by go-mp3; the others decode fine.
	for _, kbps := range []int{8, 16, 24, 32, 80, 96, 144, 160} {
		cases = append(cases, tc{name: fmt.Sprintf("MPEG-2 22.05k %d kbit/s mono", kbps), want: ErrUnsupported,
			make: func() string {
				return c.lame(fmt.Sprintf("risky%d", kbps), 22050, 1, "-b", strconv.Itoa(kbps), "-m", "m", "--resample", "22.05")
			}})
	}
	for _, kbps := range []int{48, 56, 112} {
		cases = append(cases, tc{name: fmt.Sprintf("MPEG-2 22.05k %d kbit/s mono", kbps),
			make: func() string {
				return c.lame(fmt.Sprintf("safe%d", kbps), 22050, 1, "-b", strconv.Itoa(kbps), "-m", "m", "--resample", "22.05")
			}})
	}
	cases = append(cases, tc{name: "MPEG-2 22.05k 32 kbit/s stereo", want: ErrUnsupported,
		make: func() string { return c.lame("risky32s", 22050, 2, "-b", "32", "--resample", "22.05") }})

	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			// The corpus reports tool failures on the running subtest.
			parent := c.t
			c.t = t
			defer func() { c.t = parent }()
			path := tt.make()
			got, d, err := decodeAll(t, path)
			info, perr := probeFile(t, path)
			if tt.want != nil || (tt.maybe && errors.Is(err, ErrUnsupported)) {
				want := tt.want
				if want == nil {
					want = ErrUnsupported
				}
				if !errors.Is(err, want) || !errors.Is(perr, want) {
					t.Fatalf("decode error %s, probe error %s; want %v", fmtErr(err), fmtErr(perr), want)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the clip", err)
				}
				if want == ErrUnsupported && !strings.Contains(err.Error(), "ffmpeg -i") {
					t.Errorf("error %q does not say how to convert the clip", err)
				}
				t.Logf("refused: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if perr != nil || info != d.Info() {
				t.Fatalf("Probe = %+v, %v; decoder says %+v", info, perr, d.Info())
			}
			ch := info.Format.Channels
			ref := path
			if tt.ref != nil {
				ref = tt.ref()
			}
			wantRate, wantCh := ffprobeFormat(t, ref)
			if info.Format.SampleRate != wantRate || ch != wantCh {
				t.Fatalf("format %v, ffprobe says %d Hz %d ch", info.Format, wantRate, wantCh)
			}
			ff := ffmpegDecode(t, ref)
			n, nff := int64(len(got)/ch), int64(len(ff)/ch)
			if n != info.Frames {
				t.Errorf("decoded %d frames, Frames() said %d", n, info.Frames)
			}
			if d := n - nff; d < -1 || d > 1 {
				t.Errorf("decoded %d frames, ffmpeg %d (%+d)", n, nff, d)
			}
			refName, refPCM := "ffmpeg", ff
			if tt.mpg {
				refName, refPCM = "mpg123", mpg123Decode(t, ref)
			}
			if s := snrDB(refPCM, got); s < 60 {
				t.Errorf("SNR against %s %.1f dB < 60 dB (best lag %d)", refName, s, bestLag(refPCM, got, ch, 3000))
			} else {
				t.Logf("%d frames (ffmpeg %d), SNR against %s %.1f dB, %+v", n, nff, refName, s, info)
			}
			if tt.check != nil {
				tt.check(t, info)
			}
		})
	}
}

func probeFile(t *testing.T, path string) (Info, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Probe(f, path)
}

func ffprobeFormat(t *testing.T, path string) (rate, ch int) {
	t.Helper()
	out := runTool(t, "ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
		"stream=sample_rate,channels", "-of", "csv=p=0", path)
	parts := strings.Split(strings.TrimSpace(string(out)), ",")
	if len(parts) != 2 {
		t.Fatalf("ffprobe output %q", out)
	}
	rate, _ = strconv.Atoi(parts[0])
	ch, _ = strconv.Atoi(parts[1])
	return rate, ch
}

func TestDecoderAPI(t *testing.T) {
	dir := t.TempDir()
	in := testSignal(44100, 2, 10000)
	p := encodeFile(t, dir, "api.mp3", 44100, 2, in, EncoderOptions{Bitrate: 128, Tags: Tags{Title: "api"}})

	t.Run("Open missing file names it", func(t *testing.T) {
		_, err := Open(filepath.Join(dir, "missing.mp3"))
		if err == nil || !strings.Contains(err.Error(), "missing.mp3") || !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("Info and Probe agree", func(t *testing.T) {
		d, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		pi, err := probeFile(t, p)
		if err != nil || pi != d.Info() {
			t.Fatalf("Probe %+v %v, decoder %+v", pi, err, d.Info())
		}
		want := Info{Format: d.Format(), Version: "1", Layer: 3, Bitrate: 128, Frames: 10000,
			EncoderDelay: shineDelay, Padding: pi.Padding, HasLAME: true}
		if pi != want || d.Frames() != 10000 || d.Format() != (audio.Format{SampleRate: 44100, Channels: 2}) {
			t.Fatalf("Info %+v, want %+v", pi, want)
		}
	})
	t.Run("odd buffer sizes give the same samples", func(t *testing.T) {
		ref, _, err := decodeAll(t, p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var got []float32
		sizes := []int{2, 6, 4096, 1, 130, 2306, 0}
		for i := 0; ; i++ {
			buf := make([]float32, sizes[i%len(sizes)])
			n, err := d.Read(buf)
			if n%2 != 0 {
				t.Fatalf("Read returned %d samples", n)
			}
			got = append(got, buf[:n]...)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if !slicesEqual(got, ref) {
			t.Fatalf("%d samples in pieces, %d at once, or they differ", len(got), len(ref))
		}
		if n, err := d.Read(make([]float32, 10)); n != 0 || !errors.Is(err, io.EOF) {
			t.Fatalf("Read after the end: %d, %v", n, err)
		}
	})
	t.Run("Close", func(t *testing.T) {
		d, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		if err := d.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		if _, err := d.Read(make([]float32, 10)); !errors.Is(err, ErrClosed) {
			t.Fatalf("Read after Close: %v", err)
		}
	})
	t.Run("NewDecoder leaves the reader open", func(t *testing.T) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		d, err := NewDecoder(f, p)
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			t.Fatalf("reader closed: %v", err)
		}
	})
	t.Run("mono file decodes to one channel", func(t *testing.T) {
		mono := encodeFile(t, dir, "mono.mp3", 22050, 1, testSignal(22050, 1, 5000), EncoderOptions{})
		got, d, err := decodeAll(t, mono)
		if err != nil || d.Format().Channels != 1 || len(got) != 5000 {
			t.Fatalf("%v, %v, %d samples", err, d.Format(), len(got))
		}
	})
}

func slicesEqual(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
