package vntext

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Dialect selects the regional reading of numbers.
type Dialect string

const (
	// Northern is the default broadcast norm: "linh" (105 → một trăm linh năm), "nghìn".
	Northern Dialect = "bac"
	// Southern reads "lẻ" (một trăm lẻ năm) and "ngàn".
	Southern Dialect = "nam"
)

// TonePlacement selects where the tone mark goes in open syllables with oa, oe, uy.
type TonePlacement string

const (
	// ToneTraditional writes hòa, khỏe, thủy, Ủy ban: the placement of the project's
	// reference cases, of most newspapers and of government letterheads. It is often
	// called the "old" style (kiểu cũ). Default.
	ToneTraditional TonePlacement = "traditional"
	// ToneNew writes hoà, khoẻ, thuỷ, Uỷ ban: the placement taught by the 1980s school
	// rules, often called the "new" style (kiểu mới).
	ToneNew TonePlacement = "new"
)

// Options configures a Normalizer. The zero value is the northern broadcast norm.
type Options struct {
	Dialect Dialect // "bac" (default) or "nam"
	// Abbreviations adds or overrides written → spoken forms ("UBND" → "Ủy ban nhân dân").
	// Keys start with a letter and are matched case-sensitively; an overriding key
	// replaces every built-in reading of that key, conditions included.
	Abbreviations map[string]string
	// Words adds domain words written without tones or spaces in web and e-mail
	// addresses ("khonggianmang" → "không gian mạng"). Keys are folded (see Fold)
	// and must then be ASCII letters and digits.
	Words map[string]string
	// TonePlacement of the output: ToneTraditional (default) or ToneNew.
	TonePlacement TonePlacement
	// DayPrefix is the word before days 1–10 of a date: "mùng" (default, as the
	// reference cases read "ngày mùng bốn") or "mồng" (the older northern spelling).
	DayPrefix string
	// PlainFour reads a final 4 after "mươi" as "bốn" (hai mươi bốn) instead of the
	// default "tư" (hai mươi tư).
	PlainFour bool
}

// ErrBadOption is wrapped by every error New returns.
var ErrBadOption = errors.New("bad option")

// OptionError names the option, and the key within it, that New rejected.
type OptionError struct {
	Field  string // Dialect, TonePlacement, DayPrefix, Abbreviations or Words
	Key    string // the map key, when the field is a map
	Reason string
}

func (e *OptionError) Error() string {
	if e.Key != "" {
		return fmt.Sprintf("vntext: option %s[%q]: %s", e.Field, e.Key, e.Reason)
	}
	return fmt.Sprintf("vntext: option %s: %s", e.Field, e.Reason)
}

// Unwrap makes errors.Is(err, ErrBadOption) true.
func (e *OptionError) Unwrap() error { return ErrBadOption }

// Normalizer turns written Vietnamese into the form an announcer reads aloud.
// It is immutable after New and safe for concurrent use.
type Normalizer struct {
	dialect   Dialect
	placement TonePlacement
	dayPrefix string
	plainFour bool
	linh      string
	nghin     string

	abbr     map[string][]abbrEntry // by the first word of the written form
	words    map[string]string      // folded domain word → spoken
	wordMax  int                    // longest key of words, in bytes
	places   map[string]string      // folded, space-joined name → name
	placeMax int                    // most words in a place name
}

