package vntext

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed abbreviations.tsv
var abbreviationsTSV string

//go:embed words.tsv
var wordsTSV string

//go:embed places.txt
var placesTXT string

type abbrCond uint8

const (
	condAlways abbrCond = iota
	condBeforeNumber
	condBeforeTitle
	condBeforeName
	condIssuer
)

type abbrEntry struct {
	key    string
	spoken string
	when   abbrCond
}

type baseData struct {
	abbr     []abbrEntry
	words    map[string]string
	places   map[string]string
	placeMax int
	err      error
}

var loadBase = sync.OnceValue(func() *baseData {
	bd := &baseData{words: map[string]string{}, places: map[string]string{}}
	for i, line := range strings.Split(abbreviationsTSV, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || len(cols) > 3 || checkAbbrKey(cols[0]) != nil {
			bd.err = fmt.Errorf("vntext: abbreviations.tsv line %d: %q: %w", i+1, line, ErrBadOption)
			return bd
		}
		e := abbrEntry{key: NFC(cols[0]), spoken: NFC(cols[1])}
		if len(cols) == 3 {
			switch cols[2] {
			case "":
			case "before-number":
				e.when = condBeforeNumber
			case "before-title":
				e.when = condBeforeTitle
			case "before-name":
				e.when = condBeforeName
			case "issuer":
				e.when = condIssuer
			default:
				bd.err = fmt.Errorf("vntext: abbreviations.tsv line %d: unknown condition %q: %w", i+1, cols[2], ErrBadOption)
				return bd
			}
		}
		bd.abbr = append(bd.abbr, e)
	}
	for i, line := range strings.Split(wordsTSV, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 2 || !isLowerAlnum(cols[0]) {
			bd.err = fmt.Errorf("vntext: words.tsv line %d: %q: %w", i+1, line, ErrBadOption)
			return bd
		}
		bd.words[cols[0]] = NFC(cols[1])
	}
	for _, line := range strings.Split(placesTXT, "\n") {
		line = NFC(strings.TrimSpace(line))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var words []string
		for _, f := range strings.Fields(line) {
			if f != "-" {
				words = append(words, f)
			}
		}
		key := Fold(strings.Join(words, " "))
		bd.places[key] = strings.Join(words, " ")
		if len(words) > bd.placeMax {
			bd.placeMax = len(words)
		}
		joined := strings.ReplaceAll(key, " ", "")
		if _, ok := bd.words[joined]; !ok {
			bd.words[joined] = strings.ToLower(strings.Join(words, " "))
		}
	}
	return bd
})

// letterNames are the names of the Latin letters as read in acronyms (northern
// broadcast usage: VTV → vê tê vê, SMS → ét em ét, OTP → ô tê pê). Disputed ones:
// O is "ô" (as in OTP, VOV), L and R are "e lờ" and "e rờ" (the alphabet names; "lờ"
// alone is colloquial), X is "ích" (the "ích xì" of the alphabet chant is longer than
// acronyms are read), Y is "i dài", G "giê", J "gi", F "ép", W "vê kép", Z "dét".
var letterNames = map[rune]string{
	'a': "a", 'b': "bê", 'c': "xê", 'd': "dê", 'đ': "đê", 'e': "e", 'f': "ép", 'g': "giê",
	'h': "hát", 'i': "i", 'j': "gi", 'k': "ca", 'l': "e lờ", 'm': "em", 'n': "en", 'o': "ô",
	'p': "pê", 'q': "quy", 'r': "e rờ", 's': "ét", 't': "tê", 'u': "u", 'v': "vê",
	'w': "vê kép", 'x': "ích", 'y': "i dài", 'z': "dét",
	'ă': "á", 'â': "ớ", 'ê': "ê", 'ô': "ô", 'ơ': "ơ", 'ư': "ư",
}

