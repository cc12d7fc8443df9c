package vntext

import (
	"strings"
)

var digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// groupNames name the powers of a thousand: nghìn, triệu, tỷ, then nghìn tỷ, triệu tỷ, tỷ tỷ.
var groupNames = [7]string{"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"}

// maxCardinalDigits is the longest number read as a quantity; longer runs of digits
// are read digit by digit.
const maxCardinalDigits = 18

// digitsSpoken reads every digit: "0912" → "không chín một hai".
func digitsSpoken(d string) string {
	var b strings.Builder
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(digitWords[d[i]-'0'])
	}
	return b.String()
}

// cardinal reads a string of ASCII digits as a whole number.
//
// Rules (northern broadcast norm): 10 mười, 15 mười lăm, 21 hai mươi mốt, 24 hai mươi
// tư, 25 hai mươi lăm, 105 một trăm linh năm, 1.005 một nghìn không trăm linh năm,
// 2024 hai nghìn không trăm hai mươi tư. A group of three digits after a non-zero
// higher group is read in full (không trăm, linh); a group that is all zeros is
// skipped (1.000.005 một triệu không trăm linh năm).
func (n *Normalizer) cardinal(d string) string {
	d = strings.TrimLeft(d, "0")
	if d == "" {
		return digitWords[0]
	}
	if len(d) > maxCardinalDigits {
		return digitsSpoken(d)
	}
	var words []string
	ngroups := (len(d) + 2) / 3
	first := len(d) - (ngroups-1)*3
	leading := true
	for g := 0; g < ngroups; g++ {
		var part string
		if g == 0 {
			part = d[:first]
		} else {
			part = d[first+(g-1)*3 : first+g*3]
		}
		for len(part) < 3 {
			part = "0" + part
		}
		h, t, u := int(part[0]-'0'), int(part[1]-'0'), int(part[2]-'0')
		if h == 0 && t == 0 && u == 0 {
			continue
		}
		words = n.group3(words, h, t, u, !leading)
		leading = false
		idx := ngroups - 1 - g
		if idx > 0 {
			name := groupNames[idx]
			if n.dialect == Southern {
				name = strings.ReplaceAll(name, "nghìn", "ngàn")
			}
			words = append(words, name)
		}
	}
	return strings.Join(words, " ")
}

// group3 appends the reading of one group of three digits. full is true when a
// higher group precedes it, so that its hundreds and "linh" are spoken.
func (n *Normalizer) group3(words []string, h, t, u int, full bool) []string {
	if h > 0 || full {
		words = append(words, digitWords[h], "trăm")
	}
	switch t {
	case 0:
		if u > 0 {
			if h > 0 || full {
				words = append(words, n.linh)
			}
			words = append(words, digitWords[u])
		}
	case 1:
		// 14 is "mười bốn": "mười tư" is colloquial and not the broadcast norm.
		words = append(words, "mười")
		switch u {
		case 0:
		case 5:
			words = append(words, "lăm")
		default:
			words = append(words, digitWords[u])
		}
	default:
		words = append(words, digitWords[t], "mươi")
		switch u {
		case 0:
		case 1:
			words = append(words, "mốt")
		case 4:
			if n.plainFour {
				words = append(words, "bốn")
			} else {
				words = append(words, "tư")
			}
		case 5:
			words = append(words, "lăm")
		default:
			words = append(words, digitWords[u])
		}
	}
	return words
}

// decimal reads "5,3" → "năm phẩy ba", "3,25" → "ba phẩy hai mươi lăm",
// "0,05" → "không phẩy không năm". Fractions of more than three digits are read
// digit by digit.
func (n *Normalizer) decimal(intPart, frac string) string {
	return n.cardinal(intPart) + " phẩy " + n.fraction(frac)
}

func (n *Normalizer) fraction(frac string) string {
	var words []string
	i := 0
	for i < len(frac)-1 && frac[i] == '0' {
		words = append(words, digitWords[0])
		i++
	}
	rest := frac[i:]
	if len(rest) <= 3 {
		words = append(words, n.cardinal(rest))
	} else {
		words = append(words, digitsSpoken(rest))
	}
	return strings.Join(words, " ")
}

// ordinal reads the number after "thứ": thứ nhất, thứ tư, thứ hai mươi tư.
func (n *Normalizer) ordinal(d string) string {
	switch strings.TrimLeft(d, "0") {
	case "1":
		return "nhất"
	case "4":
		return "tư"
	}
	return n.cardinal(d)
}

// month reads the month number: tháng tư for 4, otherwise the cardinal. Month 1
// is "tháng một" (the solar calendar; "tháng Giêng" names the lunar first month).
func (n *Normalizer) month(m int) string {
	if m == 4 {
		return "tư"
	}
	return n.cardinal(itoa(m))
}

// day reads a day of the month: mùng bốn for 1–10, otherwise the cardinal.
func (n *Normalizer) day(d int) string {
	if d >= 1 && d <= 10 {
		return n.dayPrefix + " " + n.cardinal(itoa(d))
	}
	return n.cardinal(itoa(d))
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := v < 0
	if neg {
		v = -v
	}
	for v > 0 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// atoi parses up to 9 ASCII digits; ok is false otherwise.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// romanValue parses a Roman numeral in canonical form (I … MMMCMXCIX).
func romanValue(s string) (int, bool) {
	if s == "" || len(s) > 15 {
		return 0, false
	}
	val := func(c byte) int {
		switch c {
		case 'I':
			return 1
		case 'V':
			return 5
		case 'X':
			return 10
		case 'L':
			return 50
		case 'C':
			return 100
		case 'D':
			return 500
		case 'M':
			return 1000
		}
		return 0
	}
	total := 0
	for i := 0; i < len(s); i++ {
		v := val(s[i])
		if v == 0 {
			return 0, false
		}
		if i+1 < len(s) && val(s[i+1]) > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 4000 || toRoman(total) != s {
		return 0, false
	}
	return total, true
}

func toRoman(v int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, x := range vals {
		for v >= x {
			b.WriteString(syms[i])
			v -= x
		}
	}
	return b.String()
}
