package letter

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"loa/pkg/vntext"
)

var utf8Name = string(vntext.UTF8)

// legacySafe replaces the few characters of the example that the 8-bit
// Vietnamese encodings do not have (curly quotes); none is in a field that
// checkExample compares exactly.
func legacySafe(s string) string {
	return strings.NewReplacer("“", `"`, "”", `"`, "…", "...").Replace(s)
}

func TestExampleInLegacyEncodings(t *testing.T) {
	text := legacySafe(string(readExample(t)))
	for _, enc := range []vntext.Encoding{vntext.TCVN3, vntext.VNI, vntext.Windows1258, vntext.UTF16LE, vntext.UTF16BE} {
		t.Run(string(enc), func(t *testing.T) {
			data, err := vntext.Encode(text, enc)
			if err != nil {
				t.Fatalf("vntext.Encode: %v", err)
			}
			if utf8Name == string(enc) || bytes.Equal(data, []byte(text)) {
				t.Fatal("encoding did not change the bytes")
			}
			l, err := Parse("legacy.txt", data)
			if err != nil {
				t.Fatal(err)
			}
			checkExample(t, l, string(enc))
		})
	}
}

// TestLegacyFontDOCX: a document typed in .VnTime (TCVN3) stores the TCVN3
// bytes as the Windows-1252 characters of the same codes.
func TestLegacyFontDOCX(t *testing.T) {
	text := legacySafe(string(readExample(t)))
	raw, err := vntext.Encode(text, vntext.TCVN3)
	if err != nil {
		t.Fatal(err)
	}
	// Each byte as its Windows-1252 character; the five codes Windows-1252
	// leaves undefined as the C1 control of the same value, as browsers and
	// Word read them.
	var mojibake strings.Builder
	for _, b := range raw {
		r := charmap.Windows1252.DecodeByte(b)
		if r == '\uFFFD' {
			r = rune(b)
		}
		mojibake.WriteRune(r)
	}
	var body strings.Builder
	for _, line := range strings.Split(mojibake.String(), "\n") {
		body.WriteString(para(line))
	}
	data := buildDOCX(t, document(body.String()))
	l, err := ParseDOCX("vntime.docx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	checkExample(t, l, string(vntext.TCVN3))
}