// domainParts are the fixed parts of web addresses.
var domainParts = map[string]string{
	"www": "vê kép vê kép vê kép", "vn": "vê en", "gov": "gốp", "com": "com", "net": "nét",
	"org": "o rờ gờ", "edu": "ê đu", "info": "in phô", "io": "i o", "tv": "tê vê",
	"biz": "bít", "int": "in", "mobi": "mô bi", "asia": "a xi a", "app": "áp",
	"online": "on lai", "html": "hát tê em e lờ", "htm": "hát tê em", "php": "pê hát pê",
	"pdf": "pê đê ép", "news": "niu", "email": "i meo", "mail": "meo",
}

// topLevelDomains accepted for addresses written without http:// or www.
var topLevelDomains = map[string]bool{
	"vn": true, "com": true, "net": true, "org": true, "gov": true, "edu": true,
	"info": true, "io": true, "biz": true, "asia": true, "app": true, "tv": true,
	"online": true, "site": true, "xyz": true, "top": true, "dev": true, "mobi": true,
	"int": true, "us": true, "uk": true, "jp": true, "cn": true, "kr": true, "fr": true,
	"de": true, "sg": true, "la": true, "kh": true, "news": true, "shop": true, "link": true,
	"store": true, "tech": true, "cloud": true, "club": true, "pro": true, "me": true,
}

// units after a number; spoken forms of the international symbols.
var units = map[string]string{
	"km": "ki lô mét", "m": "mét", "cm": "xăng ti mét", "mm": "mi li mét", "dm": "đề xi mét",
	"µm": "mi crô mét", "nm": "na nô mét",
	"kg": "ki lô gam", "g": "gam", "mg": "mi li gam", "µg": "mi crô gam",
	"ha": "héc ta", "l": "lít", "ml": "mi li lít",
	"GB": "ghi ga bai", "MB": "mê ga bai", "KB": "ki lô bai", "kB": "ki lô bai", "TB": "tê ra bai",
	"Gb": "ghi ga bít", "Mb": "mê ga bít",
	"Mbps": "mê ga bít trên giây", "Kbps": "ki lô bít trên giây", "Gbps": "ghi ga bít trên giây",
	"Hz": "héc", "kHz": "ki lô héc", "MHz": "mê ga héc", "GHz": "ghi ga héc",
	"W": "oát", "kW": "ki lô oát", "MW": "mê ga oát", "kWh": "ki lô oát giờ", "MWh": "mê ga oát giờ",
	"V": "vôn", "kV": "ki lô vôn", "mAh": "mi li am pe giờ",
	"kcal": "ki lô ca lo", "cal": "ca lo", "mmHg": "mi li mét thủy ngân", "dB": "đề xi ben",
	"h": "giờ", "ph": "phút", "p": "phút", "s": "giây",
	"đ": "đồng", "₫": "đồng", "VNĐ": "đồng", "VND": "đồng", "vnđ": "đồng", "vnd": "đồng", "Đ": "đồng",
	"USD": "đô la Mỹ", "usd": "đô la Mỹ", "EUR": "ơ rô", "€": "ơ rô", "$": "đô la",
	"k": "nghìn", "K": "nghìn", "tr": "triệu",
}

// spacedUnits may stand after a space ("2 ha"); the others only directly after the digits.
var spacedUnits = map[string]bool{
	"km": true, "m": true, "cm": true, "mm": true, "dm": true, "kg": true, "g": true, "mg": true,
	"ha": true, "l": true, "ml": true, "GB": true, "MB": true, "KB": true, "kB": true, "TB": true,
	"Mbps": true, "Kbps": true, "Gbps": true, "Hz": true, "kHz": true, "MHz": true, "GHz": true,
	"W": true, "kW": true, "MW": true, "kWh": true, "MWh": true, "V": true, "kV": true, "mAh": true,
	"kcal": true, "mmHg": true, "dB": true,
	"đ": true, "₫": true, "VNĐ": true, "VND": true, "vnđ": true, "USD": true, "EUR": true, "€": true,
}

// currencyUnits take "một" before a per-unit ("20.000đ/kg" → "hai mươi nghìn đồng một ki lô gam").
var currencyUnits = map[string]bool{
	"đ": true, "₫": true, "VNĐ": true, "VND": true, "vnđ": true, "vnd": true, "Đ": true,
	"USD": true, "usd": true, "EUR": true, "€": true, "$": true, "đồng": true, "%": true,
}

