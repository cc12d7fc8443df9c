package letter

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"loa/pkg/vntext"
)

// Headers write the issuing body in capitals. Vietnamese usage (Nghị định
// 30/2020/NĐ-CP, Phụ lục II) capitalizes the first letter of a body's name,
// the first letter of each part of an agency's own name ("Sở Thông tin và
// Truyền thông") and every word of a place name ("thành phố Bắc Kạn"); the
// kind of administrative unit before a place stays in lower case.

// agencyKinds start a name whose parts are capitalized: "Sở Tài chính",
// "Phòng Văn hóa và Thông tin". Folded, as sequences of words.
var agencyKinds = [][]string{
	{"so"}, {"bo"}, {"phong"}, {"cuc"}, {"chi", "cuc"}, {"vu"}, {"ban"}, {"trung", "tam"},
	{"vien"}, {"truong"}, {"hoi"}, {"tong", "cuc"},
}

// issuerKinds start an issuing body on a header line; a later header line
// that starts with one of these is the issuer, earlier lines its parent.
var issuerKinds = append([][]string{
	{"uy", "ban"}, {"ubnd"}, {"hoi", "dong"}, {"hdnd"}, {"cong", "an"}, {"van", "phong"},
	{"doan"}, {"thanh", "doan"}, {"toa", "an"}, {"vien", "kiem", "sat"}, {"kho", "bac"},
	{"chi", "nhanh"}, {"benh", "vien"}, {"bao", "hiem", "xa", "hoi"}, {"dang", "uy"},
}, agencyKinds...)

// acronyms stay in capitals even though they contain a vowel.
var acronyms = map[string]bool{
	"UBND": true, "UB": true, "UBMTTQ": true, "TP": true, "TP.": true, "TX": true, "TX.": true,
	"TT": true, "TT.": true, "VN": true, "BCĐ": true, "BCH": true, "CA": true,
}

// unitWord reports whether words[k:] starts with the kind of an
// administrative unit and returns how many words it takes.
func unitWord(words []string, k int) int {
	w := strings.ToLower(words[k])
	next := ""
	if k+1 < len(words) {
		next = strings.ToLower(words[k+1])
	}
	switch w {
	case "tỉnh", "huyện", "quận", "phường":
		return 1
	case "xã":
		if next == "hội" {
			return 0
		}
		return 1
	case "thành", "thị":
		if next == "phố" || next == "xã" || next == "trấn" {
			return 2
		}
	case "tp.", "tx.", "tt.", "tp", "tx":
		return 1
	}
	return 0
}

// properIssuer turns the header lines of an issuer into its name in normal
// case: ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ BẮC KẠN"] → "Ủy ban nhân dân thành phố Bắc Kạn";
// ["UBND TỈNH BẮC KẠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"] → "Sở Thông tin và
// Truyền thông tỉnh Bắc Kạn".
func properIssuer(lines []string) string {
	own := lines
	var parent []string
	for k := len(lines) - 1; k > 0; k-- {
		if startsWithKind(lines[k], issuerKinds) && !startsWithUnit(lines[k]) {
			own, parent = lines[k:], lines[:k]
			break
		}
	}
	name := properName(strings.Join(own, " "))
	if len(parent) > 0 && placeOf(name) == "" {
		if place := placeOf(properName(strings.Join(parent, " "))); place != "" {
			name += " " + place
		}
	}
	return name
}

func startsWithKind(s string, kinds [][]string) bool {
	return kindLen(strings.Fields(vntext.Fold(s)), 0, kinds) > 0
}

func startsWithUnit(s string) bool {
	w := strings.Fields(s)
	return len(w) > 0 && unitWord(w, 0) > 0
}

// kindLen returns how many words of folded[k:] form one of kinds.
func kindLen(folded []string, k int, kinds [][]string) int {
	best := 0
	for _, kind := range kinds {
		if k+len(kind) > len(folded) || len(kind) <= best {
			continue
		}
		ok := true
		for j, w := range kind {
			if folded[k+j] != w {
				ok = false
				break
			}
		}
		if ok {
			best = len(kind)
		}
	}
	return best
}

// placeOf returns the place part of a name in normal case: "tỉnh Bắc Kạn".
func placeOf(name string) string {
	words := strings.Fields(name)
	for k := range words {
		if unitWord(words, k) > 0 {
			return strings.Join(words[k:], " ")
		}
	}
	return ""
}

// properName cases one name written in capitals. Names already in mixed
// case only get their first letter raised.
func properName(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	if !isUpper(s) {
		return upperFirst(strings.Join(words, " "))
	}
	folded := strings.Fields(vntext.Fold(strings.Join(words, " ")))
	if len(folded) != len(words) {
		folded = nil
	}
	out := make([]string, len(words))
	const (
		plain = iota
		agency
		place
	)
	mode := plain
	capNext := true // capitalize the next word
	for k := 0; k < len(words); k++ {
		w := words[k]
		if n := unitWord(words, k); n > 0 {
			for j := 0; j < n; j++ {
				if isAcronym(words[k+j]) {
					out[k+j] = words[k+j]
					continue
				}
				out[k+j] = strings.ToLower(words[k+j])
				if k+j == 0 {
					out[0] = upperFirst(out[0])
				}
			}
			k += n - 1
			mode = place
			continue
		}
		if isAcronym(w) {
			out[k] = w
			capNext = false
			continue
		}
		lower := strings.ToLower(w)
		switch {
		case mode == place:
			out[k] = titleWord(w)
		case capNext:
			out[k] = titleWord(w)
			capNext = false
		default:
			out[k] = lower
		}
		if mode == plain && folded != nil {
			if n := kindLen(folded, k, agencyKinds); n > 0 && k == 0 {
				// The kind ("Sở", "Trung tâm") then the agency's own name.
				out[k] = titleWord(w)
				for j := 1; j < n; j++ {
					out[k+j] = strings.ToLower(words[k+j])
				}
				k += n - 1
				mode = agency
				capNext = true
				continue
			}
		}
		if mode == agency {
			if lower == "và" || strings.HasSuffix(w, ",") || w == "-" {
				if lower == "và" {
					out[k] = "và"
				}
				capNext = true
			}
		}
	}
	return strings.Join(out, " ")
}

// isAcronym reports a word written in capitals that is an abbreviation:
// one from the list, or one without any vowel (HĐND, MTTQ, CNTT).
func isAcronym(w string) bool {
	t := strings.Trim(w, ",;:()")
	if acronyms[t] {
		return true
	}
	if utf8.RuneCountInString(t) < 2 {
		return false
	}
	for _, r := range vntext.Fold(t) {
		if strings.ContainsRune("aeiouy", r) {
			return false
		}
	}
	return strings.IndexFunc(t, unicode.IsLetter) >= 0
}

// titleWord writes a word with a capital first letter and the rest in lower case.
func titleWord(w string) string { return upperFirst(strings.ToLower(w)) }

// upperFirst raises the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
