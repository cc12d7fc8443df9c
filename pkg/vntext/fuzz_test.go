package vntext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fuzzSeeds are inputs that exercise every rule.
func fuzzSeeds() []string {
	seeds := []string{
		"", " ", "\n", "\r\n\r\n", "Th«ng b¸o", "Thoâng baùo", "Tho^ng ba'o", "Vie^.t Nam.",
		"Công văn số 907/STTTT-CNTT-BCVT ngày 03/7/2024",
		"gọi 113", "khonggianmang.vn", "5.000.000đ", "KT. CHỦ TỊCH", "<https://khonggianmang.vn/>",
		"-2,5°C", "7h30-11h30", "0912.345.678", "+84 912 345 678", "ngày 25-26/12", "3 - 5 ngày",
		"T2-CN", "Khóa XV", "stttt@backan.gov.vn", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Số: /UBND-VHTT", "1. Văn phòng", "thực hiện./.", "“Công nghệ Deepfake”", "a\u0301b\u0323",
		"\xff\xfe", "5%/năm", "20.000đ/kg", "mã OTP 123456", "Luật số 24/2018/QH14",
		"ddi ho.c", "1,2,3,4", "1.2.3.4.5.6", "---", "...", "./.", "(())", "$5", "#1", "~5",
		"9999999999999999999999", "0,0000001", "T7-T2", "CN - T2", "ngày 5 và 6", "I. II. III.",
	}
	for _, c := range casesTable {
		seeds = append(seeds, c.in)
	}
	return seeds
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	n, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	nam, err := New(Options{Dialect: Southern, TonePlacement: ToneNew})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, nz := range []*Normalizer{n, nam} {
			out := nz.Normalize(in)
			if !utf8.ValidString(out) {
				t.Fatalf("Normalize(%q) = %q: not valid UTF-8", in, out)
			}
			if !norm.NFC.IsNormalString(out) {
				t.Fatalf("Normalize(%q) = %q: not NFC", in, out)
			}
			if got, want := strings.Count(out, "\n"), strings.Count(in, "\n"); got != want {
				t.Fatalf("Normalize(%q) = %q: %d lines, want %d", in, out, got+1, want+1)
			}
			if again := nz.Normalize(out); again != out {
				t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", in, out, again)
			}
			spans := nz.Spans(in)
			last := 0
			for _, sp := range spans {
				if sp.Start < last || sp.End < sp.Start || sp.End > len(in) || in[sp.Start:sp.End] != sp.Written {
					t.Fatalf("Spans(%q): bad span %+v after offset %d", in, sp, last)
				}
				last = sp.End
			}
			_ = Syllables(out)
			_ = Sentences(out)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Add([]byte{0xFF, 0xFE, 'a', 0, 0xD8})
	f.Add([]byte{0xFE, 0xFF, 0, 'a', 0xD8, 0})
	f.Add([]byte{0xAB, 0xB8, 0x93, 0x94, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, enc, err := Decode(b)
		if err != nil {
			if s != "" || enc != "" {
				t.Fatalf("Decode(%q) returned %q, %q with error %v", b, s, enc, err)
			}
			return
		}
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
			t.Fatalf("Decode(%q) = %q (%s): not valid NFC UTF-8", b, s, enc)
		}
		if enc == "" {
			t.Fatalf("Decode(%q): no encoding reported", b)
		}
	})
}

func FuzzEncodeDecode(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		in = NFC(in)
		for _, enc := range []Encoding{TCVN3, VNI, VIQR} {
			b, err := Encode(in, enc)
			if err != nil {
				continue // not every character has a place in every encoding
			}
			got, err := DecodeAs(b, enc)
			if err != nil {
				t.Fatalf("decode %s of %q: %v", enc, in, err)
			}
			if got != in && roundTrips(in) && (enc != TCVN3 || !tcvn3Ambiguous(in)) && (enc != VIQR || !viqrAmbiguous(in)) {
				t.Fatalf("%s round trip of %q gave %q", enc, in, got)
			}
		}
	})
}

// roundTrips reports whether in is text whose legacy encodings are unambiguous:
// words of Vietnamese letters, spaces and common punctuation. (A TCVN3 capital
// letter next to “ in the byte range both share, or VIQR text with lone marks,
// can decode differently.)
func roundTrips(in string) bool {
	for _, r := range in {
		if r >= 0x80 {
			if li := letter(r); !li.ok {
				return false
			}
			continue
		}
		if !(r == ' ' || r == '\n' || isAlnumByte(byte(r)) || strings.ContainsRune(",;:!()", r)) {
			return false
		}
	}
	return true
}

// tcvn3Ambiguous reports whether in has a word that is not a syllable and holds a
// capital whose TCVN3 code is also Windows-1252 punctuation (Ủ is 0x9E, like ž): the
// decoder reads such a byte as a letter only inside a syllable.
func tcvn3Ambiguous(in string) bool {
	for _, w := range strings.FieldsFunc(in, func(r rune) bool { return !isLetterOrMark(r) }) {
		for _, r := range w {
			if b, ok := tcvn3Enc[r]; ok && b >= 0x80 && b < 0xA0 && cp1252[b-0x80] != 0 && !isSyllable(w) {
				return true
			}
		}
	}
	return false
}

// viqrAmbiguous reports whether in has a đ that VIQR cannot write: "dd" means đ only
// at the start of a word, or as DD after a capital (HĐND).
func viqrAmbiguous(in string) bool {
	var prev rune
	for _, r := range in {
		if (r == 'đ' || r == 'Đ') && isLetterOrMark(prev) && !(r == 'Đ' && prev >= 'A' && prev <= 'Z') {
			return true
		}
		prev = r
	}
	return false
}