// perWords may follow "/" after a unit ("đồng/tháng", "km/h").
var perWords = map[string]string{
	"tháng": "tháng", "năm": "năm", "ngày": "ngày", "người": "người", "lượt": "lượt",
	"giờ": "giờ", "tuần": "tuần", "hộ": "hộ", "suất": "suất", "lần": "lần", "phút": "phút",
	"giây": "giây", "con": "con", "cái": "cái", "chiếc": "chiếc", "bộ": "bộ", "xe": "xe",
	"km": "ki lô mét", "kg": "ki lô gam", "m": "mét", "l": "lít", "lít": "lít", "h": "giờ",
	"s": "giây", "ha": "héc ta", "tấn": "tấn", "g": "gam", "ml": "mi li lít",
}

// docTypes are the document-type parts of document codes (Nghị định 13/2023/NĐ-CP).
var docTypes = map[string]bool{
	"QĐ": true, "NQ": true, "CT": true, "TT": true, "TTLT": true, "NĐ": true, "KH": true,
	"TB": true, "BC": true, "TTr": true, "HD": true, "GM": true, "CV": true, "CĐ": true,
	"QC": true, "QyĐ": true, "QyC": true, "ĐA": true, "CTr": true, "KL": true, "PA": true,
	"BB": true, "HĐ": true, "GXN": true, "GCN": true, "GP": true, "GUQ": true, "PL": true,
	"SL": true, "VBHN": true, "NQLT": true, "QĐi": true, "L": true,
	"ĐK": true, "GGT": true, "PC": true, "KN": true, "TC": true, "HDLT": true,
}

// Words after which a number is a telephone number, read digit by digit.
var phoneContext = map[string]bool{
	"gọi": true, "thoại": true, "hotline": true, "nóng": true, "đài": true, "hệ": true,
	"nhắn": true, "fax": true, "zalo": true, "tel": true, "máy": true,
}

// Words after which a number is a code, read digit by digit.
var codeContext = map[string]bool{
	"mã": true, "otp": true, "pin": true, "khẩu": true, "stk": true,
	"hiệu": true, "cccd": true, "cmnd": true, "thuế": true,
}

// Words before a bare day/month (15/7) that make it a date rather than a fraction.
var dateContext = map[string]bool{
	"ngày": true, "sáng": true, "trưa": true, "chiều": true, "tối": true, "đêm": true,
	"hôm": true, "từ": true, "đến": true, "tới": true, "hạn": true, "trước": true,
	"sau": true, "vào": true, "mùng": true, "mồng": true, "nay": true, "lúc": true,
	"và": true, "hết": true, "đầu": true, "cuối": true,
}

// Words before a Roman numeral that make it a number (Chương II, Khóa XV, thế kỷ XXI).
var romanContext = map[string]bool{
	"chương": true, "mục": true, "phần": true, "khóa": true, "khoá": true, "thứ": true,
	"kỷ": true, "kỉ": true, "quý": true, "tập": true, "lục": true, "đề": true, "hội": true,
	"họp": true, "kỳ": true, "cấp": true, "loại": true, "hạng": true, "vùng": true,
	"khu": true, "đoạn": true, "đợt": true, "bài": true, "điều": true, "số": true,
	"nhóm": true, "tiết": true, "lớp": true, "bậc": true, "độ": true,
}

// Words that start a title, for "Q. Chủ tịch" (quyền, acting) against "Q. Ba Đình" (quận).
var titleWords = map[string]bool{
	"chủ": true, "giám": true, "trưởng": true, "phó": true, "chánh": true, "bộ": true,
	"hiệu": true, "tổng": true, "viện": true, "thủ": true, "bí": true, "cục": true,
	"vụ": true, "chỉ": true,
}

// Words before a score (thắng 2-1).
var scoreContext = map[string]bool{
	"thắng": true, "thua": true, "hòa": true, "hoà": true,
}