// New checks opts and builds a Normalizer.
func New(opts Options) (*Normalizer, error) {
	bd := loadBase()
	if bd.err != nil {
		return nil, bd.err
	}
	n := &Normalizer{
		dialect:   opts.Dialect,
		placement: opts.TonePlacement,
		dayPrefix: opts.DayPrefix,
		plainFour: opts.PlainFour,
	}
	switch n.dialect {
	case "":
		n.dialect = Northern
	case Northern, Southern:
	default:
		return nil, &OptionError{Field: "Dialect", Reason: fmt.Sprintf("%q is not %q or %q", opts.Dialect, Northern, Southern)}
	}
	switch n.placement {
	case "":
		n.placement = ToneTraditional
	case ToneTraditional, ToneNew:
	default:
		return nil, &OptionError{Field: "TonePlacement", Reason: fmt.Sprintf("%q is not %q or %q", opts.TonePlacement, ToneTraditional, ToneNew)}
	}
	switch NFC(n.dayPrefix) {
	case "":
		n.dayPrefix = "mùng"
	case "mùng", "mồng":
		n.dayPrefix = NFC(n.dayPrefix)
	default:
		return nil, &OptionError{Field: "DayPrefix", Reason: fmt.Sprintf("%q is not \"mùng\" or \"mồng\"", opts.DayPrefix)}
	}
	n.linh, n.nghin = "linh", "nghìn"
	if n.dialect == Southern {
		n.linh, n.nghin = "lẻ", "ngàn"
	}

	// Abbreviations: the caller's first, then the built-in ones they do not override.
	n.abbr = map[string][]abbrEntry{}
	userKeys := make([]string, 0, len(opts.Abbreviations))
	for k := range opts.Abbreviations {
		userKeys = append(userKeys, k)
	}
	sort.Strings(userKeys)
	overridden := map[string]bool{}
	var user []abbrEntry
	for _, k := range userKeys {
		v := opts.Abbreviations[k]
		if err := checkAbbrKey(k); err != nil {
			return nil, &OptionError{Field: "Abbreviations", Key: k, Reason: err.Error()}
		}
		if !utf8.ValidString(v) {
			return nil, &OptionError{Field: "Abbreviations", Key: k, Reason: "spoken form is not valid UTF-8"}
		}
		key := NFC(k)
		overridden[key] = true
		user = append(user, abbrEntry{key: key, spoken: strings.Join(strings.Fields(NFC(v)), " ")})
	}
	for _, e := range user {
		n.addAbbr(e)
	}
	for _, e := range bd.abbr {
		if !overridden[e.key] {
			n.addAbbr(e)
		}
	}
	for _, list := range n.abbr {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].key) > len(list[j].key) })
	}

	n.words = make(map[string]string, len(bd.words)+len(opts.Words))
	for k, v := range bd.words {
		n.words[k] = n.retone(v)
	}
	userWords := make([]string, 0, len(opts.Words))
	for k := range opts.Words {
		userWords = append(userWords, k)
	}
	sort.Strings(userWords)
	for _, k := range userWords {
		v := opts.Words[k]
		fk := strings.ReplaceAll(Fold(k), " ", "")
		if fk == "" || !isLowerAlnum(fk) {
			return nil, &OptionError{Field: "Words", Key: k, Reason: "key must fold to ASCII letters and digits"}
		}
		if !utf8.ValidString(v) || strings.TrimSpace(v) == "" {
			return nil, &OptionError{Field: "Words", Key: k, Reason: "spoken form is empty or not valid UTF-8"}
		}
		n.words[fk] = n.retone(strings.Join(strings.Fields(NFC(v)), " "))
	}
	for k := range n.words {
		if len(k) > n.wordMax {
			n.wordMax = len(k)
		}
	}
	n.places = bd.places
	n.placeMax = bd.placeMax

	// A written form must not be an ordinary word of spoken text ("tin"), or the
	// spoken form would be expanded again. And a spoken form must already be spoken:
	// reading it again changes nothing. Otherwise Normalize would not be idempotent.
	if len(user) > 0 {
		plain := *n
		plain.abbr = map[string][]abbrEntry{}
		for _, e := range bd.abbr {
			plain.addAbbr(e)
		}
		for _, e := range user {
			if plain.Normalize(e.key) == e.key {
				return nil, &OptionError{Field: "Abbreviations", Key: e.key, Reason: "written form is an ordinary word of spoken text"}
			}
		}
	}
	for _, e := range user {
		if got := n.Normalize(e.spoken); got != e.spoken {
			return nil, &OptionError{Field: "Abbreviations", Key: e.key, Reason: fmt.Sprintf("spoken form %q is not in spoken form (it reads as %q)", e.spoken, got)}
		}
	}
	for _, k := range userWords {
		v := n.words[strings.ReplaceAll(Fold(k), " ", "")]
		if got := n.Normalize(v); got != v {
			return nil, &OptionError{Field: "Words", Key: k, Reason: fmt.Sprintf("spoken form %q is not in spoken form (it reads as %q)", v, got)}
		}
	}
	return n, nil
}

// retone moves the tone marks of every word of s to the configured placement.
func (n *Normalizer) retone(s string) string {
	if n.placement == ToneTraditional && !strings.ContainsAny(s, "oOuU") {
		return s
	}
	var b strings.Builder
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			b.WriteString(placeTone(s[start:i], n.placement))
			start = -1
		}
		b.WriteRune(r)
	}
	if start >= 0 {
		b.WriteString(placeTone(s[start:], n.placement))
	}
	return b.String()
}

func (n *Normalizer) addAbbr(e abbrEntry) {
	e.spoken = n.retone(e.spoken)
	fw := firstWord(e.key)
	n.abbr[fw] = append(n.abbr[fw], e)
}

func checkAbbrKey(k string) error {
	if !utf8.ValidString(k) {
		return errors.New("not valid UTF-8")
	}
	if strings.TrimSpace(k) != k || k == "" {
		return errors.New("empty or with surrounding spaces")
	}
	r, _ := utf8.DecodeRuneInString(k)
	if !unicode.IsLetter(r) {
		return errors.New("must start with a letter")
	}
	if strings.ContainsAny(k, "\n\r\t") {
		return errors.New("contains a line break or tab")
	}
	return nil
}

// firstWord returns the leading run of letters of s.
func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			return s[:i]
		}
	}
	return s
}

func isLowerAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
