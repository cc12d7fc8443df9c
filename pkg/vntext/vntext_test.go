package vntext

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	sharedCasesPath = "../../../shared/examples/vntext-cases.tsv"
	letterPath      = "../../../shared/examples/cong-van-ubnd-tp-bac-kan-2024-07.txt"
)

func newNormalizer(t testing.TB, opts Options) *Normalizer {
	t.Helper()
	n, err := New(opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	return n
}

func TestNormalizeCases(t *testing.T) {
	if len(casesTable) < 300 {
		t.Fatalf("only %d cases", len(casesTable))
	}
	n := newNormalizer(t, Options{})
	seen := map[string]bool{}
	for _, c := range casesTable {
		if seen[c.name] {
			t.Errorf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			got := n.Normalize(c.in)
			if got != c.want {
				t.Errorf("Normalize(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
			if again := n.Normalize(got); again != got {
				t.Errorf("not idempotent: Normalize(%q) = %q", got, again)
			}
		})
	}
}

// TestSharedCases reads the project's shared example cases, when they are there.
func TestSharedCases(t *testing.T) {
	f, err := os.Open(sharedCasesPath)
	if err != nil {
		t.Skipf("shared cases not available (%v); the copy in sharedCases is still tested", err)
	}
	defer f.Close()
	n := newNormalizer(t, Options{})
	sc := bufio.NewScanner(f)
	line := 0
	rows := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 2 {
			t.Errorf("%s:%d: %d columns", sharedCasesPath, line, len(cols))
			continue
		}
		rows++
		written, want := cols[0], cols[1]
		category := ""
		if len(cols) > 2 {
			category = cols[2]
		}
		if got := n.Normalize(written); got != want {
			t.Errorf("%s:%d (%s): Normalize(%q)\n got %q\nwant %q", filepath.Base(sharedCasesPath), line, category, written, got, want)
		}
		if strings.HasPrefix(category, "enc_") {
			wantEnc := Encoding(strings.TrimPrefix(category, "enc_"))
			got, enc, err := Decode([]byte(written))
			if err != nil || got != want || enc != wantEnc {
				t.Errorf("line %d: Decode(%q) = %q, %q, %v; want %q, %q", line, written, got, enc, err, want, wantEnc)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows == 0 {
		t.Fatal("no rows in the shared cases")
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		in   string
		want string
	}{
		{"south/linh", Options{Dialect: Southern}, "105", "một trăm lẻ năm"},
		{"south/ngan", Options{Dialect: Southern}, "1000", "một ngàn"},
		{"south/1.005", Options{Dialect: Southern}, "1.005", "một ngàn không trăm lẻ năm"},
		{"south/2024", Options{Dialect: Southern}, "năm 2024", "năm hai ngàn không trăm hai mươi tư"},
		{"south/nghin-ty", Options{Dialect: Southern}, "1000000000000", "một ngàn tỷ"},
		{"south/money", Options{Dialect: Southern}, "500.000đ", "năm trăm ngàn đồng"},
		{"north/explicit", Options{Dialect: Northern}, "105", "một trăm linh năm"},
		{"tone-new/hoa", Options{TonePlacement: ToneNew}, "hòa bình", "hoà bình"},
		{"tone-new/uy-ban", Options{TonePlacement: ToneNew}, "Ủy ban", "Uỷ ban"},
		{"tone-new/abbreviation", Options{TonePlacement: ToneNew}, "UBND", "Uỷ ban nhân dân"},
		{"tone-new/khoe", Options{TonePlacement: ToneNew}, "khỏe", "khoẻ"},
		{"tone-new/closed", Options{TonePlacement: ToneNew}, "hoàn", "hoàn"},
		{"tone-traditional/explicit", Options{TonePlacement: ToneTraditional}, "thuỷ", "thủy"},
		{"day/mong", Options{DayPrefix: "mồng"}, "ngày 04/7/2024", "ngày mồng bốn tháng bảy năm hai nghìn không trăm hai mươi tư"},
		{"day/mung-explicit", Options{DayPrefix: "mùng"}, "ngày 4/7", "ngày mùng bốn tháng bảy"},
		{"four/plain", Options{PlainFour: true}, "24", "hai mươi bốn"},
		{"four/plain-ordinal", Options{PlainFour: true}, "thứ 4", "thứ tư"},
		{"abbrev/extend", Options{Abbreviations: map[string]string{"BTGTU": "Ban Tuyên giáo Tỉnh ủy"}}, "BTGTU", "Ban Tuyên giáo Tỉnh ủy"},
		{"abbrev/override", Options{Abbreviations: map[string]string{"CT": "công ty"}}, "CT 15", "công ty mười lăm"},
		{"abbrev/drop", Options{Abbreviations: map[string]string{"VT": ""}}, "Lưu: VT.", "Lưu:."},
		{"abbrev/with-space", Options{Abbreviations: map[string]string{"BCĐ 389": "Ban Chỉ đạo ba trăm tám mươi chín"}}, "BCĐ 389 tỉnh", "Ban Chỉ đạo ba trăm tám mươi chín tỉnh"},
		{"words/extend", Options{Words: map[string]string{"canhsatgiaothong": "cảnh sát giao thông"}}, "canhsatgiaothong.gov.vn", "cảnh sát giao thông chấm gốp chấm vê en"},
		{"words/folded-key", Options{Words: map[string]string{"Phòng Chống": "phòng chống"}}, "phongchong.vn", "phòng chống chấm vê en"},
		{"words/segment-with-extra", Options{Words: map[string]string{"phongchong": "phòng chống"}}, "phongchongluadao.vn", "phòng chống lừa đảo chấm vê en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newNormalizer(t, tt.opts)
			got := n.Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := n.Normalize(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		field string
	}{
		{"dialect", Options{Dialect: "trung"}, "Dialect"},
		{"tone", Options{TonePlacement: "mới"}, "TonePlacement"},
		{"day", Options{DayPrefix: "mồ"}, "DayPrefix"},
		{"abbrev/empty-key", Options{Abbreviations: map[string]string{"": "x"}}, "Abbreviations"},
		{"abbrev/space-key", Options{Abbreviations: map[string]string{" UB": "x"}}, "Abbreviations"},
		{"abbrev/digit-key", Options{Abbreviations: map[string]string{"5G": "năm giê"}}, "Abbreviations"},
		{"abbrev/not-spoken", Options{Abbreviations: map[string]string{"ABCD": "số 5"}}, "Abbreviations"},
		{"abbrev/bad-utf8", Options{Abbreviations: map[string]string{"AB": "\xff"}}, "Abbreviations"},
		{"words/bad-key", Options{Words: map[string]string{"a-b": "a b"}}, "Words"},
		{"words/empty", Options{Words: map[string]string{"ab": " "}}, "Words"},
		{"words/not-spoken", Options{Words: map[string]string{"ab": "UBND"}}, "Words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(tt.opts)
			if err == nil {
				t.Fatalf("New(%+v) = %v, want an error", tt.opts, n)
			}
			if !errors.Is(err, ErrBadOption) {
				t.Errorf("error %v does not wrap ErrBadOption", err)
			}
			var oe *OptionError
			if !errors.As(err, &oe) || oe.Field != tt.field {
				t.Errorf("error %v: want an *OptionError for field %s", err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name the field %s", err, tt.field)
			}
		})
	}
}

// TestBuiltinSpokenForms checks that every built-in spoken form is already spoken,
// which Normalize's idempotence depends on.
func TestBuiltinSpokenForms(t *testing.T) {
	n := newNormalizer(t, Options{})
	count := 0
	for _, list := range n.abbr {
		for _, e := range list {
			count++
			if got := n.Normalize(e.spoken); got != e.spoken {
				t.Errorf("abbreviation %q: spoken %q reads as %q", e.key, e.spoken, got)
			}
		}
	}
	if count < 80 {
		t.Errorf("only %d abbreviations", count)
	}
	for k, v := range n.words {
		if got := n.Normalize(v); got != v {
			t.Errorf("word %q: spoken %q reads as %q", k, v, got)
		}
	}
	for _, v := range letterNames {
		if got := n.Normalize(v); got != v {
			t.Errorf("letter name %q reads as %q", v, got)
		}
	}
	for k, v := range units {
		if got := n.Normalize(v); got != v {
			t.Errorf("unit %q: spoken %q reads as %q", k, v, got)
		}
	}
}

func TestSpans(t *testing.T) {
	n := newNormalizer(t, Options{})
	in := "“Gọi 113” ngay,\nKT. CHỦ TỊCH"
	spans := n.Spans(in)
	want := []Span{
		{Written: "“", Spoken: "", Start: 0, End: 3, Changed: true},
		{Written: "Gọi", Spoken: "Gọi", Start: 3, End: 8},
		{Written: "113", Spoken: "một một ba", Start: 9, End: 12, Changed: true},
		{Written: "”", Spoken: "", Start: 12, End: 15, Changed: true},
		{Written: "ngay", Spoken: "ngay", Start: 16, End: 20},
		{Written: ",", Spoken: ",", Start: 20, End: 21},
		{Written: "KT.", Spoken: "Ký thay", Start: 22, End: 25, Changed: true},
		{Written: "CHỦ", Spoken: "Chủ", Start: 26, End: 31, Changed: true},
		{Written: "TỊCH", Spoken: "tịch", Start: 32, End: 38, Changed: true},
	}
	if len(spans) != len(want) {
		t.Fatalf("got %d spans %+v, want %d", len(spans), spans, len(want))
	}
	for i := range want {
		if spans[i] != want[i] {
			t.Errorf("span %d = %+v, want %+v", i, spans[i], want[i])
		}
	}
}

// TestSpansCoverInput checks, on every case, that the spans are in order, that
// Written is the input between the offsets, and that rendering them gives Normalize.
func TestSpansCoverInput(t *testing.T) {
	n := newNormalizer(t, Options{})
	for _, c := range casesTable {
		spans := n.Spans(c.in)
		last := 0
		for _, s := range spans {
			if s.Start < last || s.End < s.Start || s.End > len(c.in) {
				t.Fatalf("%s: span %+v out of order (after %d)", c.name, s, last)
			}
			if c.in[s.Start:s.End] != s.Written {
				t.Errorf("%s: span %+v: Written is not the input %q", c.name, s, c.in[s.Start:s.End])
			}
			if s.Changed != (s.Written != s.Spoken) {
				t.Errorf("%s: span %+v: wrong Changed", c.name, s)
			}
			last = s.End
		}
		if strings.Contains(c.in, "\n") {
			continue
		}
		ps := make([]piece, len(spans))
		for i, s := range spans {
			ps[i] = piece{start: s.Start, end: s.End, spoken: s.Spoken}
		}
		var b strings.Builder
		render(&b, ps)
		if b.String() != n.Normalize(c.in) {
			t.Errorf("%s: rendered spans %q differ from Normalize %q", c.name, b.String(), n.Normalize(c.in))
		}
	}
}

// TestSpansNFDAndLegacy checks offsets into input that NFC or the legacy repair changed.
func TestSpansNFDAndLegacy(t *testing.T) {
	n := newNormalizer(t, Options{})
	tests := []struct{ in, written, spoken string }{
		{"Vie\u0323\u0302t 5", "Vie\u0323\u0302t", "Việt"},
		{"Vie\u0323\u0302t 5", "5", "năm"},
		{"Th«ng b¸o 5", "b¸o", "báo"},
		{"Tho^ng ba'o 5", "ba'o", "báo"},
		{"Thoâng baùo 5", "Thoâng", "Thông"},
	}
	for _, tt := range tests {
		found := false
		for _, s := range n.Spans(tt.in) {
			if s.Written == tt.written {
				found = true
				if s.Spoken != tt.spoken {
					t.Errorf("Spans(%q): %q reads %q, want %q", tt.in, s.Written, s.Spoken, tt.spoken)
				}
			}
		}
		if !found {
			t.Errorf("Spans(%q): no span for %q: %+v", tt.in, tt.written, n.Spans(tt.in))
		}
	}
}

func TestSyllables(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"Ký thay Chủ tịch", 4},
		{"không chín một hai, ba bốn năm, sáu bảy tám", 10},
		{"  a  ,  b . ", 2},
		{"... ( ) ,", 0},
		{"5 người", 2},
		{"một\nhai", 2},
	}
	for _, tt := range tests {
		if got := Syllables(tt.in); got != tt.want {
			t.Errorf("Syllables(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	in := "Kính thưa bà con. Hôm nay có gì?! Xin cảm ơn…\nDòng mới không dấu chấm\n\n. ,"
	got := Sentences(in)
	want := []Sentence{
		{Text: "Kính thưa bà con.", Syllables: 4},
		{Text: "Hôm nay có gì?!", Syllables: 4},
		{Text: "Xin cảm ơn…", Syllables: 3},
		{Text: "Dòng mới không dấu chấm", Syllables: 5},
	}
	if len(got) != len(want) {
		t.Fatalf("Sentences = %+v, want %d sentences", got, len(want))
	}
	for i := range want {
		if got[i].Text != want[i].Text || got[i].Syllables != want[i].Syllables {
			t.Errorf("sentence %d = %+v, want %+v", i, got[i], want[i])
		}
		if in[got[i].Start:got[i].End] != got[i].Text {
			t.Errorf("sentence %d offsets %d:%d give %q", i, got[i].Start, got[i].End, in[got[i].Start:got[i].End])
		}
	}
}

func TestLongSentences(t *testing.T) {
	long := strings.Repeat("một ", 51) + "hai."
	in := "Câu ngắn. " + long + " Câu ngắn nữa."
	got := LongSentences(in, 0)
	if len(got) != 1 || got[0].Syllables != 52 {
		t.Fatalf("LongSentences = %+v, want the one sentence of 52 syllables", got)
	}
	if got := LongSentences(in, 60); len(got) != 0 {
		t.Errorf("LongSentences(limit 60) = %+v, want none", got)
	}
	if got := LongSentences(in, 2); len(got) != 2 {
		t.Errorf("LongSentences(limit 2) = %d sentences, want 2", len(got))
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Bắc Kạn":              "bac kan",
		"ĐƯỜNG DÂY NÓNG":       "duong day nong",
		"Việt Nam":             "viet nam",
		"Vie\u0323\u0302t":     "viet",
		"Thủy Ủy hòa hoà":      "thuy uy hoa hoa",
		"abc-123":              "abc-123",
		"Ελλάδα":               "ελλαδα",
		"Nguyễn Thị Minh Khai": "nguyen thi minh khai",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNFC(t *testing.T) {
	tests := map[string]string{
		"Vie\u0323\u0302t": "Việt",
		"Việt":             "Việt",
		"a\xffb":           "a\uFFFDb",
		"o\u031b\u0301":    "ớ",
		"":                 "",
	}
	for in, want := range tests {
		if got := NFC(in); got != want {
			t.Errorf("NFC(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSyllableRecognizer(t *testing.T) {
	valid := []string{"nghiêng", "khuya", "khuỷu", "giếng", "gì", "quốc", "quyển", "xoong", "hoẵng", "thuở", "rượu", "Việt", "ĐƯỜNG", "gửi", "quýt", "Huỳnh", "ạ", "oai"}
	invalid := []string{"", "Th«ng", "thoâng", "bát́", "hòà", "cáṕ", "tốpp", "xyz", "abcdefgh", "Deepfake", "bạc̣", "chè̀", "hát1"}
	for _, w := range valid {
		if !isSyllable(w) {
			t.Errorf("isSyllable(%q) = false", w)
		}
	}
	for _, w := range invalid {
		if isSyllable(w) {
			t.Errorf("isSyllable(%q) = true", w)
		}
	}
	// Stops take only the sắc and nặng tones.
	for _, w := range []string{"bàt", "hảp", "cũc", "sỉch"} {
		if isSyllable(w) {
			t.Errorf("isSyllable(%q) = true, but a stop takes only sắc or nặng", w)
		}
	}
}

// TestConcurrentUse shares one Normalizer between goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	n := newNormalizer(t, Options{})
	want := make([]string, len(casesTable))
	for i, c := range casesTable {
		want[i] = n.Normalize(c.in)
	}
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for k := range casesTable {
				i := (k + g*37) % len(casesTable)
				if got := n.Normalize(casesTable[i].in); got != want[i] {
					errs <- casesTable[i].name
					return
				}
				_ = n.Spans(casesTable[i].in)
			}
			errs <- ""
		}(g)
	}
	for g := 0; g < 4; g++ {
		if name := <-errs; name != "" {
			t.Errorf("concurrent Normalize differs on %s", name)
		}
	}
}
