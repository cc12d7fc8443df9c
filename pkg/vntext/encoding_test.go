package vntext

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// needTool returns the path of an outside tool, skipping the test when it is
// missing — except under CI=true, where a missing tool fails the test.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return path
}

// exampleLetter returns the example letter, or the excerpt kept in the tests.
func exampleLetter(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(letterPath)
	if err != nil {
		t.Logf("example letter not available (%v): using the excerpt", err)
		return letterFallback
	}
	return string(b)
}

// asWindows1252 shows legacy bytes the way a .VnTime or VNI-Times document shows
// them once copied out as Unicode: each byte as its Windows-1252 character.
// The five bytes Windows-1252 leaves undefined come out as the C1 controls of the
// same value, as Windows does.
func asWindows1252(t *testing.T, b []byte) string {
	t.Helper()
	var sb strings.Builder
	for _, c := range b {
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c)
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

func TestTCVN3Table(t *testing.T) {
	if len(tcvn3High) != 128 {
		t.Fatalf("TCVN3 table has %d entries, want 128", len(tcvn3High))
	}
	seen := map[rune]int{}
	for i, r := range tcvn3High {
		if prev, ok := seen[r]; ok {
			t.Errorf("U+%04X at 0x%02X and 0x%02X", r, prev, 0x80+i)
		}
		seen[r] = 0x80 + i
	}
	// All 134 Vietnamese letters (67 pairs) have a code.
	letters := 0
	for _, row := range vowelRows {
		for _, r := range row {
			for _, c := range []rune{r, []rune(strings.ToUpper(string(r)))[0]} {
				letters++
				if _, ok := tcvn3Enc[c]; !ok && c >= 0x80 {
					t.Errorf("%q has no TCVN3 code", c)
				}
			}
		}
	}
	if letters != 144 {
		t.Errorf("counted %d vowel letters, want 144", letters)
	}
}

// TestLetterRoundTrip encodes the example letter in every legacy encoding, decodes
// it back and checks it is the identical text, and that Normalize reads each copy
// the same.
func TestLetterRoundTrip(t *testing.T) {
	letter := NFC(exampleLetter(t))
	n := newNormalizer(t, Options{})
	want := n.Normalize(letter)
	for _, enc := range []Encoding{TCVN3, VNI, VIQR, Windows1258, UTF16LE, UTF16BE, UTF8} {
		t.Run(string(enc), func(t *testing.T) {
			b, err := Encode(letter, enc)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			got, gotEnc, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if gotEnc != enc {
				t.Errorf("Decode found %s, want %s", gotEnc, enc)
			}
			if got != letter {
				t.Errorf("Decode(Encode(letter, %s)) differs from the letter:\n%s", enc, firstDiff(got, letter))
			}
			if n.Normalize(got) != want {
				t.Errorf("Normalize of the %s copy differs", enc)
			}
			if enc == TCVN3 || enc == VNI {
				// The same bytes pasted as text (each byte a Windows-1252 character):
				// Normalize repairs every line on its own.
				pasted := asWindows1252(t, b)
				if got := n.Normalize(pasted); got != want {
					t.Errorf("Normalize of the %s text pasted as Windows-1252 differs:\n%s", enc, firstDiff(got, want))
				}
			}
			if enc == VIQR {
				if got := n.Normalize(string(b)); got != want {
					t.Errorf("Normalize of the VIQR text differs:\n%s", firstDiff(got, want))
				}
			}
		})
	}
}

// firstDiff describes the first line where a and b differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "line " + itoa(i+1) + ":\n got  " + la[i] + "\n want " + lb[i]
		}
	}
	return "line counts " + itoa(len(la)) + " and " + itoa(len(lb))
}

func TestDecode(t *testing.T) {
	const vi = "Cảnh giác với thủ đoạn lừa đảo qua mạng, gọi ngay cho công an."
	mustEncode := func(s string, enc Encoding) []byte {
		b, err := Encode(s, enc)
		if err != nil {
			t.Fatalf("Encode(%s): %v", enc, err)
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
		want string
		enc  Encoding
	}{
		{"empty", nil, "", UTF8},
		{"utf8-nfc", []byte(vi), vi, UTF8},
		{"utf8-nfd", []byte(norm.NFD.String(vi)), vi, UTF8},
		{"utf8-bom", append([]byte{0xEF, 0xBB, 0xBF}, vi...), vi, UTF8},
		{"ascii-english", []byte("Hello, world. Is it ok? Yes (really)."), "Hello, world. Is it ok? Yes (really).", UTF8},
		{"ascii-contractions", []byte("We're here, they'll come, she's fine."), "We're here, they'll come, she's fine.", UTF8},
		{"ascii-unaccented", []byte("Canh giac voi thu doan lua dao."), "Canh giac voi thu doan lua dao.", UTF8},
		{"utf16le-bom", mustEncode(vi, UTF16LE), vi, UTF16LE},
		{"utf16be-bom", mustEncode(vi, UTF16BE), vi, UTF16BE},
		{"utf16le-no-bom", mustEncode(vi, UTF16LE)[2:], vi, UTF16LE},
		{"utf16be-no-bom", mustEncode(vi, UTF16BE)[2:], vi, UTF16BE},
		{"windows-1258", mustEncode(vi, Windows1258), vi, Windows1258},
		{"tcvn3", mustEncode(vi, TCVN3), vi, TCVN3},
		{"vni", mustEncode(vi, VNI), vi, VNI},
		{"viqr", mustEncode(vi, VIQR), vi, VIQR},
		{"viqr-hand-typed", []byte("Vie^.t Nam ddi le^n. Ba.n kho?e kho^ng?"), "Việt Nam đi lên. Bạn khỏe không?", VIQR},
		{"tcvn3-pasted", []byte("Th«ng b¸o khÈn cÊp"), "Thông báo khẩn cấp", TCVN3},
		{"vni-pasted", []byte("Thoâng baùo khaån caáp"), "Thông báo khẩn cấp", VNI},
		{"tcvn3-capitals-and-quotes", mustEncode("“CỘNG HÒA” và ‘Ủy ban’", TCVN3), "“CỘNG HÒA” và ‘Ủy ban’", TCVN3},
		{"tcvn3-vnTimeH-lowercase-codes", []byte{'C', 0xE9, 'N', 'G', ' ', 'H', 'O', 0xB5}, "CộNG HOà", TCVN3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := Decode(tt.in)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got != tt.want || enc != tt.enc {
				t.Errorf("Decode = %q, %s; want %q, %s", got, enc, tt.want, tt.enc)
			}
		})
	}
}

func TestDecodeNotText(t *testing.T) {
	tests := map[string][]byte{
		"png":      append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...),
		"pdf":      []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
		"zip":      []byte("PK\x03\x04\x14\x00\x06\x00"),
		"nul":      []byte("abc\x00\x01\x02\x03def\xff"),
		"controls": bytes.Repeat([]byte{0x07, 'a', 0x08, 0x1B}, 40),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			s, enc, err := Decode(b)
			if !errors.Is(err, ErrNotText) {
				t.Fatalf("Decode = %q, %q, %v; want ErrNotText", s, enc, err)
			}
		})
	}
}

func TestDecodeAs(t *testing.T) {
	const vi = "Ủy ban nhân dân thành phố Bắc Kạn"
	for _, enc := range []Encoding{UTF8, UTF16LE, UTF16BE, Windows1258, TCVN3, VNI, VIQR} {
		b, err := Encode(vi, enc)
		if err != nil {
			t.Fatalf("Encode %s: %v", enc, err)
		}
		got, err := DecodeAs(b, enc)
		if err != nil || got != vi {
			t.Errorf("DecodeAs(%s) = %q, %v; want %q", enc, got, err, vi)
		}
	}
	if _, err := DecodeAs([]byte("x"), "koi8"); err == nil {
		t.Error("DecodeAs with an unknown encoding: no error")
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		in  string
		enc Encoding
	}{
		{"中文", TCVN3},
		{"中文", VNI},
		{"ü", VNI},   // its byte is a VNI mark
		{"«", TCVN3}, // its byte is ô in TCVN3
		{"中文", Windows1258},
		{"x", "koi8"},
	}
	for _, tt := range tests {
		if _, err := Encode(tt.in, tt.enc); !errors.Is(err, ErrUnencodable) {
			t.Errorf("Encode(%q, %s) error = %v, want ErrUnencodable", tt.in, tt.enc, err)
		}
	}
	_, err := Encode("abc 中", TCVN3)
	if err == nil || !strings.Contains(err.Error(), "byte 4") {
		t.Errorf("error %v does not name the position", err)
	}
}

// TestTCVN3AgainstIconv checks the TCVN3 table against glibc's TCVN5712-1.
func TestTCVN3AgainstIconv(t *testing.T) {
	iconv := needTool(t, "iconv")
	var text strings.Builder
	for _, row := range vowelRows {
		text.WriteString(row + " " + strings.ToUpper(row) + " ")
	}
	text.WriteString("đĐ Thông báo khẩn: Ủy ban nhân dân tỉnh Bắc Kạn")
	b, err := Encode(text.String(), TCVN3)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(iconv, "-f", "TCVN5712-1", "-t", "UTF-8")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("iconv has no TCVN5712-1 here: %v", err)
	}
	if got := NFC(string(out)); got != text.String() {
		t.Errorf("iconv decodes our TCVN3 as\n%s\nwant\n%s", got, text.String())
	}
}

// TestWindows1258AgainstIconv checks the Windows-1258 encoder against glibc.
func TestWindows1258AgainstIconv(t *testing.T) {
	iconv := needTool(t, "iconv")
	text := NFC(exampleLetter(t))
	b, err := Encode(text, Windows1258)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(iconv, "-f", "WINDOWS-1258", "-t", "UTF-8")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("iconv has no WINDOWS-1258 here: %v", err)
	}
	if got := NFC(string(out)); got != text {
		t.Errorf("iconv decodes our Windows-1258 differently:\n%s", firstDiff(got, text))
	}
}
